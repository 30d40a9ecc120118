"""``kind: calendar``: native calendar dates left in English ("January 18 (Marghumi 28)").

A table names its calendar in ``options.calendar`` (``solar`` or ``lunar``); each entry is one
month name of one naming tradition. Entry fields:

- ``month`` (required): the month's number, 1-12;
- ``latin`` (required): the Latin spellings MT produces, as written ("Marghumay", "Marghumi");
- ``native``: native-script forms (recognised too, with Persian or Arabic-Indic digits);
- ``tradition``: iran, dari, pashto, zodiac (the English names MT uses) or lunar; documentation;
- ``ambiguous``: true when a spelling is also an English word or a name ("Asad", "Mizan",
  "Gemini"): such a date counts only with a year, a weekday, a Gregorian date in parentheses
  beside it, or a word such as "on" before it (``options.lead_words``), and not when
  ``options.ambiguous_not_after`` follows it ("15 Taurus missiles");
- ``before`` / ``not_before`` / ``after`` / ``not_after``: context (see :mod:`mtfix.rules.matcher`).

A month name counts only next to a day number: "Marghumi 28", "28 Marghumay", "Asad 24, 1402",
"15 Capricorn", "Jadi 10th", "10th of Jadi". What the solar rule does with it:

- a native date in parentheses right after a Gregorian date: converted (year from the text, the
  document, or the years the weekday allows) and compared. Agreeing, it only repeats the
  Gregorian date, and (unless the policy is ``annotate``) is dropped: replaced by "" or by ","
  when the Gregorian date is an appositive ("on Thursday, January 18, once again"), keeping a
  year that only the native date gave. Disagreeing, it is flagged;
- a native date followed by a Gregorian one in parentheses: the same check; dropped to the
  Gregorian date unless the policy is ``annotate``;
- a native date alone: converted; ``convert`` and ``drop_redundant`` replace it by the Gregorian
  date, ``annotate`` adds the Gregorian date in parentheses. The replacement is applied (at the
  table's confidence) only when the year is certain: stated, or, under ``convert``, irrelevant
  to the result; otherwise it is reported at ``options.uncertain_confidence``;
- a weekday beside the date that the date does not fall on: flagged.

The lunar rule only cross-checks a lunar date against a Gregorian date in parentheses (either
way round) or a weekday, with ``options.tolerance_days`` of slack, and never proposes a fix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import regex

from mtfix.calendars import lunar, solar
from mtfix.calendars.gregorian import make_date, years_matching
from mtfix.calendars.mentions import DateFinder, Mention, fold, normalise
from mtfix.calendars.settings import CalendarSettings
from mtfix.document import Issue, Segment, Severity, make_issue
from mtfix.errors import RegexTimeoutError, TableError
from mtfix.rules.base import RuleContext, time_limit
from mtfix.rules.matcher import Context
from mtfix.tables import FieldSpec, RuleTable

KIND = "calendar"

ENTRY_FIELDS: dict[str, FieldSpec] = {
    "month": FieldSpec((int,), required=True),
    "latin": FieldSpec((list,), required=True),
    "native": FieldSpec((list,)),
    "tradition": FieldSpec((str,)),
    "ambiguous": FieldSpec((bool,)),
    "before": FieldSpec((str,), regex=True),
    "not_before": FieldSpec((str,), regex=True),
    "after": FieldSpec((str,), regex=True),
    "not_after": FieldSpec((str,), regex=True),
}

CLOSE_PAREN = regex.compile(r"\s*\)")
# After ")": more of the same sentence, not punctuation or the end of the line.
CONTINUES = regex.compile(r"[ \t]+[\w\"“‘'(\[]")
NEARBY = 40  # characters around a lone native date searched for a Gregorian date
LEAD_WINDOW = 30
#: a solar date without a year this close to the publication date is read in that year
NEAR_DAYS = 90


@dataclass(frozen=True)
class MonthEntry:
    rule_id: str
    month: int
    ambiguous: bool
    context: Context
    severity: Severity
    category: str
    confidence: float


@dataclass(frozen=True)
class Site:
    """One native date found in one segment, with what the rule knows about it."""

    seg: Segment
    text: str  # the segment text, normalised (same offsets)
    mention: Mention
    entry: MonthEntry

    @property
    def native(self) -> str:
        return self.seg.text[self.mention.date_start:self.mention.end]


@dataclass(frozen=True)
class _Agreement:
    """A native date and the Gregorian date beside it agree: the solar dates that match, whether
    the year is known, and the Gregorian date's text."""

    matching: tuple[date, ...]
    known: bool
    gregorian: str


