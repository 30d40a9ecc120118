"""``kind: source``: the translation checked against its source (JSONL/TSV input with a source
column), and source-language script left in the English. Every entry picks one ``check``:

- ``numbers``: every number the source writes in digits (any decimal digits: Persian ۰-۹,
  Arabic-Indic ٠-٩, full-width; separators ``, . ٬ ٫ / '`` and thin spaces read every way
  they can be: thousands, decimal, separate numbers, a time) must occur in the target, in
  digits or in words (``number_words``: "three", "twentieth", "half"; ``scale_words``:
  "thousand", "million"), possibly scaled by ten to a power in ``scales`` (a scale written
  as a word on one side only: ۱۰ هزار / "10,000"). Not checked: a year of another calendar
  (``calendar_years``, e.g. 1402) when the target has a Gregorian year (``gregorian_years``;
  such a year also reads as its last two digits: 18年 = "2018"); a day of the month when the
  target has a date (a converted date changes its day), or a day marked by ``day_after`` (日)
  when the target has a weekday (``weekday_names``); a month number (``month_after``, 月)
  when the target names that month (``month_names``); a number right after ``skip_before``
  or before ``skip_after`` (era years, COVID-19); a date written with two separators
  (13/10/1402); ``ignore`` values. A ``weak`` value (1: "a", "per") counts as missing only
  when the target has a number the source does not explain. ``pm_after`` after a target
  number makes it an afternoon hour (22.30 = "10.30 p.m."); ``source_scale_words`` join
  digits (1万4092 = 14,092). One issue per segment lists what is missing; it sits on the
  first target number the source does not explain, else on the whole segment. Flag only.
- ``untranslated_script``: ``pattern`` (text in a script English does not use) with the
  context fields of :mod:`mtfix.rules.matcher`. Needs no source. Flag only, unless ``fix``
  says how to write the span in English: ``ascii_digits`` (Persian and Arabic-Indic digits,
  with their decimal and thousands marks, as 0-9: the value is unchanged) or ``entity_name``
  (an Arabic-script run that is exactly the native form of an ``entity`` table entry becomes
  its canonical form; only native forms of two or more words, or of places, as one-word forms
  are often common words).
- ``missing_name``: a native form (``native``) of an ``entity`` table entry occurs in the
  source, but none of the entry's English forms (canonical, short, variants, misspellings,
  short variants, aliases, wire forms, literal mistranslation fixes, or the last word of the
  canonical name or a variant) occurs in the target. The issue covers the whole target
  segment (the name has no place in it to point at). ``entity_tables`` limits the tables
  used; native forms of fewer than ``min_native_words`` words (default 2) are ignored, as
  one-word forms are often common words (برادر "brother", بسیج "mobilisation"). Flag only.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import regex

from mtfix.document import Issue, Segment, Severity, make_issue
from mtfix.errors import TableError
from mtfix.rules.base import RuleContext, finditer, literal_alternation, search
from mtfix.rules.matcher import CONTEXT_FIELDS, Context, Matcher
from mtfix.tables import FieldSpec, RuleTable, compile_pattern

KIND = "source"
# build() takes every loaded table too (missing_name reads the entity tables); until the core's
# build_rules passes them, missing_name falls back to the shipped tables.
USES_TABLES = True
CHECKS = ("numbers", "untranslated_script", "missing_name")
SCRIPT_FIXES = ("ascii_digits", "entity_name")
ASCII_DIGITS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)},
                              **{chr(0x06F0 + i): str(i) for i in range(10)},
                              "\u066B": ".", "\u066C": ","})

ENTRY_FIELDS: dict[str, FieldSpec] = {
    "check": FieldSpec((str,), required=True),
    # numbers
    "number_words": FieldSpec((dict,)),
    "scale_words": FieldSpec((dict,)),
    "scales": FieldSpec((list,)),
    "calendar_years": FieldSpec((list,)),
    "gregorian_years": FieldSpec((list,)),
    "month_names": FieldSpec((list,)),
    "month_after": FieldSpec((str,), regex=True),
    "skip_before": FieldSpec((str,), regex=True),
    "skip_after": FieldSpec((str,), regex=True),
    "day_after": FieldSpec((str,), regex=True),
    "weekday_names": FieldSpec((list,)),
    "pm_after": FieldSpec((str,), regex=True),
    "ignore": FieldSpec((list,)),
    "weak": FieldSpec((list,)),
    "source_scale_words": FieldSpec((dict,)),
    # untranslated_script
    "pattern": FieldSpec((str,), regex=True),
    "fix": FieldSpec((str,)),
    **CONTEXT_FIELDS,
    # missing_name
    "entity_tables": FieldSpec((list,)),
    "min_native_words": FieldSpec((int,)),
}

CHECK_FIELDS: dict[str, frozenset[str]] = {
    "numbers": frozenset({"number_words", "scale_words", "scales", "calendar_years",
                          "gregorian_years", "month_names", "month_after", "skip_before",
                          "skip_after", "day_after", "weekday_names", "pm_after",
                          "ignore", "weak", "source_scale_words"}),
    "untranslated_script": frozenset({"pattern", "fix", *CONTEXT_FIELDS}),
    "missing_name": frozenset({"entity_tables", "min_native_words"}),
}
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "numbers": ("number_words", "scale_words"),
    "untranslated_script": ("pattern",),
    "missing_name": (),
}

# --- numbers ---------------------------------------------------------------------------

# Digits (any script) joined by separators; a space separates thousands only before 3 digits.
NUMBER = r"\d+(?:(?:[.,'’/:\u066B\u066C]|[ \u00A0\u202F\u2009](?=\d{3}(?!\d)))\d+)*"
SOURCE_NUMBER = regex.compile(rf"(?<!\d){NUMBER}")
TARGET_NUMBER = regex.compile(r"(?<!\d)\d+(?:(?:[.,/]|:\s?)\d+)*")
SEPARATOR = regex.compile(r"[.,'’/:\u066B\u066C \u00A0\u202F\u2009]")
THOUSANDS = frozenset(",.'’\u066C \u00A0\u202F\u2009")
DECIMAL = frozenset(".,/\u066B")
WORD = regex.compile(r"[a-z]+|[^\sa-z\-]")
IN_NAME = regex.compile(r"\p{L}[\-‐‑]?\Z")  # COVID-19, F-16: part of a name, not a count
DISPLAY = str.maketrans({"\u066B": ".", "\u066C": ",", "\u00A0": " ", "\u202F": " ",
                         "\u2009": " "})

Reading = tuple[Fraction, ...]  # one way to read a source number: values that must all occur


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


def _digits(group: str) -> int:
    """int() of a run of decimal digits of any script."""
    return int("".join(_digit(c) for c in group))


def _ascii(text: str) -> str:
    out = "".join(str(int(c)) if c.isdecimal() else c for c in text)
    return out.translate(DISPLAY)


def _is_thousands(seps: Sequence[str], groups: Sequence[str]) -> bool:
    return (len(set(seps)) == 1 and seps[0] in THOUSANDS
            and all(len(g) == 3 for g in groups[1:]))


def source_readings(token: str) -> tuple[list[Reading], bool]:
    """Every plausible reading of a source number, and whether it is a date (13/10/1402)."""
    groups = regex.split(SEPARATOR, token)
    seps = SEPARATOR.findall(token)
    if not seps:
        return [(Fraction(_digits(token)),)], False
    is_date = (len(seps) == 2 and seps[0] == seps[1] and seps[0] in "/."
               and len(groups[1]) <= 2 and (len(groups[0]) == 4 or len(groups[2]) in (2, 4)))
    readings: list[Reading] = []
    if _is_thousands(seps, groups):
        readings.append((Fraction(_digits("".join(groups))),))
    last = seps[-1]
    if last in DECIMAL and (len(seps) == 1 or (seps[0] != last
                                                and _is_thousands(seps[:-1], groups[:-1]))):
        whole = _digits("".join(groups[:-1]))
        readings.append((whole + Fraction(_digits(groups[-1]), 10 ** len(groups[-1])),))
    if set(seps) == {":"} and len(groups) in (2, 3):
        hour, minute = _digits(groups[0]), _digits(groups[1])
        for h in {hour, hour % 12 or 12}:
            readings.append((Fraction(h), Fraction(minute)))
            if minute == 0:
                readings.append((Fraction(h),))
    readings.append(tuple(Fraction(_digits(g)) for g in groups))
    return readings, is_date


@dataclass(frozen=True)
class NumberCheck:
    rule_id: str
    number_words: Mapping[str, Fraction]
    scale_words: Mapping[str, Fraction]
    factors: tuple[Fraction, ...]
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
    ignore: frozenset[Fraction]
    weak: frozenset[Fraction]
    source_number: regex.Pattern[str]
    source_scales: Mapping[str, int]
    category: str
    severity: Severity
    message: str

    def target_values(self, text: str) -> tuple[set[Fraction], list[tuple[int, int, set]]]:
        """Every value the target writes (digits and words) and its digit tokens."""
        values: set[Fraction] = set()
        tokens: list[tuple[int, int, set]] = []
        for m in TARGET_NUMBER.finditer(text):
            token_values = _target_token_values(m.group())
            scale = self.scale_after.match(text, m.end())
            if scale:
                factor = self.scale_words[scale.group(1).lower()]
                token_values |= {v * factor for v in token_values}
            if self.pm_after is not None and self.pm_after.match(text, m.end()):
                hour = _digits(regex.match(r"\d+", m.group()).group())
                if hour < 12:
                    token_values.add(Fraction(hour + 12))
            if (self.gregorian_years and len(m.group()) == 4 and m.group().isdecimal()
                    and self.gregorian_years[0] <= int(m.group()) <= self.gregorian_years[1]):
                token_values.add(Fraction(int(m.group()) % 100))  # 18年 = "2018"
            values |= token_values
            tokens.append((m.start(), m.end(), token_values))
        values |= self._word_values(text.lower())
        return values, tokens

    def _word_values(self, text: str) -> set[Fraction]:
        out: set[Fraction] = set()
        run: list[str] = []
        words = [m.group() for m in WORD.finditer(text)]
        for i, w in enumerate(words):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if (w in self.number_words or w in self.scale_words
                    or (w == "and" and run and nxt in self.number_words)
                    or (w == "a" and nxt in self.scale_words)):
                run.append(w)
                continue
            out |= self._run_values(run)
            run = []
        out |= self._run_values(run)
        return out

    def _run_values(self, run: list[str]) -> set[Fraction]:
        if not run:
            return set()
        out = {self.number_words[w] for w in run if w in self.number_words}
        out |= {self.scale_words[w] for w in run if w in self.scale_words}
        total, current = Fraction(0), Fraction(0)
        for w in run:
            if w in self.number_words:
                current += self.number_words[w]
            elif w in self.scale_words:
                scale = self.scale_words[w]
                if scale < 1000:
                    current = (current or 1) * scale
                else:
                    total += (current or 1) * scale
                    current = Fraction(0)
        out.add(total + current)
        return out

    def _readings(self, token: str) -> tuple[list[Reading], bool]:
        if not self.source_scales or not any(w in token for w in self.source_scales):
            return source_readings(token)
        total = Fraction(0)
        parts: list[Fraction] = []
        scales = "|".join(map(regex.escape, self.source_scales))
        for m in regex.finditer(rf"({NUMBER})({scales})?", token):
            value = source_readings(m.group(1))[0][0][0]
            parts.append(value)
            total += value * Fraction(10) ** self.source_scales.get(m.group(2) or "", 0)
        return [(total,), tuple(parts)], False

    def _explained(self, target_values: set[Fraction], source_values: set[Fraction]) -> bool:
        """Whether some target value is a source value times one of the factors."""
        factors = frozenset(self.factors)
        return any((tv == 0 and 0 in source_values) or
                   any(sv and tv / sv in factors for sv in source_values)
                   for tv in target_values)

    def _found(self, value: Fraction, target: set[Fraction]) -> bool:
        return any(value * f in target for f in self.factors)

    def _skipped(self, value: Fraction, token: str, source: str, start: int, end: int,
                 target: str, target_values: set[Fraction]) -> bool:
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
        source_values: set[Fraction] = set()
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
            missing.append((_ascii(token), all(len(r) == 1 and r[0] in self.weak
                                               for r in readings)))
        odd = next(((s, e) for s, e, vals in tokens
                    if not self._explained(vals, source_values)
                    and not IN_NAME.search(target, 0, s)), None)
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


def _target_token_values(token: str) -> set[Fraction]:
    groups = regex.split(r"[.,:/]", token)
    seps = regex.findall(r"[.,:/]", token)
    out = {Fraction(_digits(g)) for g in groups}
    if not seps:
        return out
    if len(set(seps)) == 1 and seps[0] in ".," and all(len(g) == 3 for g in groups[1:]):
        out.add(Fraction(int("".join(groups))))
    if seps[-1] in ".," and (len(seps) == 1 or _is_thousands(seps[:-1], groups[:-1])):
        out.add(int("".join(groups[:-1])) + Fraction(int(groups[-1]), 10 ** len(groups[-1])))
    return out


def _fraction(value: Any, path: str, label: str, where: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TableError(path, "must be a number", label, where)
    try:
        return Fraction(str(value))
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
              label: str) -> dict[str, Fraction]:
    out = {}
    for word, value in entry[name].items():
        if not isinstance(word, str) or not regex.fullmatch(r"[a-z]+", word):
            raise TableError(path, f"{word!r}: words are lower-case letters a-z", label, name)
        out[word] = _fraction(value, path, label, f"{name}.{word}")
    return out


def _build_numbers(table: RuleTable, entry: Mapping[str, Any]) -> NumberCheck:
    path, label = table.path, repr(entry["id"])
    number_words = _word_map(entry, "number_words", path, label)
    scale_words = _word_map(entry, "scale_words", path, label)
    exponents = entry.get("scales", [])
    if not all(isinstance(e, int) and not isinstance(e, bool) for e in exponents):
        raise TableError(path, "must be a list of integers (powers of ten)", label, "scales")
    factors = tuple(dict.fromkeys(
        [Fraction(1)] + [Fraction(10) ** (s * e) for e in exponents for s in (1, -1)]))
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


# --- names ------------------------------------------------------------------------------

ARABIC_FOLD = str.maketrans({
    "ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ة": "ه", "ۀ": "ه", "ګ": "گ", "\u200c": " ", "\u200d": "", "\u0640": "",
})
ARABIC_MARKS = regex.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED]")
NATIVE_LEFT = r"(?<![\p{L}\p{M}])(?:[وبلف](?=\p{L}))?"
NATIVE_RIGHT = r"(?![\p{L}\p{M}])"
PARTICLE = regex.compile(r"^(?:al|el|ul|ad|ar|as|an|at|az)[\-\s]", regex.IGNORECASE)


def fold_arabic(text: str) -> str:
    """Arabic-script text with its spelling variation folded away, for matching names."""
    return " ".join(ARABIC_MARKS.sub("", text.translate(ARABIC_FOLD)).split())


@dataclass(frozen=True)
class Name:
    canonical: str
    natives: Mapping[str, str]  # folded form -> as the table writes it
    english: regex.Pattern[str]


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, str) and v]


def _english_forms(entry: Mapping[str, Any]) -> list[str]:
    forms = [entry["canonical"]]
    for key in ("short", "variants", "misspellings", "short_variants", "aliases"):
        forms += _strings(entry.get(key, []))
    for value in (entry.get("wire_forms") or {}).values():
        forms += _strings(value)
    for mt in entry.get("mistranslations", []) or []:
        if isinstance(mt, Mapping) and mt.get("replacement") not in (None, "canonical", "short"):
            forms += _strings(mt["replacement"])
    for full in [entry["canonical"], *_strings(entry.get("variants", []))]:
        last = PARTICLE.sub("", full.split()[-1])
        if len(last) >= 4:
            forms.append(last)
    return forms


def entry_natives(entry: Mapping[str, Any]) -> dict[str, str]:
    """An entity entry's native forms: folded form -> as the table writes it."""
    return {fold_arabic(form): form for forms in (entry.get("native") or {}).values()
            for form in _strings(forms)}


