"""``kind: boilerplate``: web-page lines that are not part of the story.

Entry fields: ``line`` (a regex the whole segment, stripped, must match; case-insensitive) and
``headline_after`` (true: the next non-blank segment is the linked article's headline and goes
too, when it looks like one: no sentence-final full stop and at most ``max_headline_words``).
Fixes remove the whole segment (in plain text, with its line ending).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from mtfix.document import Issue, Segment, Severity, make_issue
from mtfix.rules.base import RuleContext, search
from mtfix.tables import FieldSpec, RuleTable, compile_pattern

KIND = "boilerplate"

ENTRY_FIELDS: dict[str, FieldSpec] = {
    "line": FieldSpec((str,), required=True, regex=True),
    "headline_after": FieldSpec((bool,)),
    "max_headline_words": FieldSpec((int,)),
}

HEADLINE_END = regex.compile(r"[.!?…][\"”’')\]]*\Z")


@dataclass(frozen=True)
class BoilerplateLine:
    rule_id: str
    line: regex.Pattern[str]
    headline_after: bool
    max_headline_words: int
    severity: Severity
    category: str
    message: str
    confidence: float


def looks_like_headline(text: str, max_words: int) -> bool:
    stripped = text.strip()
    words = stripped.split()
    return 2 <= len(words) <= max_words and HEADLINE_END.search(stripped) is None


def _whole(segment: Segment, line: BoilerplateLine, message: str) -> Issue:
    return make_issue(segment, 0, len(segment.text), category=line.category,
                      severity=line.severity, rule_id=line.rule_id, message=message,
                      replacements=("",), confidence=line.confidence, drop_segment=True)


@dataclass(frozen=True)
class BoilerplateRule:
    table_id: str
    lines: Sequence[BoilerplateLine]

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        segments = ctx.doc.segments
        for seg in segments:
            stripped = seg.text.strip()
            if not stripped:
                continue
            for line in self.lines:
                if search(line.line, stripped, line.rule_id, ctx.timeout) is None:
                    continue
                yield _whole(seg, line, line.message.format(span=stripped))
                if line.headline_after:
                    following = next((s for s in segments[seg.index + 1:] if s.text.strip()),
                                     None)
                    if following is not None and looks_like_headline(
                            following.text, line.max_headline_words):
                        yield _whole(following, line,
                                     "headline of a linked article after "
                                     f"'{stripped}', not part of this story")
                break


def build(table: RuleTable) -> BoilerplateRule:
    lines = []
    for entry in table.entries:
        label = repr(entry["id"])
        lines.append(BoilerplateLine(
            rule_id=table.entry_rule_id(entry),
            line=compile_pattern(f"\\A(?:{entry['line']})\\Z", table.path, label, "line", True),
            headline_after=bool(entry.get("headline_after", False)),
            max_headline_words=int(entry.get("max_headline_words", 25)),
            severity=table.entry_severity(entry), category=table.entry_category(entry),
            message=table.entry_message(entry), confidence=table.entry_confidence(entry)))
    return BoilerplateRule(table.id, tuple(lines))
