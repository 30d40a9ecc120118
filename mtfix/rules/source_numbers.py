"""The ``numbers`` check of ``kind: source``: every number the source writes in digits must
occur in the target, in digits or in words (see mtfix.rules.source for the table fields)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import regex

from mtfix.document import Issue, Segment, Severity, make_issue
from mtfix.errors import TableError
from mtfix.rules.numbers import (
    IN_NAME,
    NUMBER,
    SOURCE_NUMBER,
    TARGET_NUMBER,
    WORD,
    Reading,
    digits_value,
    display_ascii,
    exact,
    source_readings,
    target_token_values,
)
from mtfix.tables import RuleTable, compile_pattern

#: A value: a whole number as an int (cheap to hash and multiply), else an exact Fraction
#: (see numbers.exact).
Value = int | Fraction
_exact = exact


def _reading(reading: tuple[Fraction, ...]) -> tuple[Value, ...]:
    return tuple(_exact(v) for v in reading)


@dataclass(frozen=True)
class NumberCheck:
    rule_id: str
    number_words: Mapping[str, Value]
    scale_words: Mapping[str, Value]
    factors: tuple[Value, ...]
    calendar_years: tuple[int, int] | None
    gregorian_years: tuple[int, int] | None
    months: tuple[regex.Pattern[str], ...]
    target_date: regex.Pattern[str] | None
    month_after: regex.Pattern[str] | None
    skip_before: regex.Pattern[str] | None
    skip_after: regex.Pattern[str] | None
    day_after: regex.Pattern[str] | None
    weekday: regex.Pattern[str] | None
    pm_after: regex.Pattern[str] | None
    scale_after: regex.Pattern[str]
    ignore: frozenset[Value]
    weak: frozenset[Value]
    source_number: regex.Pattern[str]
    source_scales: Mapping[str, int]
    category: str
    severity: Severity
    message: str

    def target_values(self, text: str) -> tuple[set[Value], list[tuple[int, int, set]]]:
        """Every value the target writes (digits and words) and its digit tokens."""
        values: set[Value] = set()
        tokens: list[tuple[int, int, set]] = []
        for m in TARGET_NUMBER.finditer(text):
            token_values = {_exact(v) for v in target_token_values(m.group())}
            scale = self.scale_after.match(text, m.end())
            if scale:
                factor = self.scale_words[scale.group(1).lower()]
                token_values |= {_exact(v * factor) for v in token_values}
            if self.pm_after is not None and self.pm_after.match(text, m.end()):
                hour = digits_value(regex.match(r"\d+", m.group()).group())
                if hour < 12:
                    token_values.add(hour + 12)
            if (self.gregorian_years and len(m.group()) == 4 and m.group().isdecimal()
                    and self.gregorian_years[0] <= int(m.group()) <= self.gregorian_years[1]):
                token_values.add(int(m.group()) % 100)  # 18年 = "2018"
            values |= token_values
            tokens.append((m.start(), m.end(), token_values))
        values |= self._word_values(text.lower())
        return values, tokens

    def _word_values(self, text: str) -> set[Value]:
        out: set[Value] = set()
        run: list[str] = []
        words = [m.group() for m in WORD.finditer(text)]
        for i, w in enumerate(words):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if (w in self.number_words or w in self.scale_words
                    or (w == "and" and run and nxt in self.number_words)
                    or (w == "a" and nxt in self.scale_words)):
                run.append(w)
                continue
            if run:
                out |= self._run_values(run)
                run = []
        out |= self._run_values(run)
        return out

    def _run_values(self, run: list[str]) -> set[Value]:
        if not run:
            return set()
        out = {self.number_words[w] for w in run if w in self.number_words}
        out |= {self.scale_words[w] for w in run if w in self.scale_words}
        total: Value = 0
        current: Value = 0
        for w in run:
            if w in self.number_words:
                current += self.number_words[w]
            elif w in self.scale_words:
                scale = self.scale_words[w]
                if scale < 1000:
                    current = (current or 1) * scale
                else:
                    total += (current or 1) * scale
                    current = 0
        out.add(_exact(total + current))
        return out

    def _readings(self, token: str) -> tuple[list[Reading], bool]:
        if not self.source_scales or not any(w in token for w in self.source_scales):
            readings, is_date = source_readings(token)
            return [_reading(r) for r in readings], is_date
        total = Fraction(0)
        parts: list[Value] = []
        scales = "|".join(map(regex.escape, self.source_scales))
        for m in regex.finditer(rf"({NUMBER})({scales})?", token):
            value = source_readings(m.group(1))[0][0][0]
            parts.append(_exact(value))
            total += value * Fraction(10) ** self.source_scales.get(m.group(2) or "", 0)
        return [(_exact(total),), tuple(parts)], False

    def _explaining(self, source_values: set[Value], fractions: bool) -> set[Value]:
        """The target values a source value explains: itself times one of the factors (0 only
        where the source has 0); a target value ``tv`` is explained when ``tv / sv`` is a
        factor, that is ``tv == sv * f``. Products that are not whole are made only when the
        target has a value that is not whole (``fractions``): an int equals no other."""
        out: set[Value] = set()
        parts = self._factor_parts
        for sv in source_values:
            if not sv:
                continue
            for num, den in parts:
                if isinstance(sv, int) and (sv * num) % den == 0:
                    out.add(sv * num // den)
                elif fractions:
                    out.add(_exact(sv * Fraction(num, den)))
        if 0 in source_values:
            out.add(0)
        return out

    @cached_property
    def _factor_parts(self) -> tuple[tuple[int, int], ...]:
        """The factors as (numerator, denominator), worked out once per check."""
        return tuple((f, 1) if isinstance(f, int) else (f.numerator, f.denominator)
                     for f in self.factors)

    def _found(self, value: Value, target: set[Value]) -> bool:
        return any(value * f in target for f in self.factors)

    def _skipped(self, value: Value, token: str, source: str, start: int, end: int,
                 target: str, target_values: set[Value]) -> bool:
        if value in self.ignore:
            return True
        if (self.calendar_years and self.gregorian_years and len(token) == 4
                and self.calendar_years[0] <= value <= self.calendar_years[1]
                and any(v.denominator == 1
                        and self.gregorian_years[0] <= v <= self.gregorian_years[1]
                        for v in target_values)):
            return True
        if (self.target_date is not None and value.denominator == 1 and 1 <= value <= 31
                and self.target_date.search(target)):
            return True
        if (self.month_after is not None and 1 <= value <= 12 and value.denominator == 1
                and self.month_after.match(source, end)
                and self.months[int(value) - 1].search(target)):
            return True
        if self.skip_before is not None and self.skip_before.search(source, 0, start):
            return True
        if (self.day_after is not None and self.day_after.match(source, end)
                and self.weekday is not None and self.weekday.search(target)):
            return True
        return self.skip_after is not None and self.skip_after.match(source, end) is not None

    def issues(self, segment: Segment) -> Iterator[Issue]:
        source, target = segment.source or "", segment.text
        if not target.strip() or not SOURCE_NUMBER.search(source):
            return
        values, tokens = self.target_values(target)
        missing: list[tuple[str, bool]] = []
        source_values: set[Value] = set()
        for m in self.source_number.finditer(source):
            token = m.group()
            readings, is_date = self._readings(token)
            source_values.update(v for r in readings for v in r)
            if is_date:
                continue
            if any(all(self._found(v, values) or self._skipped(
                    v, token, source, m.start(), m.end(), target, values) for v in r)
                   for r in readings):
                continue
            missing.append((display_ascii(token), all(len(r) == 1 and r[0] in self.weak
                                               for r in readings)))
        explained = self._explaining(source_values, any(
            not isinstance(v, int) for _, _, vals in tokens for v in vals))
        odd = next(((s, e) for s, e, vals in tokens
                    if explained.isdisjoint(vals) and not IN_NAME.search(target, 0, s)), None)
        if odd is None:  # a weak number (1: "a", "an", "per") counts only next to a wrong one
            missing = [m for m in missing if not m[1]]
        if not missing:
            return
        listed = ", ".join(dict.fromkeys(text for text, _ in missing))
        if odd is not None:
            start, end = odd
            where = f"; the translation has {target[start:end]} here"
        else:
            start = len(target) - len(target.lstrip())
            end = len(target.rstrip())
            where = " (flagged on the whole segment)"
        yield make_issue(segment, start, end, category=self.category, severity=self.severity,
                         rule_id=self.rule_id,
                         message=self.message.format(numbers=listed, span=target[start:end])
                         + where)


def _fraction(value: Any, path: str, label: str, where: str) -> Value:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TableError(path, "must be a number", label, where)
    try:
        return _exact(Fraction(str(value)))
    except ValueError:
        raise TableError(path, f"{value!r} is not a number", label, where) from None


def _range(entry: Mapping[str, Any], name: str, path: str,
           label: str) -> tuple[int, int] | None:
    value = entry.get(name)
    if value is None:
        return None
    if (len(value) != 2 or not all(isinstance(v, int) for v in value)
            or value[0] > value[1]):
        raise TableError(path, "must be [lowest, highest] (two integers)", label, name)
    return value[0], value[1]


def _word_map(entry: Mapping[str, Any], name: str, path: str,
              label: str) -> dict[str, Value]:
    out = {}
    for word, value in entry[name].items():
        if not isinstance(word, str) or not regex.fullmatch(r"[a-z]+", word):
            raise TableError(path, f"{word!r}: words are lower-case letters a-z", label, name)
        out[word] = _fraction(value, path, label, f"{name}.{word}")
    return out


def build_numbers(table: RuleTable, entry: Mapping[str, Any]) -> NumberCheck:
    path, label = table.path, repr(entry["id"])
    number_words = _word_map(entry, "number_words", path, label)
    scale_words = _word_map(entry, "scale_words", path, label)
    exponents = entry.get("scales", [])
    if not all(isinstance(e, int) and not isinstance(e, bool) for e in exponents):
        raise TableError(path, "must be a list of integers (powers of ten)", label, "scales")
    factors = tuple(dict.fromkeys(
        _exact(f) for f in [Fraction(1)] + [Fraction(10) ** (s * e) for e in exponents
                                            for s in (1, -1)]))
    month_names = entry.get("month_names")
    months: tuple[regex.Pattern[str], ...] = ()
    target_date = None
    if month_names is not None:
        if len(month_names) != 12 or not all(isinstance(m, str) and m for m in month_names):
            raise TableError(path, "must list the 12 month names", label, "month_names")
        months = tuple(regex.compile(rf"\b(?:{regex.escape(m)}|{regex.escape(m[:3])}\.?)\b")
                       for m in month_names)
        any_month = "|".join(f"{regex.escape(m)}|{regex.escape(m[:3])}\\.?"
                             for m in month_names)
        target_date = regex.compile(
            rf"\b(?:{any_month})\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?"
            rf"(?:{any_month})\b")
    source_scales = entry.get("source_scale_words", {})
    if not all(isinstance(k, str) and k and isinstance(v, int) for k, v in source_scales.items()):
        raise TableError(path, "maps a word to a power of ten", label, "source_scale_words")
    source_number = SOURCE_NUMBER
    if source_scales:
        alts = "|".join(map(regex.escape, sorted(source_scales, key=len, reverse=True)))
        source_number = regex.compile(
            rf"(?<!\d){NUMBER}(?:(?:{alts}){NUMBER})+(?:{alts})?|(?<!\d){NUMBER}")
    weekdays = entry.get("weekday_names")
    weekday = None
    if weekdays is not None:
        if len(weekdays) != 7 or not all(isinstance(d, str) and d for d in weekdays):
            raise TableError(path, "must list the 7 weekday names", label, "weekday_names")
        weekday = regex.compile(r"\b(?:" + "|".join(map(regex.escape, weekdays)) + r")\b")
    scales = "|".join(regex.escape(w) for w in sorted(scale_words, key=len, reverse=True))

    def optional(name: str, anchor: str) -> regex.Pattern[str] | None:
        if name not in entry:
            return None
        return compile_pattern(anchor.format(entry[name]), path, label, name)

    return NumberCheck(
        rule_id=table.entry_rule_id(entry), number_words=number_words,
        scale_words=scale_words, factors=factors,
        calendar_years=_range(entry, "calendar_years", path, label),
        gregorian_years=_range(entry, "gregorian_years", path, label),
        months=months, target_date=target_date,
        month_after=optional("month_after", "\\s*(?:{})"),
        skip_before=optional("skip_before", "(?:{})\\Z"),
        skip_after=optional("skip_after", "(?:{})"),
        day_after=optional("day_after", "\\s*(?:{})"),
        weekday=weekday,
        pm_after=optional("pm_after", "(?:{})"),
        scale_after=regex.compile(rf"[\s\-]*({scales})\b", regex.IGNORECASE),
        ignore=frozenset(_fraction(v, path, label, "ignore") for v in entry.get("ignore", [])),
        weak=frozenset(_fraction(v, path, label, "weak") for v in entry.get("weak", [])),
        source_number=source_number, source_scales=source_scales,
        category=table.entry_category(entry), severity=table.entry_severity(entry),
        message=table.entry_message(entry))
