"""The review items of a fix run: every issue, in the original document's offsets.

An item is what an editor decides on: a confident edit ``fix`` would apply, a suggestion it
left unapplied, or a flag without a fix. Model proposals are made on the text after the rule
edits; they are mapped back to the original offsets. A model proposal that overlaps rule
edits is widened to cover them: its old text is the original, its new text carries the rule
edits' new text, and ``covers`` names the rule items it includes (accepting it accepts them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from mtfix.document import Edit, FixResult, Issue

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
    covers: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "segment": self.segment, "start": self.start, "end": self.end,
               "old": self.old, "proposed": self.proposed, "kind": self.kind,
               "category": self.category, "severity": self.severity, "rule": self.rule,
               "message": self.message, "confidence": round(self.confidence, 4),
               "origin": self.origin, "drop_segment": self.drop_segment}
        if self.covers:
            out["covers"] = list(self.covers)
        return out


@dataclass(frozen=True)
class ReviewSet:
    items: tuple[ReviewItem, ...]


@dataclass(frozen=True)
class Mapped:
    """A model span in original offsets, its replacement there, and the rule edits inside."""

    start: int
    end: int
    new: str | None
    covered: tuple[Edit, ...]


@dataclass(frozen=True)
class _Piece:
    fixed_start: int
    fixed_end: int
    orig_start: int
    orig_end: int
    edit: Edit | None


def item_id(segment: int, start: int, end: int, rule: str) -> str:
    return f"s{segment}:{start}-{end}:{rule}"


def _pieces(rule_edits: Sequence[Edit]) -> list[_Piece]:
    """The rule-fixed segment as unchanged stretches and edit regions, with both offsets."""
    out: list[_Piece] = []
    orig = fixed = 0
    for e in sorted(rule_edits, key=lambda e: e.start):
        out.append(_Piece(fixed, fixed + e.start - orig, orig, e.start, None))
        fixed += e.start - orig
        out.append(_Piece(fixed, fixed + len(e.new), e.start, e.end, e))
        fixed += len(e.new)
        orig = e.end
    out.append(_Piece(fixed, 10**12, orig, 10**12, None))
    return out


def _touches(p: _Piece, s: int, e: int) -> bool:
    if p.fixed_start == p.fixed_end:  # a deletion: covered only strictly inside the span
        return s < p.fixed_start < e
    if s == e:  # an insertion inside or at the edge of an edit region
        return p.fixed_start <= s <= p.fixed_end
    return p.fixed_start < e and s < p.fixed_end


def to_original(rule_edits: Sequence[Edit], fixed_text: str, start: int, end: int,
                new: str | None) -> Mapped:
    """Map a span of the rule-fixed segment (and its replacement) to the original segment."""
    pieces = _pieces(rule_edits)
    covered = [p for p in pieces if p.edit is not None and _touches(p, start, end)]
    s = min([start, *(p.fixed_start for p in covered)])
    e = max([end, *(p.fixed_end for p in covered)])
    if covered and s == covered[0].fixed_start:
        orig_s = covered[0].orig_start
    else:  # the last unchanged stretch holding s (after a deletion at s)
        p = [p for p in pieces if p.edit is None and p.fixed_start <= s <= p.fixed_end][-1]
        orig_s = p.orig_start + s - p.fixed_start
    if covered and e == covered[-1].fixed_end:
        orig_e = covered[-1].orig_end
    else:  # the first unchanged stretch holding e (before a deletion at e)
        p = next(p for p in pieces if p.edit is None and p.fixed_start <= e <= p.fixed_end)
        orig_e = p.orig_start + e - p.fixed_start
    wide = None if new is None else fixed_text[s:start] + new + fixed_text[end:e]
    return Mapped(orig_s, orig_e, wide, tuple(p.edit for p in covered if p.edit is not None))


def _make(issue: Issue, where: Mapped, old: str, kind: str, seen: dict[str, int]
          ) -> ReviewItem:
    base = item_id(issue.segment, where.start, where.end, issue.rule_id)
    n = seen.get(base, 0)
    seen[base] = n + 1
    return ReviewItem(
        id=base if n == 0 else f"{base}#{n}", segment=issue.segment, start=where.start,
        end=where.end, old=old, proposed=where.new, kind=kind, category=issue.category,
        severity=issue.severity.label, rule=issue.rule_id, message=issue.message,
        confidence=issue.confidence, origin=issue.origin, drop_segment=issue.drop_segment)


def _key(x: Issue | Edit) -> tuple[int, int, int, str, str]:
    return (x.segment, x.start, x.end, x.rule_id, x.origin)


def review_items(result: FixResult) -> ReviewSet:
    """Every issue of ``result`` as a review item, sorted by segment and position."""
    applied = {_key(e) for e in result.edits}
    rule_edits: dict[int, list[Edit]] = {}
    for e in result.edits:
        if e.origin != "model":
            rule_edits.setdefault(e.segment, []).append(e)
    placed: list[tuple[Mapped, Issue]] = []
    for issue in result.issues:
        new = issue.replacements[0] if issue.replacements else None
        if issue.origin == "model":
            text = result.fixed.segments[issue.segment].text
            where = to_original(rule_edits.get(issue.segment, []), text, issue.start,
                                issue.end, new)
        else:
            where = Mapped(issue.start, issue.end, new, ())
        placed.append((where, issue))
    placed.sort(key=lambda t: (t[1].segment, t[0].start, t[0].end, t[1].rule_id))
    seen: dict[str, int] = {}
    ids: dict[tuple[int, int, int, str, str], str] = {}
    items = []
    for where, issue in placed:
        kind = EDIT if _key(issue) in applied else SUGGESTION if issue.replacements else FLAG
        old = result.original.segments[issue.segment].text[where.start:where.end]
        item = _make(issue, where, old, kind, seen)
        ids[_key(issue)] = item.id
        items.append(item)
    # A covered rule item may sort after the model item that covers it: name it now.
    items = [replace(i, covers=tuple(ids[_key(e)] for e in where.covered))
             if where.covered else i for i, (where, _) in zip(items, placed, strict=True)]
    return ReviewSet(items=tuple(items))
