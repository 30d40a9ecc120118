"""Dates written in English text: "Thursday, January 18", "28 Marghumay 1402", "Jadi 10th".

A :class:`DateFinder` is built from the month words one calendar uses (Gregorian month names,
or a table's native month spellings) and a :class:`DateGrammar` (weekdays, ordinal suffixes,
the "of" in "10th of Jadi", era markers), all supplied by the tables. It finds a month word only
next to a day number that can be a day (1-31, not part of a larger number, a range, a
percentage or a version such as "Gemini 2.0").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import regex

from mtfix.text.patterns import NAME_LEFT, NAME_RIGHT

# Persian and Arabic-Indic digits read as ASCII, and the Arabic-script letters that Persian,
# Pashto and Arabic keyboards encode differently read as one; one code point for one, so
# offsets into the normalised text are offsets into the original.
NORMAL = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩يىك", "01234567890123456789ییک")
APOSTROPHES = "'’ʿʼ‘`"
DIGIT = regex.compile(r"\d")


def _head(word: str) -> str:
    """A month word's first part, up to a space, hyphen or apostrophe (for :attr:`gate`)."""
    return regex.split(f"[\\s\\-{APOSTROPHES}]", normalise(word), maxsplit=1)[0] or word


def normalise(text: str) -> str:
    """Digits and Arabic-script letter variants made uniform, keeping every offset."""
    return text.translate(NORMAL)


def _flexible(word: str) -> str:
    """A literal word whose apostrophes may vary or be missing and whose spaces and hyphens
    are interchangeable ("Rabi' al-Awwal" also matches "Rabi’ al Awwal", "Rabi al-Awwal")."""
    out = []
    for ch in normalise(word):
        if ch in APOSTROPHES:
            out.append(f"[{regex.escape(APOSTROPHES)}]?")
        elif ch in " -":
            out.append(r"[\s\-]")
        else:
            out.append(regex.escape(ch))
    return "".join(out)


def alternation(words: Iterable[str]) -> str:
    """Any of ``words`` (longest first) as a whole name, not inside a word or compound."""
    alts = "|".join(_flexible(w) for w in sorted(set(words), key=len, reverse=True))
    return f"{NAME_LEFT}(?:{alts}){NAME_RIGHT}"


def fold(word: str) -> str:
    """The key under which a month word is looked up (apostrophes, hyphens, spaces, case)."""
    kept = "".join(" " if ch in " -" else ch for ch in normalise(word) if ch not in APOSTROPHES)
    return " ".join(kept.split()).casefold()


def group_index(word: str, groups: Sequence[Sequence[str]]) -> int | None:
    """The index of the group of spellings ``word`` is one of (folded), else None."""
    key = fold(word)
    for i, names in enumerate(groups):
        if key in {fold(n) for n in names}:
            return i
    return None


@dataclass(frozen=True)
class DateGrammar:
    """The English words around a date; index 0 of ``weekdays`` is Monday."""

    weekdays: tuple[tuple[str, ...], ...]
    ordinals: tuple[str, ...]
    joiners: tuple[str, ...]
    #: ordinal words for days 1.. ("fifth", "twenty-fifth"), read only before a joiner and a
    #: month ("the fifth of Mordad"); () when the table gives none
    day_words: tuple[tuple[str, ...], ...] = ()

    @property
    def day_word_spellings(self) -> list[str]:
        """Every spelling of every day in words, in table order."""
        return [w for names in self.day_words for w in names]

    def day_word_number(self, word: str) -> int | None:
        index = group_index(word, self.day_words)
        return None if index is None else index + 1

    def weekday_index(self, word: str) -> int | None:
        return group_index(word, self.weekdays)

    def weekday_name(self, index: int) -> str:
        return self.weekdays[index][0]


@dataclass(frozen=True)
class Mention:
    """One date in a segment. ``start`` includes a leading weekday, ``date_start`` does not;
    ``end`` includes the year (and era marker) when there is one."""

    start: int
    end: int
    date_start: int
    month_word: str
    day: int
    year: int | None
    weekday: int | None
    weekday_comma: bool
    year_comma: bool
    day_first: bool
    in_words: bool = False  # the day written in words ("the fifth of Mordad")

    @property
    def month_key(self) -> str:
        return fold(self.month_word)


