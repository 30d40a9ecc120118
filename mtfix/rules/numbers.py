"""Numbers as a source writes them and as an English translation writes them.

Digits of any script (Persian ۰-۹, Arabic-Indic ٠-٩, full-width, ...) joined by separators
(``, . ٬ ٫ / '`` and thin spaces) are read every way they can be: thousands, decimal, separate
numbers, a time. Used by the ``numbers`` check of ``kind: source`` (mtfix.rules.source_numbers);
the words of each language (number words, scale words, month names) are table data, not here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from fractions import Fraction

import regex

# Digits (any script) joined by separators; a space separates thousands only before 3 digits.
NUMBER = r"\d+(?:(?:[.,'’/:\u066B\u066C]|[ \u00A0\u202F\u2009](?=\d{3}(?!\d)))\d+)*"
SOURCE_NUMBER = regex.compile(rf"(?<!\d){NUMBER}")
TARGET_NUMBER = regex.compile(r"(?<!\d)\d+(?:(?:[.,/]|:\s?)\d+)*")
SEPARATOR = regex.compile(r"[.,'’/:\u066B\u066C \u00A0\u202F\u2009]")
TARGET_SEPARATOR = regex.compile(r"[.,:/]")
THOUSANDS = frozenset(",.'’\u066C \u00A0\u202F\u2009")
DECIMAL = frozenset(".,/\u066B")
WORD = regex.compile(r"[a-z]+|[^\sa-z\-]")
IN_NAME = regex.compile(r"\p{L}[\-‐‑]?\Z")  # COVID-19, F-16: part of a name, not a count
DISPLAY = str.maketrans({"\u066B": ".", "\u066C": ",", "\u00A0": " ", "\u202F": " ",
                         "\u2009": " "})

Reading = tuple[int | Fraction, ...]  # one way to read a source number: values that must all occur


_ND = regex.compile(r"\p{Nd}")


def _digit(c: str) -> str:
    """One decimal digit as ASCII. The regex module's Unicode tables can be newer than
    Python's (Kawi digits U+11F50.. match \\d but int() rejects them): digits come in runs of
    ten from zero, so an unknown one is read from its place in its run."""
    value = unicodedata.decimal(c, None)
    if value is None:
        o = zero = ord(c)
        while zero > 0 and _ND.match(chr(zero - 1)):
            zero -= 1
        value = (o - zero) % 10
    return str(value)


def digits_value(group: str) -> int:
    """int() of a run of decimal digits of any script."""
    return int("".join(_digit(c) for c in group))


def display_ascii(text: str) -> str:
    out = "".join(str(int(c)) if c.isdecimal() else c for c in text)
    return out.translate(DISPLAY)


def is_thousands(seps: Sequence[str], groups: Sequence[str]) -> bool:
    return (len(set(seps)) == 1 and seps[0] in THOUSANDS
            and all(len(g) == 3 for g in groups[1:]))


def exact(value: int | Fraction) -> int | Fraction:
    """A whole number as an int (cheap to hash), else the Fraction; the two compare and hash
    alike (Fraction(3) == 3), so sets of either agree."""
    return value.numerator if value.denominator == 1 else value


def source_readings(token: str) -> tuple[list[Reading], bool]:
    """Every plausible reading of a source number, and whether it is a date (13/10/1402)."""
    groups = regex.split(SEPARATOR, token)
    seps = SEPARATOR.findall(token)
    if not seps:
        return [(digits_value(token),)], False
    is_date = (len(seps) == 2 and seps[0] == seps[1] and seps[0] in "/."
               and len(groups[1]) <= 2 and (len(groups[0]) == 4 or len(groups[2]) in (2, 4)))
    readings: list[Reading] = []
    if is_thousands(seps, groups):
        readings.append((digits_value("".join(groups)),))
    last = seps[-1]
    if last in DECIMAL and (len(seps) == 1 or (seps[0] != last
                                                and is_thousands(seps[:-1], groups[:-1]))):
        whole = digits_value("".join(groups[:-1]))
        readings.append((exact(whole + Fraction(digits_value(groups[-1]),
                                                10 ** len(groups[-1]))),))
    if set(seps) == {":"} and len(groups) in (2, 3):
        hour, minute = digits_value(groups[0]), digits_value(groups[1])
        for h in {hour, hour % 12 or 12}:
            readings.append((h, minute))
            if minute == 0:
                readings.append((h,))
    readings.append(tuple(digits_value(g) for g in groups))
    return readings, is_date


def target_token_values(token: str) -> set[int | Fraction]:
    groups = TARGET_SEPARATOR.split(token)
    seps = TARGET_SEPARATOR.findall(token)
    out: set[int | Fraction] = {digits_value(g) for g in groups}
    if not seps:
        return out
    if len(set(seps)) == 1 and seps[0] in ".," and all(len(g) == 3 for g in groups[1:]):
        out.add(int("".join(groups)))
    if seps[-1] in ".," and (len(seps) == 1 or is_thousands(seps[:-1], groups[:-1])):
        out.add(exact(int("".join(groups[:-1]))
                      + Fraction(int(groups[-1]), 10 ** len(groups[-1]))))
    return out
