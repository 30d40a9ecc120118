"""Plain-text helpers: sentences and word diffs (used by rules and the model); which sentence
is a split-off fragment is ``mtfix.text.fragments`` (the fragment table).

No torch here: everything is pure string work, so it is cheap to test and to run on every
segment before deciding what the model sees.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import regex

_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "u.s",
        "u.k",
        "u.n",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "ltd",
        "co",
        "corp",
        "e.g",
        "i.e",
    ]
)
#: A sentence end: its stop and any closing quotes or brackets after it.
SENTENCE_END = r"[.!?…][\"”’')\]]*"
_BOUNDARY = regex.compile(rf"(?<={SENTENCE_END})\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_WORD = regex.compile(r"\S+")

@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Hunk:
    """A change of ``text[start:end]`` into ``new`` (word-aligned)."""

    start: int
    end: int
    new: str


def sentences(text: str) -> list[Span]:
    """Sentence spans of ``text`` (whitespace between sentences belongs to neither)."""
    spans: list[Span] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        before = text[pos : m.start()]
        last = before.rsplit(" ", 1)[-1].rstrip(".").lower()
        if last in _ABBREV or (len(last) == 1 and last.isalpha()):
            continue
        spans.append(Span(pos, m.start()))
        pos = m.end()
    if pos < len(text):
        end = len(text.rstrip())
        if end > pos:
            spans.append(Span(pos, end))
    return spans


def words(text: str) -> int:
    return len(text.split())


def left_window(text: str, span: Span, max_words: int) -> int:
    """Start offset of the last ``max_words`` words of ``text[span.start:span.end]``."""
    toks = list(_WORD.finditer(text, span.start, span.end))
    if len(toks) <= max_words:
        return span.start
    return toks[-max_words].start()


def diff_words(old: str, new: str, merge_gap: int = 3) -> list[Hunk]:
    """Word-level changes turning ``old`` into ``new``, hunks closer than ``merge_gap`` merged."""
    a = list(_WORD.finditer(old))
    b = list(_WORD.finditer(new))
    ops = [
        op
        for op in difflib.SequenceMatcher(
            None, [m.group() for m in a], [m.group() for m in b], autojunk=False
        ).get_opcodes()
        if op[0] != "equal"
    ]
    groups: list[list[int]] = []
    for tag, i1, i2, j1, j2 in ops:
        del tag
        if groups and i1 - groups[-1][1] <= merge_gap:
            groups[-1][1], groups[-1][3] = i2, j2
        else:
            groups.append([i1, i2, j1, j2])
    hunks: list[Hunk] = []
    for i1, i2, j1, j2 in groups:
        repl = new[b[j1].start() : b[j2 - 1].end()] if j2 > j1 else ""
        if i2 > i1:
            start, end = a[i1].start(), a[i2 - 1].end()
            if not repl:  # deletion: take one neighbouring space with it
                if i2 < len(a):
                    end = a[i2].start()
                elif i1 > 0:
                    start = a[i1 - 1].end()
            hunks.append(Hunk(start, end, repl))
        elif i1 < len(a):  # insertion before word i1
            hunks.append(Hunk(a[i1].start(), a[i1].start(), repl + " "))
        elif a:  # insertion at the end
            hunks.append(Hunk(a[-1].end(), a[-1].end(), " " + repl))
        else:
            hunks.append(Hunk(0, 0, repl))
    return hunks


def apply_hunks(text: str, hunks: list[Hunk]) -> str:
    out, pos = [], 0
    for h in sorted(hunks, key=lambda h: h.start):
        out.append(text[pos : h.start])
        out.append(h.new)
        pos = h.end
    out.append(text[pos:])
    return "".join(out)
