"""``kind: fragment``: a sentence that is the subjectless second half of a split sentence.

MT from Persian, Dari and Pashto often ends a sentence before an infinitive, participial or
relative clause and starts the rest as a fragment ("...called on the coalition against ISIS.
Forces asked to withdraw from Iraq."). Which clause it was, and so how to join it, is a
judgement: this kind only flags (the model stage proposes the join).

Entry fields (``mtfix.text.fragments``, where the model and the generator read the same table):
``pattern`` (a regex that must match at the start of a sentence that is not the first of its
segment; ``{leads}`` stands for the entry's ``leads``) and ``unless`` (a regex: a sentence it
matches is whole, e.g. a fronted infinitive followed by its main clause). Questions are never
fragments.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from mtfix.document import Issue, Severity, make_issue
from mtfix.rules.base import RuleContext, search
from mtfix.tables import RuleTable, compile_pattern
from mtfix.text.fragments import ENTRY_FIELDS, KIND, entry_pattern
from mtfix.text.sentences import SENTENCE_END, sentences

__all__ = ["ENTRY_FIELDS", "KIND", "build"]


@dataclass(frozen=True)
class FragmentStart:
    rule_id: str
    pattern: regex.Pattern[str]
    unless: regex.Pattern[str] | None
    severity: Severity
    category: str
    message: str
    confidence: float


@dataclass(frozen=True)
class FragmentRule:
    table_id: str
    starts: Sequence[FragmentStart]
    #: Any entry's pattern after a sentence end: segments it does not match are skipped
    #: without splitting them into sentences (most segments).
    prefilter: regex.Pattern[str] | None = None

    def match(self, sentence: str, timeout: float) -> FragmentStart | None:
        """The entry that marks ``sentence`` as a split-off fragment, if any."""
        s = sentence.strip()
        if not s or s.endswith("?"):
            return None
        for start in self.starts:
            if search(start.pattern, s, start.rule_id, timeout) is None:
                continue
            if start.unless is not None and search(start.unless, s, start.rule_id, timeout):
                continue
            return start
        return None

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        for seg in ctx.doc.segments:
            if self.prefilter is not None and search(self.prefilter, seg.text, self.table_id,
                                                     ctx.timeout) is None:
                continue
            spans = sentences(seg.text)
            for sp in spans[1:]:
                text = seg.text[sp.start:sp.end]
                hit = self.match(text, ctx.timeout)
                if hit is None:
                    continue
                yield make_issue(seg, sp.start, sp.end, category=hit.category,
                                 severity=hit.severity, rule_id=hit.rule_id,
                                 message=hit.message.format(span=text),
                                 confidence=hit.confidence)


def build(table: RuleTable) -> FragmentRule:
    starts = []
    for entry in table.entries:
        label = repr(entry["id"])
        unless = entry.get("unless")
        starts.append(FragmentStart(
            rule_id=table.entry_rule_id(entry),
            pattern=compile_pattern(f"\\A(?:{entry_pattern(entry)})", table.path, label, "pattern"),
            unless=(compile_pattern(unless, table.path, label, "unless")
                    if unless is not None else None),
            severity=table.entry_severity(entry),
            category=table.entry_category(entry),
            message=table.entry_message(entry),
            confidence=table.entry_confidence(entry)))
    return FragmentRule(table.id, tuple(starts), _prefilter(table))


def _prefilter(table: RuleTable) -> regex.Pattern[str] | None:
    """One pattern for the whole table, or None where the entries do not combine (a pattern
    with a global inline flag); each entry was compiled on its own above."""
    union = "|".join(f"(?:{entry_pattern(e)})" for e in table.entries)
    try:
        return regex.compile(f"(?<={SENTENCE_END}\\s+)(?:{union})") if union else None
    except regex.error:
        return None
