"""``kind: weekday``: a weekday beside a Gregorian date it does not fall on, and a bare day number
in brackets after a weekday ("Sunday (12)").

The year comes from the date itself or from the document: its full dates ("October 28, 2022",
"28 October 2022", "2022-10-28", "10/28/2022"). A date without a year takes, for a date line
(a full date with little else on its line), the year that puts it nearest that date (so a
"January 2" in a piece dated December 30 is read in the next year); a full date inside the story
may belong to another year, so next to one of those the weekday must fit none of the three years
around it.
A publication date given with the document (``Document.published``, ``--date``) counts as its
date line. Where the document has neither, the year is unknown and nothing is flagged.

Each entry names one ``check``:

- ``mismatch``: "Tuesday, November 6" where November 6 is a Monday in every year the document
  allows. Which of the two is wrong is not known: the weekday the date falls on is offered as a
  candidate below the fix threshold (``options.candidate_confidence``);
- ``bare_day``: "Sunday (12)" is always flagged; when exactly one date with that day number
  within ``options.window_days`` of a full date of the document falls on that weekday, the
  number is expanded to "(March 12)" at the table's confidence.

Table options: ``weekdays`` (seven lists of spellings, Monday first), ``months`` (twelve lists,
January first; the first spelling is the one written), matched as written (case-sensitive, so
"May" the month but not "may"), ``window_days``,
``candidate_confidence``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import regex

from mtfix.calendars.gregorian import make_date
from mtfix.document import Issue, Segment, Severity, make_issue
from mtfix.errors import TableError
from mtfix.rules.base import RuleContext, finditer
from mtfix.tables import FieldSpec, RuleTable

KIND = "weekday"

CHECKS = ("mismatch", "bare_day")

ENTRY_FIELDS: dict[str, FieldSpec] = {
    "check": FieldSpec((str,), required=True),
}

ORD = r"(?:st|nd|rd|th)?"
DAY = rf"(?<!\d)(?P<{{0}}>[0-3]?\d){ORD}(?![\d,.]\d)"
YEAR = r"(?P<{0}>(?:19|20)\d\d)(?!\d)"
#: A date line: a full date with at most this many other characters on its line or segment
#: ("Kabul, 2 March 2021", "political| 01:08 – 10/28/2022", "Wed, Mar 08 2023 9:10 AM").
DATE_LINE = 30
# Every date the grammar reads has a day or year in digits: a segment without one is skipped.
DIGIT = regex.compile(r"\d")
# Every full date has a year (YEAR below, in each alternative): a cheap scan before the grammar.
A_YEAR = regex.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class Check:
    rule_id: str
    severity: Severity
    category: str
    message: str
    confidence: float


@dataclass(frozen=True)
class Grammar:
    """Weekday and month spellings, and the patterns built from them."""

    weekdays: Mapping[str, int]  # folded spelling -> 0 (Monday) .. 6
    months: Mapping[str, int]  # folded spelling -> 1 .. 12
    month_names: tuple[str, ...]  # the written name of months 1 .. 12
    weekday_dates: regex.Pattern[str]
    bare_days: regex.Pattern[str]
    full_dates: regex.Pattern[str]

    @classmethod
    def build(cls, weekdays: Sequence[Sequence[str]], months: Sequence[Sequence[str]]) -> Grammar:
        wd = {w: i for i, names in enumerate(weekdays) for w in names}
        mo = {m: i + 1 for i, names in enumerate(months) for m in names}
        w_alt = _alternation(wd)
        m_alt = _alternation(mo)
        month = rf"(?P<m{{0}}>{m_alt})\.?"
        md = rf"{month.format(1)}[ \t]+{DAY.format('d1')}"
        dm = rf"{DAY.format('d2')}[ \t]+(?:of[ \t]+)?{month.format(2)}"
        year = rf"(?:,?[ \t]+{YEAR.format('y')})?"
        weekday_dates = (rf"\b(?P<wd>{w_alt})\b(?P<open>,?[ \t]*\(?[ \t]*|,?[ \t]+(?:the[ \t]+)?)"
                         rf"(?:{md}|{dm}){year}")
        bare = rf"\b(?P<wd>{w_alt})\b[ \t]*\([ \t]*(?P<day>{DAY.format('d')})[ \t]*\)"
        full = (rf"(?:{md},?[ \t]+{YEAR.format('y1')}|{dm},?[ \t]+{YEAR.format('y2')}"
                r"|(?<![\d/.-])(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\d/.-])"
                r"|(?<![\d/.-])(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<sy>(?:19|20)\d\d)"
                r"(?![\d/.-]))")
        return cls(wd, mo, tuple(names[0] for names in months), regex.compile(weekday_dates),
                   regex.compile(bare), regex.compile(full))

    def month(self, m: regex.Match[str], n: int) -> int | None:
        word = m.group(f"m{n}")
        return None if word is None else self.months.get(word)


def _alternation(words: Mapping[str, int]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Anchor:
    """A full date of the document: its year, and its month and day where they are known."""

    year: int
    day: date | None
    line: bool = False  # a date line: the date is (nearly) all of its line or segment


@dataclass(frozen=True)
class WeekdayRule:
    table_id: str
    grammar: Grammar
    checks: Mapping[str, Check]
    window_days: int
    candidate_confidence: float

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        anchors: tuple[Anchor, ...] | None = None
        for seg in ctx.doc.segments:
            if DIGIT.search(seg.text) is None:
                continue
            if anchors is None:
                anchors = self._anchors(ctx)
            if "mismatch" in self.checks:
                yield from self._mismatches(ctx, seg, anchors)
            if "bare_day" in self.checks:
                yield from self._bare_days(ctx, seg, anchors)

    # -- the document's full dates --------------------------------------------------------

    def _anchors(self, ctx: RuleContext) -> tuple[Anchor, ...]:
        published = ctx.doc.published
        # the publication date the caller gives counts as the document's date line
        out: list[Anchor] = [] if published is None else [Anchor(published.year, published,
                                                                   line=True)]
        for seg in ctx.doc.segments:
            if A_YEAR.search(seg.text) is None:
                continue
            rest = len(seg.text.strip())
            for m in finditer(self.grammar.full_dates, seg.text, self.table_id, ctx.timeout):
                anchor = self._anchor(m)
                if anchor is not None:
                    out.append(replace(anchor, line=rest - len(m.group(0)) <= DATE_LINE))
        return tuple(out)

    def _anchor(self, m: regex.Match[str]) -> Anchor | None:
        g = self.grammar
        for n, y in ((1, "y1"), (2, "y2")):
            if m.group(y):
                month = g.month(m, n)
                day = make_date(int(m.group(y)), month, int(m.group(f"d{n}"))) if month else None
                return Anchor(int(m.group(y)), day) if day else None
        if m.group("iy"):
            day = make_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
            return Anchor(day.year, day) if day else None
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("sy"))
        if a > 12 >= b:
            return Anchor(year, make_date(year, b, a))
        if b > 12 >= a:
            return Anchor(year, make_date(year, a, b))
        return Anchor(year, None) if 1 <= a <= 31 and 1 <= b <= 31 else None

    # -- checks ---------------------------------------------------------------------------

    def _mismatches(self, ctx: RuleContext, seg: Segment,
                    anchors: tuple[Anchor, ...]) -> Iterator[Issue]:
        g = self.grammar
        check = self.checks["mismatch"]
        for m in finditer(g.weekday_dates, seg.text, check.rule_id, ctx.timeout):
            n = 1 if m.group("m1") else 2
            month, day_no = g.month(m, n), int(m.group(f"d{n}"))
            if month is None or "(" in m.group("open") and not _closed(seg.text, m.end()):
                continue
            written = g.weekdays[m.group("wd")]
            if m.group("y"):
                dates = [make_date(int(m.group("y")), month, day_no)]
            else:
                dates = [d for a in anchors for d in _candidates(a, month, day_no)]
            found = {d for d in dates if d is not None}
            if not found or any(d.weekday() == written for d in found):
                continue
            actual = {d.weekday() for d in found}
            wd_start, wd_end = m.span("wd")
            replacements: tuple[str, ...] = ()
            if len(actual) == 1:
                right = _weekday_name(g, actual.pop())
                replacements = (right,)
            shown = ", ".join(sorted(d.isoformat() for d in found))
            yield make_issue(
                seg, wd_start, wd_end, category=check.category, severity=check.severity,
                rule_id=check.rule_id, message=check.message.format(
                    span=m.group(0) + (")" if "(" in m.group("open") else ""),
                    weekday=m.group("wd"), dates=shown),
                replacements=replacements, confidence=self.candidate_confidence)

    def _bare_days(self, ctx: RuleContext, seg: Segment,
                   anchors: tuple[Anchor, ...]) -> Iterator[Issue]:
        g = self.grammar
        check = self.checks["bare_day"]
        for m in finditer(g.bare_days, seg.text, check.rule_id, ctx.timeout):
            day_no = int(m.group("d"))
            if not 1 <= day_no <= 31:
                continue
            written = g.weekdays[m.group("wd")]
            fits = {d for a in anchors if a.day is not None
                    for d in _days_near(a.day, day_no, self.window_days) if d.weekday() == written}
            start, end = m.span("day")
            replacements: tuple[str, ...] = ()
            confidence = check.confidence
            if len(fits) == 1:
                d = fits.pop()
                replacements = (f"{g.month_names[d.month - 1]} {d.day}",)
            else:
                confidence = self.candidate_confidence
            yield make_issue(
                seg, start, end, category=check.category, severity=check.severity,
                rule_id=check.rule_id, message=check.message.format(
                    span=m.group(0), weekday=m.group("wd"), dates=""),
                replacements=replacements, confidence=confidence)


def _closed(text: str, pos: int) -> bool:
    return regex.match(r"[ \t]*\)", text[pos:]) is not None


def _candidates(anchor: Anchor, month: int, day_no: int) -> list[date | None]:
    """The dates ``month``/``day_no`` can be, given one full date of the document: on a date
    line, the one nearest it; elsewhere (a full date in the story may be another year's: "the
    games, postponed, will open on 23 July 2021") also the same day a year before and after."""
    near = _nearest(anchor, month, day_no)
    if anchor.line or near is None:
        return [near]
    return [near, make_date(near.year - 1, month, day_no), make_date(near.year + 1, month, day_no)]


def _nearest(anchor: Anchor, month: int, day_no: int) -> date | None:
    """``month``/``day_no`` in the year that puts it nearest ``anchor`` (its year alone when the
    anchor has no month and day)."""
    if anchor.day is None:
        return make_date(anchor.year, month, day_no)
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1)
               if (d := make_date(y, month, day_no)) is not None]
    ref = anchor.day
    return min(options, key=lambda d: abs((d - ref).days)) if options else None