def entity_names(tables: Iterable[RuleTable], only: Sequence[str] | None,
                 min_words: int) -> tuple[Name, ...]:
    """The names of every ``entity`` table (or those in ``only``) that have native forms."""
    out = []
    for table in tables:
        if table.kind != "entity" or (only is not None and table.id not in only):
            continue
        for entry in table.entries:
            natives = {k: v for k, v in entry_natives(entry).items()
                       if len(k.split()) >= min_words}
            if not natives:
                continue
            english = compile_pattern(literal_alternation(_english_forms(entry)), table.path,
                                      repr(entry["id"]), "canonical", ignore_case=True)
            out.append(Name(entry["canonical"], natives, english))
    return tuple(out)


@dataclass(frozen=True)
class NameIndex:
    names: tuple[Name, ...]
    pattern: regex.Pattern[str] | None
    by_native: Mapping[str, tuple[int, ...]]
    shown: Mapping[str, str]  # folded native form -> as the table writes it

    @classmethod
    def of(cls, names: tuple[Name, ...]) -> NameIndex:
        by_native: dict[str, list[int]] = {}
        shown: dict[str, str] = {}
        for i, name in enumerate(names):
            for native, written in name.natives.items():
                by_native.setdefault(native, []).append(i)
                shown.setdefault(native, written)
        if not by_native:
            return cls(names, None, {}, {})
        alts = "|".join(regex.escape(n) for n in sorted(by_native, key=len, reverse=True))
        pattern = regex.compile(f"{NATIVE_LEFT}({alts}){NATIVE_RIGHT}")
        return cls(names, pattern, {k: tuple(v) for k, v in by_native.items()}, shown)


