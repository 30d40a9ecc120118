"""``kind: repetition``: words MT repeats when it loops, found by substitution entries.

The entries have the fields of :mod:`mtfix.rules.substitution` (a ``pattern`` with a
backreference to the repeated unit, the ``group`` of the extra copies, context fields). Such
patterns are costly to try at every word, so a segment reaches them only when its words
(case-folded, punctuation aside) hold a run of at most ``MAX_UNIT`` words three times in a row:
a necessary condition for any of those patterns, checked in plain Python on a list of words.

A repetition inside quotation marks is a quotation (a chant, a slogan: "Death to the dictator,
death to the dictator, death to the dictator"), not a loop: such matches are left, with or
without the source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from mtfix.document import Issue
from mtfix.rules.base import RuleContext
from mtfix.rules.substitution import ENTRY_FIELDS as SUBSTITUTION_FIELDS
from mtfix.rules.substitution import SubstitutionRule, entry_matcher
from mtfix.tables import FieldSpec, RuleTable

KIND = "repetition"

ENTRY_FIELDS: dict[str, FieldSpec] = dict(SUBSTITUTION_FIELDS)

MAX_UNIT = 8  # the longest unit, in words, that the entries' patterns repeat
#: Punctuation that separates words (the entries' units end in a word character and their copies
#: are separated by spaces and at most one mark, so the copies' words are the same).
_PUNCTUATION_TO_SPACE = str.maketrans(dict.fromkeys(
    ".,;:!?\"()[]{}<>/\\|…“”„«»‹›、。，；：！？（）「」『』【】·•ー–—", " "))


def _words(text: str) -> list[str]:
    return text.casefold().translate(_PUNCTUATION_TO_SPACE).split()


def has_loop(text: str, max_unit: int = MAX_UNIT) -> bool:
    """Whether some run of at most ``max_unit`` words occurs three times in a row (case-folded,
    punctuation aside): what the entries' patterns need before they can match."""
    words = _words(text)
    thrice = {w for w, n in Counter(words).items() if n >= 3}
    if not thrice:
        return False
    where: dict[str, set[int]] = {w: set() for w in thrice}
    for i, w in enumerate(words):
        if w in where:
            where[w].add(i)
    strides = {d for at in where.values() for i in at for d in range(1, max_unit + 1)
               if i + d in at and i + 2 * d in at}
    for d in sorted(strides):  # each stride: d words in a row that recur at +d and +2d
        run = 0
        for i in range(len(words) - 2 * d):
            if words[i] == words[i + d] == words[i + 2 * d]:
                run += 1
                if run == d:
                    return True
            else:
                run = 0
    return False


#: Paired quotation marks (open, close); straight double quotes pair by order.
QUOTE_PAIRS = (("“", "”"), ("«", "»"), ("‹", "›"), ("「", "」"), ("『", "』"))
#: A single curly quote opens after a space or bracket and closes before a non-letter, so the
#: apostrophe in "the coalition’s" is no closing mark.
SINGLE_QUOTED = regex.compile(r"(?:(?<=^|[\s(\[—–-])‘)[^‘’]*?(?:’(?![\p{L}\p{N}])|$)")


def _curly_regions(text: str, open_mark: str, close_mark: str) -> Iterator[tuple[int, int]]:
    start: int | None = None
    for i, ch in enumerate(text):
        if ch == open_mark and start is None:
            start = i
        elif ch == close_mark:
            yield (0 if start is None else start), i + 1  # unopened: began in an earlier line
            start = None
    if start is not None:
        yield start, len(text)


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Where ``text`` quotes: between paired marks, from an unclosed mark to the end, from the
    start to a mark that closes a quotation begun before this segment."""
    regions: list[tuple[int, int]] = []
    for open_mark, close_mark in QUOTE_PAIRS:
        if open_mark in text or close_mark in text:
            regions.extend(_curly_regions(text, open_mark, close_mark))
    straight = [i for i, ch in enumerate(text) if ch == '"']
    for k in range(0, len(straight), 2):
        end = straight[k + 1] + 1 if k + 1 < len(straight) else len(text)
        regions.append((straight[k], end))
    regions.extend(m.span() for m in SINGLE_QUOTED.finditer(text))
    return regions


def inside_quotation(text: str, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in quoted_regions(text))


@dataclass(frozen=True)
class RepetitionRule:
    """The substitution entries behind the loop gate, less the matches inside quotations."""

    table_id: str
    inner: SubstitutionRule

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        for issue in self.inner.detect(ctx):
            text = ctx.doc.segments[issue.segment].text
            if not inside_quotation(text, issue.start, issue.end):
                yield issue


def build(table: RuleTable) -> RepetitionRule:
    inner = SubstitutionRule(table.id, tuple(entry_matcher(table, e) for e in table.entries),
                             segment_gate=has_loop)
    return RepetitionRule(table.id, inner)