def _date_regex(grammar: DateGrammar, months: Iterable[str], eras: Iterable[str],
                abbreviation_dot: bool) -> str:
    weekdays = alternation(w for names in grammar.weekdays for w in names)
    month = alternation(months)
    dot = r"\.?" if abbreviation_dot else ""
    ordinal = "|".join(regex.escape(o) for o in grammar.ordinals) or "(?!)"
    guard = r"(?!\w|[.,:/]\d|\s*[-–]\s*\d|\s*%)"
    day = r"(?<![\w.,:/\-–])(?P<{g}>[0-3]?\d)(?:" + ordinal + ")?" + guard
    joiner = "".join(f"|\\s+{_flexible(j)}" for j in grammar.joiners)
    words = grammar.day_word_spellings
    era_list = list(eras)
    era_alt = alternation(era_list) if era_list else "(?!)"
    era = f"(?:\\s+(?P<era>{era_alt}))?"
    # a month that ends a day-first date is not a name's first part: "the Second of Khordad
    # Movement", "15 Khordad Street", "the first of Asad's sons" (an era marker may follow)
    no_name = f"(?!['’]s\\b|[ \\t]+(?!{era_alt})\\p{{Lu}}\\p{{Ll}})"
    # a day in words needs a joiner before the month ("the fifth of Mordad")
    in_words = (f"|(?:(?i:the)\\s+)?(?P<dw>(?i:{alternation(words)}))(?:{joiner[1:]})\\s+"
                f"(?P<m3>{month}){no_name}") if words and joiner else ""
    return (
        f"(?:(?P<wd>{weekdays})(?P<wdc>,)?\\s+)?"
        f"(?P<core>{day.format(g='d1')}(?:{joiner[1:] or '(?!)'})?\\s+(?P<m1>{month}){no_name}"
        f"|(?P<m2>{month}){dot}\\s+{day.format(g='d2')}{in_words})"
        f"(?:(?P<yc>,)?\\s+(?P<y>\\d{{4}})(?![\\w]|[.,]\\d){era})?"
    )


@dataclass(frozen=True)
class DateFinder:
    """Finds dates of one calendar: alone, before "(", or as "(date)" right after a text."""

    grammar: DateGrammar
    gate: regex.Pattern[str]           # a cheap test: some month word's first part occurs
    day_words: regex.Pattern[str] | None  # a day in words, when the grammar has them
    plain: regex.Pattern[str]
    before_paren: regex.Pattern[str]   # "<date> (" ending where the search window ends
    in_paren: regex.Pattern[str]       # " (<date>)", used with match() at a position
    year_ok: Callable[[int], bool]

    @classmethod
    def build(cls, grammar: DateGrammar, months: Iterable[str], year_ok: Callable[[int], bool],
              eras: Iterable[str] = (), abbreviation_dot: bool = False) -> DateFinder:
        months = list(months)
        body = _date_regex(grammar, months, list(eras), abbreviation_dot)
        return cls(
            grammar=grammar,
            # a month word starts where no letter precedes it ("28Dey" yes, "They" no)
            gate=regex.compile(r"(?<![^\W\d_])\L<heads>",
                               heads=sorted({_head(w) for w in months})),
            day_words=regex.compile(r"(?i:\L<words>)", words=sorted(
                set(grammar.day_word_spellings))) if grammar.day_words else None,
            plain=regex.compile(body),
            before_paren=regex.compile(f"(?:{body})(?P<gap>\\s*)\\(\\s*\\Z"),
            in_paren=regex.compile(f"(?P<gap>\\s*)\\(\\s*(?:{body})\\s*\\)"),
            year_ok=year_ok,
        )

    def parse(self, m: regex.Match[str], shift: int = 0) -> Mention:
        groups = m.groupdict()  # "m3" and "dw" only where the grammar has day words
        day_first = groups["m1"] is not None or groups.get("m3") is not None
        month_word = groups["m1"] or groups["m2"] or groups.get("m3") or ""
        digits = groups["d1"] or groups["d2"]
        day = int(digits) if digits else self.grammar.day_word_number(groups.get("dw") or "") or 0
        year: int | None = None
        end = m.end("core")
        if m.group("y") is not None and self.year_ok(int(m.group("y"))):
            year = int(m.group("y"))
            end = m.end("era") if m.group("era") else m.end("y")
        weekday = self.grammar.weekday_index(m.group("wd")) if m.group("wd") else None
        return Mention(
            start=m.start() + shift, end=end + shift, date_start=m.start("core") + shift,
            month_word=month_word, day=day, year=year, weekday=weekday,
            weekday_comma=m.group("wdc") is not None,
            year_comma=year is not None and m.group("yc") is not None, day_first=day_first,
            in_words=digits is None)

    def may_hold_date(self, text: str) -> bool:
        """False when ``text`` has no day number or day word (then no date can be found)."""
        if DIGIT.search(text) is not None:
            return True
        return self.day_words is not None and self.day_words.search(text) is not None

    def find(self, text: str, timeout: float) -> Iterator[Mention]:
        if self.gate.search(text) is None or not self.may_hold_date(text):
            return
        for m in self.plain.finditer(text, timeout=timeout):
            yield self.parse(m)

    def just_before(self, text: str, pos: int, timeout: float,
                    window: int = 80) -> tuple[Mention, int] | None:
        """A date followed by "(" ending at ``pos``, and where its whitespace gap starts."""
        lo = max(0, pos - window)
        m = self.before_paren.search(text, lo, pos, timeout=timeout)
        if m is None:
            return None
        return self.parse(m), m.start("gap")

    def in_paren_after(self, text: str, pos: int, timeout: float,
                       window: int = 80) -> tuple[Mention, int] | None:
        """A date in parentheses starting at ``pos`` (after optional space), and its end."""
        m = self.in_paren.match(text, pos, min(len(text), pos + window), timeout=timeout)
        if m is None:
            return None
        return self.parse(m), m.end()
