"""The per-document word index the entity tables share: which segments hold which word
tokens (so an entry's patterns run only where its words are), where each segment starts in
the document's text, and each entity's mentions and chosen form for this document."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate
from typing import Protocol

import regex

from mtfix.document import Segment
from mtfix.rules.base import RuleContext, finditer


class Named(Protocol):
    """What the index reads of an entity entry: its rule id and its mention pattern."""

    @property
    def rule_id(self) -> str: ...

    @property
    def mention(self) -> regex.Pattern[str]: ...


WORD = regex.compile(r"\w+")


def word_tokens(text: str) -> frozenset[str]:
    """The word tokens of the case-folded ``text`` (the prefilter's vocabulary)."""
    return frozenset(WORD.findall(text.casefold()))


@lru_cache(maxsize=65536)
def index_key(need: frozenset[str]) -> str:
    """The token a form is indexed by: its longest (so rarest) word, ties broken by order."""
    return max(sorted(need), key=len)


class DocIndex:
    """Per-document state shared by every entity table: word sets and mention spans."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self._tokens: frozenset[str] | None = None
        self._where: dict[str, list[int]] = {}  # word token -> indexes of segments with it
        self._seg_tokens: list[frozenset[str]] = []
        self.mentions: dict[str, list[tuple[int, int, int]]] = {}
        self.targets: dict[str, str] = {}
        self.filter_segments = True
        self._offsets: list[int] | None = None

    @property
    def tokens(self) -> frozenset[str]:
        if self._tokens is None:
            self._seg_tokens = [word_tokens(seg.text) for seg in self.ctx.doc.segments]
            where = self._where
            for i, toks in enumerate(self._seg_tokens):
                for tok in toks:
                    where.setdefault(tok, []).append(i)
            self._tokens = frozenset(where)
        return self._tokens

    def segments(self, needs: tuple[frozenset[str], ...]) -> Iterator[Segment]:
        """The segments in which one of the forms whose word tokens are ``needs`` can occur."""
        segments = self.ctx.doc.segments
        if not self.filter_segments:
            yield from segments
            return
        self.tokens  # noqa: B018 (fills the word index)
        if len(needs) == 1 and needs[0]:
            (need,) = needs
            for i in self._where.get(index_key(need), ()):
                if need <= self._seg_tokens[i]:
                    yield segments[i]
            return
        picked: set[int] = set()
        for need in needs:
            if not need:
                yield from segments
                return
            picked.update(i for i in self._where.get(index_key(need), ())
                          if need <= self._seg_tokens[i])
        for i in sorted(picked):
            yield segments[i]

    def offset(self, index: int) -> int:
        """Where segment ``index`` starts in ``ctx.text`` (the segments joined by newlines)."""
        if self._offsets is None:
            self._offsets = list(accumulate((len(s.text) + 1 for s in self.ctx.doc.segments),
                                            initial=0))
        return self._offsets[index]

    def mention_spans(self, entry: Named) -> list[tuple[int, int, int]]:
        """Where the document names ``entry`` (its ``mention`` pattern), segment by segment."""
        spans = self.mentions.get(entry.rule_id)
        if spans is None:
            spans = [(seg.index, m.start(), m.end())
                     for seg in self.ctx.doc.segments
                     for m in finditer(entry.mention, seg.text, entry.rule_id,
                                       self.ctx.timeout)]
            self.mentions[entry.rule_id] = spans
        return spans


def doc_index(ctx: RuleContext) -> DocIndex:
    cache = ctx.cache.get("entity")
    if cache is None:
        cache = ctx.cache["entity"] = DocIndex(ctx)
    return cache
