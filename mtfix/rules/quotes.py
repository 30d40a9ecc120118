"""``kind: quotes``: quotation marks that do not pair up (flagged, never fixed).

Entry fields: ``open`` and ``close`` (one character each; equal for straight quotes, which
are then checked by parity). A quotation left open at the end of a segment is not flagged
when the next segment opens a quote again (news style for quotes running over paragraphs).
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


def unbalanced(text: str, pair: QuotePair) -> tuple[list[int], list[int]]:
    """Positions of unmatched closing and unmatched opening quotes."""
    skip = set()
    if "’" in (pair.open, pair.close) or "'" in (pair.open, pair.close):
        skip = {m.start() for m in APOSTROPHE.finditer(text)}
    if pair.open == pair.close:
        marks = [i for i, ch in enumerate(text) if ch == pair.open and i not in skip]
        return [], (marks[-1:] if len(marks) % 2 else [])
    stray_close: list[int] = []
    opened: list[int] = []
    for i, ch in enumerate(text):
        if i in skip:
            continue
        if ch == pair.open:
            opened.append(i)
        elif ch == pair.close:
            if opened:
                opened.pop()
            else:
                stray_close.append(i)
    return stray_close, opened


@dataclass(frozen=True)
class QuotesRule:
    table_id: str
    pairs: Sequence[QuotePair]

    def _flag(self, seg: Segment, pos: int, pair: QuotePair, what: str) -> Issue:
        return make_issue(seg, pos, pos + 1, category=pair.category, severity=pair.severity,
                          rule_id=pair.rule_id, message=pair.message.format(what=what),
                          confidence=0.5)

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        segments = ctx.doc.segments
        for seg in segments:
            for pair in self.pairs:
                if pair.open not in seg.text and pair.close not in seg.text:
                    continue
                stray_close, still_open = unbalanced(seg.text, pair)
                for pos in stray_close:
                    yield self._flag(seg, pos, pair, "closing quotation mark with no opening one")
                if still_open:
                    nxt = segments[seg.index + 1].text.lstrip() if seg.index + 1 < len(
                        segments) else ""
                    if not nxt.startswith(pair.open):
                        for pos in still_open:
                            yield self._flag(seg, pos, pair, "quotation that is never closed")


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
