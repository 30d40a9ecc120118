"""What every rule kind shares: the rule protocol, the per-run context and regex helpers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import regex

from mtfix.document import Document, Issue, Segment
from mtfix.errors import RegexTimeoutError
from mtfix.rules.prefilter import SegmentCandidates
from mtfix.text.patterns import NAME_LEFT, NAME_RIGHT

DEFAULT_REGEX_TIMEOUT = 1.0  # seconds per search; a user pattern that backtracks is stopped
# A sane pattern scans at least this many characters a second: a search over a long text gets
# the timeout plus this allowance, so the guard stops backtracking, never a long linear scan.
SCAN_CHARS_PER_SECOND = 20_000

# Name boundaries (NAME_LEFT, NAME_RIGHT) live in mtfix.text.patterns, below the calendars.
SENTENCE_START = regex.compile(r"(?:^|[.!?…:][\"”’')\]]*\s+|[“\"(]\s*)\Z")


class Rule(Protocol):
    """A rule built from one table. ``detect`` returns the issues it finds in a document."""

    table_id: str

    def detect(self, ctx: RuleContext) -> Iterable[Issue]: ...


@dataclass
class RuleContext:
    """One document as the rules see it, with caches that live only for this run."""

    doc: Document
    timeout: float = DEFAULT_REGEX_TIMEOUT
    _text: str | None = None
    _doc_search: dict[tuple[str, int], bool] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)  # per-kind data for this run only
    # the prefilter's candidate entries per segment (None: every entry is tried)
    prefilter: SegmentCandidates | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "\n".join(s.text for s in self.doc.segments)
        return self._text

    def candidates(self, key: str, segment: Segment) -> tuple[int, ...] | None:
        """The entries of rule ``key`` (its table id) that can match ``segment``, in entry
        order; None when the run has no prefilter for the rule (then try every entry)."""
        if self.prefilter is None:
            return None
        return self.prefilter.get(key, segment.index, segment.text)

    def document_has(self, pattern: regex.Pattern[str], rule_id: str) -> bool:
        key = (pattern.pattern, pattern.flags)
        if key not in self._doc_search:
            self._doc_search[key] = search(pattern, self.text, rule_id, self.timeout) is not None
        return self._doc_search[key]


def time_limit(timeout: float, length: int) -> float:
    """The time one regex call over ``length`` characters may take: ``timeout`` for a short
    text, plus a linear allowance (``SCAN_CHARS_PER_SECOND``) for a long one."""
    return timeout * (1.0 + length / SCAN_CHARS_PER_SECOND)


def _timeout(pattern: regex.Pattern[str], rule_id: str, timeout: float,
             length: int) -> RegexTimeoutError:
    limit = time_limit(timeout, length)
    extra = f" (allowed {limit:.3g}s for {length} characters)" if limit > 1.05 * timeout else ""
    return RegexTimeoutError(
        f"rule {rule_id}: regular expression {pattern.pattern!r} ran past {timeout:g}s{extra} "
        "(catastrophic backtracking?); fix or disable the rule")


def finditer(pattern: regex.Pattern[str], text: str, rule_id: str,
             timeout: float) -> Iterator[regex.Match[str]]:
    """All matches, found before the first is yielded: the regex module counts the time a lazy
    ``finditer`` spends suspended in the caller's loop against its timeout, so the limit
    would measure the caller's work, not the pattern's."""
    limit = time_limit(timeout, len(text))
    try:
        matches = list(pattern.finditer(text, timeout=limit))
    except TimeoutError:
        raise _timeout(pattern, rule_id, timeout, len(text)) from None
    yield from matches


def search(pattern: regex.Pattern[str], text: str, rule_id: str,
           timeout: float, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
    end = len(text) if endpos is None else endpos
    limit = time_limit(timeout, end - pos)
    try:
        return pattern.search(text, pos, end, timeout=limit)
    except TimeoutError:
        raise _timeout(pattern, rule_id, timeout, end - pos) from None


def at_sentence_start(text: str, start: int) -> bool:
    return SENTENCE_START.search(text[max(0, start - 8):start]) is not None


def cased_like(replacement: str, text: str, start: int) -> str:
    """Capitalise a replacement that starts a sentence ("al-Sudani" -> "Al-Sudani")."""
    if replacement[:1].islower() and at_sentence_start(text, start):
        return replacement[0].upper() + replacement[1:]
    return replacement


class LazyPattern:
    """A regular expression compiled when first used. For patterns built from escaped literals
    (names, word lists), which cannot be malformed: a table of thousands of names loads
    without compiling (or even escaping) the patterns of entries no document reaches."""

    __slots__ = ("_source", "_flags", "_words", "_compiled")

    def __init__(self, source: str | None, flags: int = 0,
                 words: tuple[tuple[str, ...], bool] | None = None) -> None:
        self._source = source  # None: literal_alternation(*words), made when first needed
        self._flags = flags
        self._words = words
        self._compiled: regex.Pattern[str] | None = None

    def compiled(self) -> regex.Pattern[str]:
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern, self._flags)
        return self._compiled

    @property
    def pattern(self) -> str:
        if self._source is None:
            assert self._words is not None
            self._source = literal_alternation(*self._words)
        return self._source

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyPattern, (self.pattern, self._flags))

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, LazyPattern) and self.pattern == other.pattern
                and self._flags == other._flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self._flags))


def literal_pattern(words: Iterable[str], ignore_case: bool = False,
                    names: bool = True) -> regex.Pattern[str]:
    """``literal_alternation(words)``, built and compiled on first use (see
    :class:`LazyPattern`)."""
    lazy = LazyPattern(None, regex.IGNORECASE if ignore_case else 0, (tuple(words), names))
    return lazy  # type: ignore[return-value]  # it answers as a compiled pattern does


def literal_alternation(words: Iterable[str], names: bool = True) -> str:
    """A regex matching any of ``words`` literally, longest first, with word boundaries."""
    alts = "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
    if names:
        return f"{NAME_LEFT}(?:{alts}){NAME_RIGHT}"
    return rf"\b(?:{alts})\b"
