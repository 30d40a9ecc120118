"""detect -> propose -> resolve -> apply.

``check`` stops after detect. ``fix`` resolves the issues' proposed replacements into
non-overlapping edits above a confidence threshold, applies them, and (when a proposer is
given) lets the model propose fixes for what the rules could not fix, under the same resolver.
Text outside an applied edit is never touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from mtfix.document import Document, Edit, FixResult, Issue, Segment
from mtfix.rules import RuleSet

DEFAULT_THRESHOLD = 0.8


class ModelStage(Protocol):
    """Proposes model issues for a document the rules already fixed (see mtfix.model)."""

    def __call__(self, doc: Document, open_issues: Sequence[Issue]) -> Sequence[Issue]: ...


@dataclass(frozen=True)
class FixSettings:
    threshold: float = DEFAULT_THRESHOLD


def check(doc: Document, rules: RuleSet) -> tuple[Issue, ...]:
    """Detect: every rule's issues, sorted by position."""
    return rules.detect(doc)


def _priority(issue: Issue) -> tuple[Any, ...]:
    return (-int(issue.drop_segment), -issue.severity, -issue.confidence,
            -(issue.end - issue.start), issue.start, issue.rule_id)


def _overlaps(a: Issue, b: Issue) -> bool:
    if a.drop_segment or b.drop_segment:
        return True
    if a.start == a.end or b.start == b.end:  # insertions conflict at the same point or inside
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


def resolve(issues: Iterable[Issue], threshold: float) -> tuple[list[Issue], list[Issue]]:
    """Pick non-overlapping fixable issues at or above the threshold; report the rest."""
    chosen: dict[int, list[Issue]] = {}
    unapplied: list[Issue] = []
    for issue in sorted(issues, key=_priority):
        if not issue.replacements or issue.confidence < threshold:
            unapplied.append(issue)
            continue
        taken = chosen.setdefault(issue.segment, [])
        if any(_overlaps(issue, other) for other in taken):
            unapplied.append(issue)
            continue
        taken.append(issue)
    picked = [i for seg in sorted(chosen) for i in sorted(chosen[seg], key=lambda i: i.start)]
    return picked, sorted(unapplied, key=lambda i: (i.segment, i.start))


def open_for_model(unapplied: Iterable[Issue]) -> list[Issue]:
    """The issues the rules left that the model stage may work on: flags without a fix, and
    fixes the rules were not sure of."""
    return [i for i in unapplied if not i.replacements or i.confidence < 1.0]


def apply(doc: Document, issues: Sequence[Issue]) -> tuple[Document, list[Edit]]:
    """Apply resolved issues (non-overlapping, sorted by segment then start)."""
    by_segment: dict[int, list[Issue]] = {}
    for issue in issues:
        by_segment.setdefault(issue.segment, []).append(issue)
    segments: list[Segment] = []
    edits: list[Edit] = []
    for seg in doc.segments:
        todo = by_segment.get(seg.index)
        if not todo:
            segments.append(seg)
            continue
        parts: list[str] = []
        pos = 0
        dropped = False
        for issue in sorted(todo, key=lambda i: i.start):
            if seg.text[issue.start:issue.end] != issue.span:
                raise AssertionError(f"offset drift in {issue.rule_id}")
            parts.append(seg.text[pos:issue.start])
            parts.append(issue.replacements[0])
            pos = issue.end
            dropped = dropped or issue.drop_segment
            edits.append(Edit(segment=seg.index, start=issue.start, end=issue.end,
                              old=issue.span, new=issue.replacements[0], rule_id=issue.rule_id,
                              reason=issue.message, confidence=issue.confidence,
                              origin=issue.origin, drop_segment=issue.drop_segment))
        parts.append(seg.text[pos:])
        new_text = "".join(parts)
        segments.append(replace(seg, text=new_text, dropped=seg.dropped or dropped))
    return doc.with_segments(tuple(segments)), edits


def _shifted(pos: int, segment: int, edits: Sequence[Edit]) -> int:
    """An offset in the original segment, moved by the rule edits applied before it."""
    return pos + sum(len(e.new) - (e.end - e.start) for e in edits
                     if e.segment == segment and e.end <= pos and not e.drop_segment)


def _model_fixed(issue: Issue, rule_edits: Sequence[Edit], model_edits: Sequence[Edit]) -> bool:
    """Whether an applied model edit touches the span of an issue the rules left open (then
    the issue is not "reported but not applied": the model's edit addressed it)."""
    start = _shifted(issue.start, issue.segment, rule_edits)
    end = _shifted(issue.end, issue.segment, rule_edits)
    return any(e.segment == issue.segment and e.start <= end and start <= e.end
               for e in model_edits)


def fix(doc: Document, rules: RuleSet, settings: FixSettings = FixSettings(),
        model: ModelStage | None = None) -> FixResult:
    """Detect, resolve and apply rule fixes; then, optionally, model fixes on the result.

    ``model`` is None by default: rules only, torch never loaded. ``mtfix fix`` runs the
    shipped model unless ``--no-model``; the same from Python (needs the ``model`` extra):
    ``fix(doc, rules, model=load_stage(default_model_dir()))`` with both from
    ``mtfix.model.stage``."""
    issues = check(doc, rules)
    picked, unapplied = resolve(issues, settings.threshold)
    fixed, edits = apply(doc, picked)
    all_issues = list(issues)
    if model is not None:
        open_issues = open_for_model(unapplied)
        model_issues = list(model(fixed, open_issues))
        all_issues.extend(model_issues)
        m_picked, m_unapplied = resolve(model_issues, settings.threshold)
        fixed, m_edits = apply(fixed, m_picked)
        unapplied = [i for i in unapplied if not _model_fixed(i, edits, m_edits)]
        edits.extend(m_edits)
        unapplied.extend(m_unapplied)
    return FixResult(original=doc, fixed=fixed, edits=tuple(edits), issues=tuple(all_issues),
                     unapplied=tuple(unapplied))