@dataclass(frozen=True)
class MissingNameCheck:
    rule_id: str
    only: tuple[str, ...] | None
    min_words: int
    tables: tuple[RuleTable, ...]  # the loaded tables: entity names are read from them
    category: str
    severity: Severity
    message: str
    _index: list[NameIndex] = field(default_factory=list, compare=False, repr=False)

    def index(self) -> NameIndex:
        if not self._index:
            self._index.append(NameIndex.of(entity_names(self.tables, self.only,
                                                         self.min_words)))
        return self._index[0]

    def issues(self, ctx: RuleContext, segment: Segment) -> Iterator[Issue]:
        target = segment.text
        if not segment.source or not target.strip():
            return
        index = self.index()
        if index.pattern is None:
            return
        folded = fold_arabic(segment.source)
        seen: set[int] = set()
        for m in finditer(index.pattern, folded, self.rule_id, ctx.timeout):
            for i in index.by_native[m.group(1)]:
                if i in seen:
                    continue
                seen.add(i)
                name = index.names[i]
                if search(name.english, target, self.rule_id, ctx.timeout) is not None:
                    continue
                start = len(target) - len(target.lstrip())
                yield make_issue(
                    segment, start, len(target.rstrip()), category=self.category,
                    severity=self.severity, rule_id=self.rule_id,
                    message=self.message.format(name=name.canonical,
                                                native=index.shown[m.group(1)])
                    + " (flagged on the whole segment)")


