"""``kind: quotes``: quotation marks that do not pair up (flagged, never fixed).

Entry fields: ``open`` and ``close`` (one character each; equal for straight quotes, which
are then checked by parity). Precision first: sentence-split corpora and quotes that run over
paragraphs leave many quotes legitimately unpaired within one segment, so only the strong
signal is flagged: a closing mark after a quotation that was already closed, with no new
opening mark between ("“A.” B.”"), and for straight quotes a segment with an odd number of
marks after a complete pair.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from mtfix.document import Issue, Segment, Severity, make_issue
from mtfix.errors import TableError
from mtfix.rules.base import RuleContext
from mtfix.tables import FieldSpec, RuleTable

KIND = "quotes"

ENTRY_FIELDS: dict[str, FieldSpec] = {
    "open": FieldSpec((str,), required=True),
    "close": FieldSpec((str,), required=True),
}

# An apostrophe inside or at the end of a word is not a quotation mark ("coalition’s").
APOSTROPHE = regex.compile(r"(?<=\w)[’'](?=\w|\s|$)|(?<=s)[’'](?=\W)")


@dataclass(frozen=True)
class QuotePair:
    rule_id: str
    open: str
    close: str
    severity: Severity
    category: str
    message: str


def stray_closings(text: str, pair: QuotePair) -> list[int]:
    """Positions of closing marks that follow an already closed quotation, unopened."""
    skip: set[int] = set()
    if "’" in (pair.open, pair.close) or "'" in (pair.open, pair.close):
        skip = {m.start() for m in APOSTROPHE.finditer(text)}
    marks = [i for i, ch in enumerate(text) if ch in (pair.open, pair.close) and i not in skip]
    if pair.open == pair.close:
        return marks[-1:] if len(marks) >= 3 and len(marks) % 2 else []
    stray: list[int] = []
    depth = 0
    closed_before = False
    for i in marks:
        if text[i] == pair.open:
            depth += 1
        elif depth:
            depth -= 1
            closed_before = closed_before or depth == 0
        elif closed_before:
            stray.append(i)
    return stray


@dataclass(frozen=True)
class QuotesRule:
    table_id: str
    pairs: Sequence[QuotePair]

    def _flag(self, seg: Segment, pos: int, pair: QuotePair, what: str) -> Issue:
        return make_issue(seg, pos, pos + 1, category=pair.category, severity=pair.severity,
                          rule_id=pair.rule_id, message=pair.message.format(what=what),
                          confidence=0.5)

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        for seg in ctx.doc.segments:
            for pair in self.pairs:
                if pair.close not in seg.text:
                    continue
                for pos in stray_closings(seg.text, pair):
                    yield self._flag(seg, pos, pair,
                                     "closing quotation mark after the quotation was closed")


def build(table: RuleTable) -> QuotesRule:
    pairs = []
    for entry in table.entries:
        if len(entry["open"]) != 1 or len(entry["close"]) != 1:
            raise TableError(table.path, "open and close are one character each",
                             repr(entry["id"]), "open")
        pairs.append(QuotePair(table.entry_rule_id(entry), entry["open"], entry["close"],
                               table.entry_severity(entry), table.entry_category(entry),
                               table.entry_message(entry)))
    return QuotesRule(table.id, tuple(pairs))
