"""``kind: substitution``: a pattern (regex) or literal words, replaced in context.

Entry fields: ``pattern`` (regex) or ``match`` (a word or list of words, matched literally at
word boundaries); ``replacement`` (omit to flag only; ``\\1`` refers to a group);
``ignore_case``; ``group`` (which group is the span); ``keywords`` (strings, one of which
occurs, case-insensitively, in every segment the pattern can match: a fast gate before the
regex; derived automatically for ``match``); and the context fields of
:mod:`mtfix.rules.matcher`. Terminology, doubled punctuation and glossaries are tables of
this kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mtfix.document import Issue
from mtfix.errors import TableError
from mtfix.rules.base import RuleContext, literal_alternation
from mtfix.rules.matcher import CONTEXT_FIELDS, Context, Matcher
from mtfix.rules.prefilter import Keywords, keywords_for
from mtfix.tables import FieldSpec, RuleTable, compile_pattern

KIND = "substitution"

ENTRY_FIELDS: dict[str, FieldSpec] = {
    "pattern": FieldSpec((str,), regex=True),
    "match": FieldSpec((str, list)),
    "replacement": FieldSpec((str,)),
    "ignore_case": FieldSpec((bool,)),
    "capitalise": FieldSpec((bool,)),
    "group": FieldSpec((int,)),
    "keywords": FieldSpec((list,)),
    **CONTEXT_FIELDS,
}


def entry_matcher(table: RuleTable, entry: Mapping[str, Any]) -> Matcher:
    label = repr(entry["id"])
    ignore_case = bool(entry.get("ignore_case", False))
    if ("pattern" in entry) == ("match" in entry):
        raise TableError(table.path, "needs exactly one of 'pattern' or 'match'", label, "pattern")
    if "pattern" in entry:
        source = entry["pattern"]
        keywords = entry.get("keywords", [])
        if not all(isinstance(k, str) and k for k in keywords):
            raise TableError(table.path, "must be a list of non-empty strings", label,
                             "keywords")
    else:
        words = entry["match"] if isinstance(entry["match"], list) else [entry["match"]]
        source = literal_alternation(words, names=False)
        keywords = words
    pattern = compile_pattern(source, table.path, label, "pattern", ignore_case)
    group = int(entry.get("group", 0))
    if group > pattern.groups:
        raise TableError(table.path, f"pattern has no group {group}", label, "group")
    return Matcher(
        rule_id=table.entry_rule_id(entry), pattern=pattern,
        replacement=entry.get("replacement"),
        context=Context.from_fields(entry, table.path, label, ignore_case),
        category=table.entry_category(entry), severity=table.entry_severity(entry),
        message=table.entry_message(entry), confidence=table.entry_confidence(entry),
        capitalise=bool(entry.get("capitalise", True)), group=group,
        keywords=tuple(sorted({k.lower() for k in keywords})),
    )


@dataclass(frozen=True)
class SubstitutionRule:
    table_id: str
    matchers: Sequence[Matcher]
    #: a cheap test a segment must pass before any entry's pattern is tried (None: all pass)
    segment_gate: Callable[[str], bool] | None = None

    def keyword_sets(self) -> tuple[Keywords, ...]:
        """For the prefilter: each entry's keywords (its own, else read from its pattern)."""
        return tuple(keywords_for(m.keywords, m.pattern) for m in self.matchers)

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        matchers = self.matchers
        for segment in ctx.doc.segments:
            if self.segment_gate is not None and not self.segment_gate(segment.text):
                continue
            found = ctx.candidates(self.table_id, segment)
            if found is not None and not found:
                continue
            lower = segment.text.lower()
            for matcher in (matchers if found is None else (matchers[i] for i in found)):
                if not matcher.gated_out(lower) and matcher.could_match(ctx, segment.text):
                    yield from matcher.issues(ctx, segment)


def build(table: RuleTable) -> SubstitutionRule:
    return SubstitutionRule(table.id, tuple(entry_matcher(table, e) for e in table.entries))
