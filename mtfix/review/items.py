"""The review items of a fix run: every issue, in the original document's offsets.

An item is what an editor decides on: a confident edit ``fix`` would apply, a suggestion it
left unapplied, or a flag without a fix. Model proposals are made on the text after the rule
edits; they are mapped back to the original offsets (a model proposal that overlaps a rule
edit cannot be decided on its own and is left out, with a count).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mtfix.document import Document, Edit, FixResult, Issue

EDIT, SUGGESTION, FLAG = "edit", "suggestion", "flag"


@dataclass(frozen=True)
class ReviewItem:
    """One decision point; ``id`` is stable for the same input, rules and options."""

    id: str
    segment: int
    start: int
    end: int
    old: str
    proposed: str | None
    kind: str
    category: str
    severity: str
    rule: str
    message: str
    confidence: float
    origin: str
    drop_segment: bool

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "segment": self.segment, "start": self.start, "end": self.end,
                "old": self.old, "proposed": self.proposed, "kind": self.kind,
                "category": self.category, "severity": self.severity, "rule": self.rule,
                "message": self.message, "confidence": round(self.confidence, 4),
                "origin": self.origin, "drop_segment": self.drop_segment}


@dataclass(frozen=True)
class ReviewSet:
    items: tuple[ReviewItem, ...]
    unmapped: int = 0  # model proposals that overlap a rule edit


def item_id(segment: int, start: int, end: int, rule: str) -> str:
    return f"s{segment}:{start}-{end}:{rule}"


def _applied_keys(edits: Sequence[Edit]) -> set[tuple[int, int, int, str, str]]:
    return {(e.segment, e.start, e.end, e.rule_id, e.origin) for e in edits}


def _shift(rule_edits: Sequence[Edit], start: int, end: int) -> tuple[int, int] | None:
    """Offsets in the rule-fixed segment -> original offsets; None when they touch an edit."""
    delta = 0
    for e in sorted(rule_edits, key=lambda e: e.start):
        new_start = e.start + delta
        new_end = new_start + len(e.new)
        empty = start == end or new_start == new_end
        if (start < new_end and new_start < end) or (empty and start <= new_end
                                                      and new_start <= end):
            return None
        if new_end > start:
            break
        delta += len(e.new) - (e.end - e.start)
    return start - delta, end - delta


def _make(issue: Issue, start: int, end: int, old: str, kind: str, seen: dict[str, int]
          ) -> ReviewItem:
    base = item_id(issue.segment, start, end, issue.rule_id)
    n = seen.get(base, 0)
    seen[base] = n + 1
    return ReviewItem(
        id=base if n == 0 else f"{base}#{n}", segment=issue.segment, start=start, end=end,
        old=old, proposed=issue.replacements[0] if issue.replacements else None, kind=kind,
        category=issue.category, severity=issue.severity.label, rule=issue.rule_id,
        message=issue.message, confidence=issue.confidence, origin=issue.origin,
        drop_segment=issue.drop_segment)


def review_items(result: FixResult) -> ReviewSet:
    """Every issue of ``result`` as a review item, sorted by segment and position."""
    applied = _applied_keys(result.edits)
    rule_edits: dict[int, list[Edit]] = {}
    for e in result.edits:
        if e.origin != "model":
            rule_edits.setdefault(e.segment, []).append(e)
    original: Document = result.original
    out: list[tuple[int, int, int, Issue]] = []
    unmapped = 0
    for issue in result.issues:
        start, end = issue.start, issue.end
        if issue.origin == "model":
            mapped = _shift(rule_edits.get(issue.segment, []), start, end)
            if mapped is None:
                unmapped += 1
                continue
            start, end = mapped
        out.append((issue.segment, start, end, issue))
    out.sort(key=lambda t: (t[0], t[1], t[2], t[3].rule_id))
    seen: dict[str, int] = {}
    items = []
    for seg, start, end, issue in out:
        key = (issue.segment, issue.start, issue.end, issue.rule_id, issue.origin)
        kind = EDIT if key in applied else SUGGESTION if issue.replacements else FLAG
        old = original.segments[seg].text[start:end]
        items.append(_make(issue, start, end, old, kind, seen))
    return ReviewSet(items=tuple(items), unmapped=unmapped)