@dataclass(frozen=True)
class CalendarRule:
    table_id: str
    settings: CalendarSettings
    entries: Mapping[str, MonthEntry]  # by folded spelling
    native: DateFinder
    gregorian: DateFinder

    # -- shared helpers -------------------------------------------------------------------

    def _issue(self, site: Site, start: int, end: int, message_key: str,
               replacement: str | None = None, confidence: float | None = None,
               **fields: Any) -> Issue:
        e = site.entry
        message = self.settings.messages[message_key].format(
            span=site.seg.text[start:end], native=site.native, **fields)
        return make_issue(
            site.seg, start, end, category=e.category, severity=e.severity, rule_id=e.rule_id,
            message=message, replacements=() if replacement is None else (replacement,),
            confidence=e.confidence if confidence is None else confidence)

    def _document_years(self, ctx: RuleContext) -> tuple[int, ...]:
        """Gregorian years of the document's dates (those written with a year) and of its
        publication date, +-1."""
        years: set[int] = set()
        if ctx.doc.published is not None:
            y = ctx.doc.published.year
            years.update((y - 1, y, y + 1))
        for seg in ctx.doc.segments:
            text = normalise(seg.text)
            for g in list(self.gregorian.find(text, time_limit(ctx.timeout, len(text)))):
                if g.year is not None:
                    years.update((g.year - 1, g.year, g.year + 1))
        return tuple(sorted(years))

    def _window(self) -> range:
        lo, hi = self.settings.years
        return range(lo, hi + 1)

    def _gregorian_dates(self, g: Mention, hints: tuple[int, ...]) -> tuple[list[date], bool]:
        """Dates a Gregorian mention can be, and whether its year is known (stated)."""
        month = self.settings.gregorian_month_index(g.month_word)
        if month is None:
            return [], False
        if g.year is not None:
            d = make_date(g.year, month, g.day)
            return ([d] if d else []), True
        years = years_matching(month, g.day, hints, g.weekday) if hints else ()
        if not years:
            years = years_matching(month, g.day, self._window(), g.weekday)
        return [date(y, month, g.day) for y in years], False

    def _ambiguity_ok(self, site: Site, paired: bool, ctx: RuleContext) -> bool:
        n = site.mention
        # a day in words ("the first of ...") is as ambiguous as a month name that is a word
        if not (site.entry.ambiguous or n.in_words) or paired or (
                n.year is not None and self._is_native_year(n.year)):
            return True
        lead = self.settings.lead.search(site.text, max(0, n.start - LEAD_WINDOW), n.start,
                                         timeout=ctx.timeout) is not None
        if not (lead or n.weekday is not None):
            return False
        not_after = self.settings.ambiguous_not_after
        return not_after is None or not_after.match(site.text, n.end, timeout=ctx.timeout) is None

    # -- detect ---------------------------------------------------------------------------

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        try:
            yield from self._detect(ctx)
        except TimeoutError:
            raise RegexTimeoutError(
                f"rule {self.table_id}: a date pattern or options.ambiguous_not_after ran past "
                f"{ctx.timeout:g}s (catastrophic backtracking?); fix or disable the table"
            ) from None

    def _detect(self, ctx: RuleContext) -> Iterator[Issue]:
        hints: tuple[int, ...] | None = None
        s = self.settings
        for seg in ctx.doc.segments:
            if not self.native.may_hold_date(seg.text):  # no day number or day word, no date
                continue
            text = normalise(seg.text)
            # found in full first: a lazy finditer counts this loop's work against its timeout
            for n in list(self.native.find(text, time_limit(ctx.timeout, len(text)))):
                entry = self.entries.get(n.month_key)
                if entry is None or n.day < 1:
                    continue
                longest = solar.longest_month(entry.month) if s.calendar == "solar" \
                    else lunar.LONGEST_MONTH
                if n.day > longest:
                    continue
                if not entry.context.allows(ctx, text, n.date_start, n.end, entry.rule_id):
                    continue
                site = Site(seg, text, n, entry)
                before = None
                close = CLOSE_PAREN.match(text, n.end)
                if close is not None and text[:n.start].rstrip().endswith("("):
                    before = self.gregorian.just_before(text, n.start, ctx.timeout)
                after = self.gregorian.in_paren_after(text, n.end, ctx.timeout)
                if not self._ambiguity_ok(site, before is not None or after is not None, ctx):
                    continue
                if hints is None:
                    hints = self._document_years(ctx)
                if s.calendar == "lunar":
                    yield from self._lunar(site, before, close, after, hints)
                elif before is not None and close is not None:
                    g, gap = before
                    yield from self._solar_after_gregorian(site, g, gap, close.end(), hints)
                elif after is not None:
                    yield from self._solar_before_gregorian(site, after[0], after[1], hints)
                else:
                    yield from self._solar_alone(site, hints, ctx)

    # -- solar ------------------------------------------------------------------------------

    def _solar_matches(self, n: Mention, month: int, gdates: list[date]) -> list[date]:
        """The candidate Gregorian dates that the native date equals."""
        out = []
        for d in gdates:
            s = solar.from_gregorian(d)
            if (s.month, s.day) == (month, n.day) and n.year in (None, s.year):
                out.append(d)
        return out

    def _pair_dates(self, site: Site, g: Mention,
                    hints: tuple[int, ...]) -> tuple[list[date], bool]:
        n, month = site.mention, site.entry.month
        gdates, known = self._gregorian_dates(g, hints)
        if not known and n.year is not None and self._is_native_year(n.year):
            native = solar.make(n.year, month, n.day)
            gmonth = self.settings.gregorian_month_index(g.month_word)
            if native is None or gmonth is None:
                return [], True
            d = make_date(native.to_gregorian().year, gmonth, g.day)
            return ([d] if d else []), True
        return gdates, known

    def _is_native_year(self, year: int) -> bool:
        lo, hi = self.settings.native_years
        return lo <= year <= hi

    def _converted(self, site: Site, near: date) -> str:
        n = site.mention
        if n.year is not None and self._is_native_year(n.year):
            d = solar.make(n.year, site.entry.month, n.day)
            return self.settings.render(d.to_gregorian(), True) if d else site.native
        d2 = solar.nearest_gregorian(site.entry.month, n.day, near)
        return self.settings.render(d2, False) if d2 else site.native

    def _weekday_clash(self, site: Site, g: Mention, gdates: list[date], known: bool,
                       start: int, end: int) -> Issue | None:
        n = site.mention
        weekday = g.weekday if g.weekday is not None else n.weekday
        if not known or weekday is None or not gdates or gdates[0].weekday() == weekday:
            return None
        s = self.settings
        return self._issue(site, start, end, "weekday", weekday=s.weekday_name(weekday),
                           date=s.render(gdates[0], True),
                           actual=s.weekday_name(gdates[0].weekday()))

    def _check_pair(self, site: Site, g: Mention, hints: tuple[int, ...],
                    clash_span: tuple[int, int], conflict_span: tuple[int, int],
                    ) -> Issue | _Agreement | None:
        """A native date beside a Gregorian one, in either order: a weekday clash or a conflict
        to report; or, when they agree and the policy edits, the agreement to edit by; else
        None (no Gregorian date can be placed, or the policy only annotates)."""
        gdates, known = self._pair_dates(site, g, hints)
        if not gdates:
            return None
        gregorian = site.seg.text[g.date_start:g.end]
        clash = self._weekday_clash(site, g, gdates, known, *clash_span)
        if clash is not None:
            return clash
        matching = self._solar_matches(site.mention, site.entry.month, gdates)
        if not matching:
            return self._issue(site, *conflict_span, "conflict", gregorian=gregorian,
                               converted=self._converted(site, gdates[0]))
        if self.settings.policy == "annotate":
            return None
        return _Agreement(tuple(matching), known, gregorian)

    def _solar_after_gregorian(self, site: Site, g: Mention, gap: int, close_end: int,
                               hints: tuple[int, ...]) -> Iterator[Issue]:
        """``<Gregorian date> (<native date>)``: drop the parenthesis when it agrees."""
        s, n, text = self.settings, site.mention, site.text
        found = self._check_pair(site, g, hints, (g.start, close_end), (gap, close_end))
        if isinstance(found, Issue):
            yield found
        if not isinstance(found, _Agreement):
            return
        matching, known, gregorian = found.matching, found.known, found.gregorian
        add_year = g.year is None and n.year is not None and self._is_native_year(n.year)
        replacement = ""
        if add_year:
            replacement = (" " if g.day_first else ", ") + str(matching[0].year)
        appositive = (g.weekday is not None and g.weekday_comma) or g.year_comma \
            or (add_year and not g.day_first)
        if appositive and CONTINUES.match(text, close_end):
            replacement += ","
        yield self._issue(site, gap, close_end, "redundant", replacement, gregorian=gregorian,
                          converted=s.render(matching[0], known or add_year))

    def _solar_before_gregorian(self, site: Site, g: Mention, end: int,
                                hints: tuple[int, ...]) -> Iterator[Issue]:
        """``<native date> (<Gregorian date>)``: keep the Gregorian date when they agree."""
        s, n = self.settings, site.mention
        found = self._check_pair(site, g, hints, (n.start, end), (n.date_start, end))
        if isinstance(found, Issue):
            yield found
        if not isinstance(found, _Agreement):
            return
        matching, known, gregorian = found.matching, found.known, found.gregorian
        replacement = gregorian
        if g.year is None and n.year is not None and self._is_native_year(n.year):
            replacement = s.render(matching[0], True) if not g.day_first \
                else f"{gregorian} {matching[0].year}"
        yield self._issue(site, n.date_start, end, "redundant", replacement,
                          gregorian=gregorian, converted=s.render(matching[0], known))

    def _near_publication(self, site: Site, ctx: RuleContext) -> date | None:
        """A solar date written without a year, read in the year that puts it nearest the
        document's publication date, when that reading is sure: within ``NEAR_DAYS`` of it
        (news dates its events near the day it is published), or rendered alike in the years
        around it (the solar and Gregorian leap days can move a date by one)."""
        published = ctx.doc.published
        if published is None:
            return None
        month, day = site.entry.month, site.mention.day
        near = solar.nearest_gregorian(month, day, published)
        if near is None:
            return None
        if abs((near - published).days) <= NEAR_DAYS:
            return near
        year = solar.from_gregorian(near).year
        others = {(g.month, g.day) for y in (year - 1, year + 1)
                  if (d := solar.make(y, month, day)) is not None and (g := d.to_gregorian())}
        return near if others <= {(near.month, near.day)} else None

    def _solar_alone(self, site: Site, hints: tuple[int, ...],
                     ctx: RuleContext) -> Iterator[Issue]:
        """A native date with no Gregorian date beside it: convert, by the policy."""
        s, n, month = self.settings, site.mention, site.entry.month
        native_year = n.year if n.year is not None and self._is_native_year(n.year) else None
        gregorian_year = n.year if n.year is not None and native_year is None else None
        explicit = n.year is not None
        near = self._near_publication(site, ctx) if not explicit else None
        if near is not None and n.weekday is not None and near.weekday() != n.weekday:
            yield self._issue(site, n.start, n.end, "weekday", weekday=s.weekday_name(n.weekday),
                              date=s.render(near, True), actual=s.weekday_name(near.weekday()))
            return
        dated = near is not None
        if near is not None:
            native_year = solar.from_gregorian(near).year
        lo, hi = s.years
        window = range(lo - 622, hi - 620)
        hinted = (gregorian_year,) if gregorian_year is not None else hints
        years = solar.infer_years(month, n.day, solar_year=native_year,
                                  gregorian_years=hinted, window=window)
        if not years:
            if explicit:
                yield self._issue(site, n.date_start, n.end, "invalid")
            return
        if n.weekday is not None:
            on_weekday = solar.infer_years(month, n.day, solar_year=native_year,
                                           gregorian_years=hinted, weekday=n.weekday,
                                           window=window)
            if explicit and not on_weekday:
                d = solar.to_gregorian(years[0], month, n.day)
                yield self._issue(site, n.start, n.end, "weekday",
                                  weekday=s.weekday_name(n.weekday), date=s.render(d, True),
                                  actual=s.weekday_name(d.weekday()))
                return
            if not on_weekday:
                on_weekday = solar.infer_years(month, n.day, weekday=n.weekday, window=window)
            years = on_weekday or years
        dates = [solar.to_gregorian(y, month, n.day) for y in years]
        counts = Counter(s.render(d, explicit) for d in dates)
        latest = {s.render(d, explicit): d for d in sorted(dates)}
        converted = max(counts, key=lambda r: (counts[r], latest[r]))
        others = sorted(r for r in counts if r != converted)
        certain = explicit or dated or (s.policy == "convert" and len(counts) == 1)
        confidence = None if certain else s.uncertain_confidence
        native = site.native
        replacement: str | None = f"{native} ({converted})" if s.policy == "annotate" \
            else converted
        if (s.policy != "annotate" and explicit and s.gregorian_format.endswith(", {year}")
                and CONTINUES.match(site.text, n.end)):
            replacement = f"{converted},"  # "on August 15, 2023, in Herat"
        around = site.text[max(0, n.start - NEARBY):n.end + NEARBY]
        if (any(True for _ in self.gregorian.find(around, ctx.timeout))
                or sum(1 for _ in self.native.find(around, ctx.timeout)) > 1):
            # another date is right there ("1 Hamal and 15 Hamal 1402", "(August 15
            # according to ...)"): converting one of them alone could garble both
            replacement = None
        uncertain = s.messages.get("uncertain_year", "").format(others=", ".join(others)) \
            if others else ""
        yield self._issue(site, n.date_start, n.end, "convert", replacement, confidence,
                          converted=converted, uncertain=uncertain)

    # -- lunar ------------------------------------------------------------------------------

    def _lunar(self, site: Site, before: tuple[Mention, int] | None,
               close: regex.Match[str] | None, after: tuple[Mention, int] | None,
               hints: tuple[int, ...]) -> Iterator[Issue]:
        """Flag a lunar date that is more than the tolerance away from its Gregorian date."""
        s, n, month = self.settings, site.mention, site.entry.month
        tolerance = s.tolerance_days
        if before is not None and close is not None:
            g, start, end = before[0], before[1], close.end()
        elif after is not None:
            g, start, end = after[0], n.date_start, after[1]
        else:
            if n.year is None or n.weekday is None:
                return
            here = lunar.LunarDate(n.year, month, n.day)
            if lunar.weekday_possible(here, n.weekday, tolerance) is False:
                centre = here.to_gregorian()
                assert centre is not None
                yield self._issue(site, n.start, n.end, "weekday",
                                  weekday=s.weekday_name(n.weekday), date=s.render(centre, True),
                                  actual=s.weekday_name(centre.weekday()))
            return
        gdates, _ = self._gregorian_dates(g, hints)
        gaps = [(gap, d) for d in gdates
                if (gap := lunar.distance_days(month, n.day, d, n.year)) is not None]
        if not gaps or min(gaps)[0] <= tolerance:
            return  # unknown (out of range), or within the calendars' spread
        gap, best = min(gaps)
        converted = lunar.nearest_gregorian(month, n.day, best, n.year)
        yield self._issue(site, start, end, "conflict",
                          gregorian=site.seg.text[g.date_start:g.end], gap=gap,
                          converted=s.render(converted, True) if converted else site.native,
                          tolerance=tolerance)


