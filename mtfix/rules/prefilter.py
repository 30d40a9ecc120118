"""A multi-pattern prefilter: one Aho–Corasick pass over a segment tells which table entries
can match it at all.

Each entry that takes part gives *keywords*: strings one of which occurs (after ``fold``) in
any text its pattern can match. They are the table's own ``keywords``, the words of a
``match`` entry, or literals read from the regular expression (``required_literals``); an
entry with none is always a candidate. One automaton holds the keywords of every table, so
a segment is scanned once, and what a rule receives is its candidate entries: the cost per
segment grows with the text and the keywords found in it, not with the size of the tables.
The filter only ever skips an entry that cannot match, so the issues are those of the
unfiltered run (``tests/test_prefilter.py`` compares them for every rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

try:  # pyahocorasick (a dependency); the fallback scans every keyword, table-size work
    import ahocorasick
except ImportError:  # pragma: no cover - exercised only without the dependency
    ahocorasick = None

try:
    from re import _constants as sre_c  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

Keywords = tuple[str, ...]
# Case folding that keeps every case-insensitive match a substring: casefold, and the two
# letters whose folds regex's IGNORECASE treats differently (İ -> i + U+0307, ı ~ I).
_FOLD_FIX = str.maketrans({"\u0307": None, "\u0131": "i"})
# Syntax that Python's re parser reads differently from the regex module (fuzzy matching
# "{e<=1}", POSIX classes "[[:alpha:]]"): such patterns are not read for literals.
_UNSAFE = regex.compile(r"\{(?![\d,])|\[:")
# Escapes only the regex module knows, rewritten for re's parser (escaped backslashes pass).
_REGEX_ONLY = regex.compile(r"\\(?:[pP]\{[^}]*\}|[pP][A-Za-z]|.)", regex.DOTALL)
_RE_FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.DOTALL | regex.VERBOSE
_ATOMIC = getattr(sre_c, "ATOMIC_GROUP", None)
_REPEATS = {sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)}


def fold(text: str) -> str:
    """The form keywords and texts are compared in."""
    return text.casefold().translate(_FOLD_FIX)


def _best(options: Iterable[frozenset[str] | None]) -> frozenset[str] | None:
    """Of several requirements that all hold, the most selective: longest shortest keyword."""
    best: frozenset[str] | None = None
    for opt in options:
        if opt and (best is None or min(map(len, opt)) > min(map(len, best))):
            best = opt
    return best


def _required(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    """For a parsed sequence: a set of strings one of which every match contains, or None."""
    options: list[frozenset[str] | None] = []
    run: list[str] = []
    for op, av in items:
        if op is sre_c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        if op is sre_c.SUBPATTERN:
            options.append(_required(av[-1]))
        elif op is _ATOMIC:
            options.append(_required(av))
        elif op in _REPEATS and av[0] >= 1:
            options.append(_required(av[2]))
        elif op is sre_c.BRANCH:
            alts = [_required(seq) for seq in av[1]]
            options.append(None if any(a is None for a in alts)
                           else frozenset().union(*alts))  # type: ignore[arg-type]
    if run:
        options.append(frozenset({"".join(run)}))
    return _best(options)


def _for_re(match: regex.Match[str]) -> str:
    escape = match.group()
    if escape[1] in "pP":
        return "\\w"  # a property class: some one character, as far as literals go
    return "\\b" if escape in ("\\m", "\\M") else escape


def required_literals(pattern: regex.Pattern[str]) -> Keywords:
    """Strings (folded) one of which occurs in every text ``pattern`` matches; () when none
    can be read (then the pattern is always tried)."""
    text = _REGEX_ONLY.sub(_for_re, pattern.pattern)
    if pattern.flags & ~(_RE_FLAGS | regex.UNICODE | regex.VERSION0) or _UNSAFE.search(text):
        return ()
    try:
        parsed = sre_parse.parse(text, pattern.flags & _RE_FLAGS)
    except (re.error, ValueError, OverflowError, RecursionError):
        return ()
    found = _required(list(parsed))
    if not found:
        return ()
    keywords = {fold(k) for k in found}
    if any(not k.strip() for k in keywords):
        return ()
    return tuple(sorted(keywords))


def keywords_for(explicit: Iterable[str], pattern: regex.Pattern[str] | None) -> Keywords:
    """An entry's keywords: the table's own when it gives them, else read from the pattern."""
    given = tuple(sorted({fold(k) for k in explicit if k}))
    if given:
        return given
    return required_literals(pattern) if pattern is not None else ()


@dataclass(frozen=True)
class Prefilter:
    """Keywords of many rules' entries in one automaton. ``groups`` maps a rule's key (its
    table id) to the keywords of each of its entries, in order (() for always-try)."""

    groups: Mapping[str, tuple[Keywords, ...]]
    _always: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _by_keyword: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict,
                                                               repr=False)
    _automaton: list[Any] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        by_keyword: dict[str, list[tuple[str, int]]] = {}
        for key, entries in self.groups.items():
            self._always[key] = tuple(i for i, kws in enumerate(entries) if not kws)
            for i, kws in enumerate(entries):
                for k in kws:
                    by_keyword.setdefault(k, []).append((key, i))
        self._by_keyword.update({k: tuple(v) for k, v in by_keyword.items()})
        if ahocorasick is not None and by_keyword:
            automaton = ahocorasick.Automaton()
            for k in by_keyword:
                automaton.add_word(k, k)
            automaton.make_automaton()
            self._automaton.append(automaton)

    def found(self, folded: str) -> set[str]:
        """The keywords that occur in folded text."""
        if self._automaton:
            return {k for _, k in self._automaton[0].iter(folded)}
        return {k for k in self._by_keyword if k in folded}

    def hits(self, text: str) -> dict[str, set[int]]:
        """The entries, rule by rule, whose keywords occur in ``text``."""
        hits: dict[str, set[int]] = {}
        for k in self.found(fold(text)):
            for key, i in self._by_keyword[k]:
                hits.setdefault(key, set()).add(i)
        return hits

    def candidates(self, key: str, hits: Mapping[str, set[int]]) -> tuple[int, ...]:
        """One rule's candidate entries, in entry order: its keyword hits and its entries
        that have no keywords."""
        always = self._always[key]
        extra = hits.get(key)
        return tuple(sorted(extra.union(always))) if extra else always

    def scan(self, text: str) -> dict[str, tuple[int, ...]]:
        """Each rule's candidate entries for one text."""
        hits = self.hits(text)
        return {key: self.candidates(key, hits) for key in self.groups}


@dataclass
class SegmentCandidates:
    """A document's candidates, segment by segment, computed when first asked for."""

    prefilter: Prefilter
    _by_segment: dict[int, tuple[str, dict[str, set[int]]]] = field(default_factory=dict)

    def get(self, key: str, index: int, text: str) -> tuple[int, ...] | None:
        if key not in self.prefilter.groups:
            return None
        known = self._by_segment.get(index)
        if known is None or known[0] != text:  # (a segment index is read with its text)
            known = self._by_segment[index] = (text, self.prefilter.hits(text))
        return self.prefilter.candidates(key, known[1])


def build_prefilter(rules: Iterable[Any]) -> Prefilter:
    """The prefilter of the rules that give keywords (a ``keyword_sets()`` method); a table id
    that two rules share is left unfiltered."""
    groups: dict[str, tuple[Keywords, ...]] = {}
    seen: set[str] = set()
    for rule in rules:
        sets = getattr(rule, "keyword_sets", None)
        if sets is None:
            continue
        key = rule.table_id
        if key in seen:
            groups.pop(key, None)
            continue
        seen.add(key)
        groups[key] = tuple(sets())
    return Prefilter(groups)
