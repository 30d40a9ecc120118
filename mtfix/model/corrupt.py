"""Reverse of simple rule-level MT errors: make them in clean text so the model learns to undo them.

Each function takes a clean sentence and a ``random.Random`` and returns the corrupted text, or
None when the error cannot be made in that sentence.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import regex

Corruptor = Callable[[str, random.Random], "str | None"]


def doubled_stop(text: str, rng: random.Random) -> str | None:
    if not text.endswith("."):
        return None
    return text + rng.choice((" .", ".", " . ."))


def space_before_punct(text: str, rng: random.Random) -> str | None:
    spots = [m.start() for m in regex.finditer(r"(?<=\w)[,.;:](?= |$)", text)]
    if not spots:
        return None
    i = rng.choice(spots)
    return text[:i] + " " + text[i:]


def duplicated_word(text: str, rng: random.Random) -> str | None:
    words = text.split(" ")
    spots = [i for i, w in enumerate(words[:-1]) if w.isalpha() and w.islower()]
    if not spots:
        return None
    i = rng.choice(spots)
    return " ".join(words[: i + 1] + [words[i]] + words[i + 1 :])


def stray_closing_quote(text: str, rng: random.Random) -> str | None:
    spots = [m.end() for m in regex.finditer(r"[.!?](?= [A-Z])", text)]
    if not spots:
        return None
    i = rng.choice(spots)
    return text[:i] + rng.choice(("”", '"')) + text[i:]


CORRUPTORS: tuple[tuple[str, Corruptor], ...] = (
    ("doubled-stop", doubled_stop),
    ("space-before-punct", space_before_punct),
    ("duplicated-word", duplicated_word),
    ("stray-quote", stray_closing_quote),
)


def corrupt(text: str, rng: random.Random) -> tuple[str, str] | None:
    """Apply one randomly chosen corruption; returns (kind, corrupted) or None."""
    order = list(CORRUPTORS)
    rng.shuffle(order)
    for kind, fn in order:
        out = fn(text, rng)
        if out is not None and out != text:
            return kind, out
    return None