# --- untranslated script ----------------------------------------------------------------


def native_canonicals(tables: Iterable[RuleTable]) -> dict[str, str]:
    """Folded native form -> canonical English name, for the native forms that name one entity
    only and are safe to replace: two or more words, or a place."""
    found: dict[str, set[str]] = {}
    for table in tables:
        if table.kind != "entity":
            continue
        for entry in table.entries:
            for folded in entry_natives(entry):
                if len(folded.split()) >= 2 or entry.get("type") == "place":
                    found.setdefault(folded, set()).add(str(entry["canonical"]))
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


@dataclass(frozen=True)
class ScriptCheck:
    """Text in a script English does not use; fixed where ``fix`` knows the English form."""

    matcher: Matcher
    fix: str | None = None
    names: Mapping[str, str] = field(default_factory=dict)  # for fix: entity_name

    def english(self, span: str) -> str | None:
        if self.fix == "ascii_digits":
            return span.translate(ASCII_DIGITS)
        if self.fix == "entity_name":
            return self.names.get(fold_arabic(span))
        return None

    def issues(self, ctx: RuleContext, segment: Segment) -> Iterator[Issue]:
        for issue in self.matcher.issues(ctx, segment):
            new = self.english(issue.span)
            if new is None or new == issue.span:
                yield issue
                continue
            yield dataclasses.replace(issue, replacements=(new,),
                                      message=f"{issue.message}; in English: '{new}'")