def _days_near(ref: date, day_no: int, window: int) -> Iterator[date]:
    """Dates whose day of the month is ``day_no``, at most ``window`` days from ``ref``."""
    d = ref - timedelta(days=window)
    while d <= ref + timedelta(days=window):
        if d.day == day_no:
            yield d
        d += timedelta(days=1)


def _weekday_name(g: Grammar, index: int) -> str:
    """The longest spelling of weekday ``index`` (Monday = 0)."""
    return max((w for w, i in g.weekdays.items() if i == index), key=len)


def build(table: RuleTable) -> WeekdayRule:
    opts: Mapping[str, Any] = table.options
    weekdays, months = opts.get("weekdays"), opts.get("months")
    if not (isinstance(weekdays, list) and len(weekdays) == 7):
        raise TableError(table.path, "options.weekdays must list 7 weekdays, Monday first")
    if not (isinstance(months, list) and len(months) == 12):
        raise TableError(table.path, "options.months must list 12 months, January first")
    checks: dict[str, Check] = {}
    for entry in table.entries:
        name = entry["check"]
        if name not in CHECKS:
            raise TableError(table.path, f"unknown check {name!r} (one of {', '.join(CHECKS)})",
                             repr(entry["id"]), "check")
        checks[name] = Check(table.entry_rule_id(entry), table.entry_severity(entry),
                             table.entry_category(entry), table.entry_message(entry),
                             table.entry_confidence(entry))
    return WeekdayRule(table.id, Grammar.build(weekdays, months), checks,
                       int(opts.get("window_days", 27)),
                       float(opts.get("candidate_confidence", 0.6)))