def _spellings(entry: Mapping[str, Any], path: str, label: str) -> list[str]:
    words: list[str] = []
    for field in ("latin", "native"):
        value = entry.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise TableError(path, "must be a list of non-empty strings", label, field)
        words.extend(value)
    if not entry.get("latin"):
        raise TableError(path, "needs at least one spelling", label, "latin")
    return words


def build(table: RuleTable) -> CalendarRule:
    settings = CalendarSettings.from_table(table)
    entries: dict[str, MonthEntry] = {}
    for entry in table.entries:
        label = repr(entry["id"])
        if not 1 <= entry["month"] <= 12:
            raise TableError(table.path, "must be a month number from 1 to 12", label, "month")
        item = MonthEntry(
            rule_id=table.entry_rule_id(entry), month=entry["month"],
            ambiguous=bool(entry.get("ambiguous", False)),
            context=Context.from_fields(entry, table.path, label),
            severity=table.entry_severity(entry), category=table.entry_category(entry),
            confidence=table.entry_confidence(entry))
        for word in _spellings(entry, table.path, label):
            key = fold(word)
            other = entries.get(key)
            if other is not None and other.rule_id != item.rule_id:
                raise TableError(table.path, f"spelling {word!r} is also in {other.rule_id}",
                                 label, "latin")
            entries[key] = item
    lo, hi = settings.native_years
    glo, ghi = settings.years

    def native_year_ok(year: int) -> bool:
        return lo <= year <= hi or (settings.calendar == "solar" and glo <= year <= ghi)

    spellings = [w for e in table.entries for w in _spellings(e, table.path, repr(e["id"]))]
    native = DateFinder.build(settings.grammar, spellings, native_year_ok, settings.era_markers)
    # Gregorian dates in digits only: "the fifth of May" beside a native date stays rare
    gregorian = DateFinder.build(replace(settings.grammar, day_words=()),
                                 settings.gregorian_words(), lambda year: year >= 1600,
                                 abbreviation_dot=True)
    return CalendarRule(table.id, settings, entries, native, gregorian)