# --- the rule ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SourceRule:
    table_id: str
    numbers: tuple[NumberCheck, ...]
    scripts: tuple[ScriptCheck, ...]
    names: tuple[MissingNameCheck, ...]

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        for segment in ctx.doc.segments:
            for script in self.scripts:
                yield from script.issues(ctx, segment)
            if segment.source is None:
                continue
            for number in self.numbers:
                yield from number.issues(segment)
            for name in self.names:
                yield from name.issues(ctx, segment)


def _check_fields(table: RuleTable, entry: Mapping[str, Any]) -> str:
    label = repr(entry["id"])
    check = entry["check"]
    if check not in CHECKS:
        raise TableError(table.path, f"unknown check {check!r} (known: {', '.join(CHECKS)})",
                         label, "check")
    for name in REQUIRED_FIELDS[check]:
        if name not in entry:
            raise TableError(table.path, f"is required for check {check!r}", label, name)
    other = set(ENTRY_FIELDS) - {"check"} - CHECK_FIELDS[check]
    for name in sorted(other & set(entry)):
        raise TableError(table.path, f"does not apply to check {check!r}", label, name)
    return check


def build(table: RuleTable, tables: Sequence[RuleTable] = ()) -> SourceRule:
    """The rule of a ``source`` table; ``tables`` (all loaded tables, which ``build_rules`` passes
    since the kind USES_TABLES) feed ``missing_name`` and the ``entity_name`` script fix."""
    numbers: list[NumberCheck] = []
    scripts: list[ScriptCheck] = []
    names: list[MissingNameCheck] = []
    for entry in table.entries:
        label = repr(entry["id"])
        check = _check_fields(table, entry)
        if check == "numbers":
            numbers.append(_build_numbers(table, entry))
        elif check == "untranslated_script":
            fix = entry.get("fix")
            if fix is not None and fix not in SCRIPT_FIXES:
                raise TableError(table.path, f"unknown fix {fix!r} (known: "
                                 f"{', '.join(SCRIPT_FIXES)})", label, "fix")
            matcher = Matcher(
                rule_id=table.entry_rule_id(entry),
                pattern=compile_pattern(entry["pattern"], table.path, label, "pattern"),
                replacement=None, context=Context.from_fields(entry, table.path, label),
                category=table.entry_category(entry), severity=table.entry_severity(entry),
                message=table.entry_message(entry), confidence=table.entry_confidence(entry))
            known = native_canonicals(tables) if fix == "entity_name" else {}
            scripts.append(ScriptCheck(matcher, fix, known))
        else:
            only = entry.get("entity_tables")
            if only is not None and not all(isinstance(t, str) for t in only):
                raise TableError(table.path, "must be a list of table ids", label,
                                 "entity_tables")
            names.append(MissingNameCheck(
                rule_id=table.entry_rule_id(entry),
                only=tuple(only) if only is not None else None,
                min_words=int(entry.get("min_native_words", 2)),
                tables=tuple(tables),
                category=table.entry_category(entry), severity=table.entry_severity(entry),
                message=table.entry_message(entry)))
    return SourceRule(table.id, tuple(numbers), tuple(scripts), tuple(names))
