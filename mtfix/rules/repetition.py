"""``kind: repetition``: words MT repeats when it loops, found by substitution entries.

The entries have the fields of :mod:`mtfix.rules.substitution` (a ``pattern`` with a
backreference to the repeated unit, the ``group`` of the extra copies, context fields). Such
patterns are costly to try at every word, so a segment reaches them only when its words
(case-folded, punctuation aside) hold a run of at most ``MAX_UNIT`` words three times in a row:
a necessary condition for any of those patterns, checked in plain Python on a list of words.
"""

from __future__ import annotations

from collections import Counter

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


def build(table: RuleTable) -> SubstitutionRule:
    return SubstitutionRule(table.id, tuple(entry_matcher(table, e) for e in table.entries),
                            segment_gate=has_loop)
