"""What every rule kind shares: the rule protocol, the per-run context and regex helpers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import regex

from mtfix.document import Document, Issue
from mtfix.errors import RegexTimeoutError

DEFAULT_REGEX_TIMEOUT = 1.0  # seconds per search; a user pattern that backtracks is stopped

# Name boundaries: a name neither starts nor ends inside a word or a hyphenated compound.
NAME_LEFT = r"(?<![\w\-])"
NAME_RIGHT = r"(?![\w\-])"
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

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "\n".join(s.text for s in self.doc.segments)
        return self._text

    def document_has(self, pattern: regex.Pattern[str], rule_id: str) -> bool:
        key = (pattern.pattern, pattern.flags)
        if key not in self._doc_search:
            self._doc_search[key] = search(pattern, self.text, rule_id, self.timeout) is not None
        return self._doc_search[key]


def finditer(pattern: regex.Pattern[str], text: str, rule_id: str,
             timeout: float) -> Iterator[regex.Match[str]]:
    try:
        yield from pattern.finditer(text, timeout=timeout)
    except TimeoutError:
        raise RegexTimeoutError(
            f"rule {rule_id}: regular expression {pattern.pattern!r} ran past {timeout:g}s "
            "(catastrophic backtracking?); fix or disable the rule"
        ) from None


def search(pattern: regex.Pattern[str], text: str, rule_id: str,
           timeout: float, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
    try:
        return pattern.search(text, pos, len(text) if endpos is None else endpos, timeout=timeout)
    except TimeoutError:
        raise RegexTimeoutError(
            f"rule {rule_id}: regular expression {pattern.pattern!r} ran past {timeout:g}s "
            "(catastrophic backtracking?); fix or disable the rule"
        ) from None


def at_sentence_start(text: str, start: int) -> bool:
    return SENTENCE_START.search(text[max(0, start - 8):start]) is not None


def cased_like(replacement: str, text: str, start: int) -> str:
    """Capitalise a replacement that starts a sentence ("al-Sudani" -> "Al-Sudani")."""
    if replacement[:1].islower() and at_sentence_start(text, start):
        return replacement[0].upper() + replacement[1:]
    return replacement


def literal_alternation(words: Iterable[str], names: bool = True) -> str:
    """A regex matching any of ``words`` literally, longest first, with word boundaries."""
    alts = "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
    if names:
        return f"{NAME_LEFT}(?:{alts}){NAME_RIGHT}"
    return rf"\b(?:{alts})\b"
