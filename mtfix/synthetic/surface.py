"""Surface corruptions of one sentence: a stray closing quote, Persian digits, looped words, and
the check that a sentence is clean in those respects before it is corrupted."""

from __future__ import annotations

import random

import regex

from mtfix.synthetic.corruption import Corruption, GoldSpan

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
NUMBER = regex.compile(r"(?<![\w.,])[0-9]{1,4}(?![\w.,]|\.[0-9])")
_DOUBLED = regex.compile(r"(?<!\.)[.,;:] ?[.,;:](?!\.)")
_ARABIC = regex.compile(r"\p{Script=Arabic}")


def well_formed(sentence: str) -> bool:
    """A usable clean sentence: balanced quotation marks, no doubled punctuation, no Arabic
    script (the errors the generator injects must not be in the clean text already)."""
    return (
        sentence.count("“") == sentence.count("”")
        and sentence.count("«") == sentence.count("»")
        and sentence.count('"') % 2 == 0
        and _DOUBLED.search(sentence) is None
        and _ARABIC.search(sentence) is None
    )


def stray_closing_quote(sentence: str, rng: random.Random) -> Corruption | None:
    """A closing mark at the end of a sentence whose quotation is already closed."""
    del rng
    for open_, close in (("“", "”"), ('"', '"')):
        n_open = sentence.count(open_)
        one_pair = (n_open == 2) if open_ == close else (n_open == 1
                                                          and sentence.count(close) == 1)
        closed_inside = one_pair and (
            sentence.index(open_) < sentence.rindex(close) < len(sentence) - 2)
        if closed_inside and regex.search(r"[.!?]\Z", sentence):
            n = len(sentence)
            span = GoldSpan(n, n + 1, close, "fluency/quotes", "minor", "", "quote",
                            "synthetic.stray_quote")
            return Corruption(sentence + close, (span,), "quote")
    return None


def persian_digits(sentence: str, rng: random.Random) -> Corruption | None:
    """A number of 1-4 digits written in Persian digits, as MT sometimes leaves it."""
    found = list(NUMBER.finditer(sentence))
    if not found:
        return None
    m = rng.choice(found)
    native = m.group().translate(_PERSIAN_DIGITS)
    span = GoldSpan(m.start(), m.end(), native, "locale/number-format", "minor", m.group(),
                    "digits", "synthetic.persian_digits")
    return Corruption(sentence[: m.start()] + native + sentence[m.end() :], (span,), "digits")


_LOWER_WORD = regex.compile(r"\p{Ll}[\p{Ll}'’-]*")


def loop_spots(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of runs of one to four lower-case words, space-separated, in ``sentence``."""
    tokens = list(regex.finditer(r"\S+", sentence))
    spots = []
    for i in range(len(tokens)):
        for n in range(1, 5):
            run = tokens[i:i + n]
            if len(run) < n or not all(_LOWER_WORD.fullmatch(t.group()) for t in run):
                break
            if all(b.start() == a.end() + 1 for a, b in zip(run, run[1:], strict=False)):
                spots.append((run[0].start(), run[-1].end()))
    return spots


def looped_words(sentence: str, rng: random.Random) -> Corruption | None:
    """One to four words written two to four more times after themselves, as MT does when
    it loops; the gold span is the extra copies."""
    spots = loop_spots(sentence)
    if not spots:
        return None
    start, end = rng.choice(spots)
    unit = sentence[start:end]
    copies = (rng.choice((" ", ", ")) + unit) * rng.choice((2, 3, 4))
    span = GoldSpan(end, end + len(copies), copies, "accuracy/addition", "major", "", "loop",
                    "synthetic.loop")
    return Corruption(sentence[:end] + copies + sentence[end:], (span,), "loop")
