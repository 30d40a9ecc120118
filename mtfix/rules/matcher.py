"""A compiled pattern with its context conditions and fix: the unit that substitution-like kinds
(substitution, terminology, entity) are built from.

Context fields, all regular expressions, all optional:

- ``before`` / ``not_before``: must / must not match the segment text just before the match
  (anchored at the match start);
- ``after`` / ``not_after``: must / must not match the text just after it (anchored there);
- ``segment`` / ``not_segment``: must / must not occur in the same segment;
- ``document`` / ``not_document``: must / must not occur anywhere in the document;
- ``source`` / ``not_source``: must / must not occur in the segment's source text, when the
  input has one (without a source, ``source`` never holds and ``not_source`` always does).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import regex

from mtfix.document import Issue, Segment, Severity, make_issue
from mtfix.rules.base import RuleContext, cased_like, finditer, search
from mtfix.tables import FieldSpec, compile_pattern

CONTEXT_FIELDS: dict[str, FieldSpec] = {
    name: FieldSpec((str,), regex=True)
    for name in ("before", "not_before", "after", "not_after", "segment", "not_segment",
                 "document", "not_document", "source", "not_source")
}


@dataclass(frozen=True)
class Context:
    before: regex.Pattern[str] | None = None
    not_before: regex.Pattern[str] | None = None
    after: regex.Pattern[str] | None = None
    not_after: regex.Pattern[str] | None = None
    segment: regex.Pattern[str] | None = None
    not_segment: regex.Pattern[str] | None = None
    source: regex.Pattern[str] | None = None
    not_source: regex.Pattern[str] | None = None
    document: regex.Pattern[str] | None = None
    not_document: regex.Pattern[str] | None = None

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any], path: str, entry: str,
                    ignore_case: bool = False) -> Context:
        compiled: dict[str, regex.Pattern[str]] = {}
        for name in CONTEXT_FIELDS:
            value = fields.get(name)
            if value is None:
                continue
            pattern = value
            if name in ("before", "not_before"):
                pattern = f"(?:{value})\\Z"
            elif name in ("after", "not_after"):
                pattern = f"\\A(?:{value})"
            compiled[name] = compile_pattern(pattern, path, entry, name, ignore_case)
        return cls(**compiled)

    def allows(self, ctx: RuleContext, text: str, start: int, end: int, rule_id: str,
               source: str | None = None) -> bool:
        t = ctx.timeout
        window_before = text[max(0, start - 200):start]
        window_after = text[end:end + 200]
        checks = (
            (self.before, window_before, True), (self.not_before, window_before, False),
            (self.after, window_after, True), (self.not_after, window_after, False),
            (self.segment, text, True), (self.not_segment, text, False),
            (self.source, source or "", True), (self.not_source, source or "", False),
        )
        for pattern, where, wanted in checks:
            if pattern is not None and (search(pattern, where, rule_id, t) is not None) != wanted:
                return False
        if self.document is not None and not ctx.document_has(self.document, rule_id):
            return False
        return not (self.not_document is not None and ctx.document_has(self.not_document, rule_id))


@dataclass(frozen=True)
class Matcher:
    """Find ``pattern``; where the context allows, report it and (unless flag-only) fix it."""

    rule_id: str
    pattern: regex.Pattern[str]
    replacement: str | None
    context: Context
    category: str
    severity: Severity
    message: str
    confidence: float
    capitalise: bool = True
    group: int = 0  # which group of the match is the span (0 = the whole match)
    # lower-case strings one of which occurs in any segment the pattern can match: a cheap
    # gate before the regex (empty: always try the regex)
    keywords: tuple[str, ...] = ()

    def gated_out(self, lower_text: str) -> bool:
        return bool(self.keywords) and not any(k in lower_text for k in self.keywords)

    def could_match(self, ctx: RuleContext, text: str) -> bool:
        """One search: the cheap test that lets callers skip most segments."""
        return search(self.pattern, text, self.rule_id, ctx.timeout) is not None

    def issues(self, ctx: RuleContext, segment: Segment) -> Iterator[Issue]:
        text = segment.text
        for m in finditer(self.pattern, text, self.rule_id, ctx.timeout):
            start, end = m.span(self.group)
            if start == end and self.replacement is None:
                continue
            if not self.context.allows(ctx, text, start, end, self.rule_id, segment.source):
                continue
            replacements: tuple[str, ...] = ()
            if self.replacement is not None:
                new = m.expand(self.replacement) if "\\" in self.replacement else self.replacement
                if self.capitalise:
                    new = cased_like(new, text, start)
                if new == text[start:end]:
                    continue
                replacements = (new,)
            span = text[start:end]
            yield make_issue(
                segment, start, end, category=self.category, severity=self.severity,
                rule_id=self.rule_id,
                message=self.message.format(span=span,
                                            replacement=replacements[0] if replacements else ""),
                replacements=replacements, confidence=self.confidence,
            )
