"""Solar Hijri (Jalali) dates, as Iran and Afghanistan use them, converted through jdatetime.

Iran and Afghanistan share one calendar (months 1-6 have 31 days, 7-11 have 30, the twelfth
29 or 30); only the month names differ, and those live in the tables, not here.

The conversions call jdatetime's converters (``jdatetime.JalaliToGregorian`` and
``GregorianToJalali``, from its ``jalali_core``) directly: building a ``jdatetime.date`` looks
up the process locale every time and costs ten times as much. A leap year is one whose
year is 366 days long by those converters, so the leap rule is jdatetime's too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import jdatetime

MONTHS = 12


@dataclass(frozen=True, order=True)
class SolarDate:
    """A valid Solar Hijri date; construction fails on a day the month does not have."""

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= MONTHS:
            raise ValueError(f"solar month {self.month} out of range")
        if not 1 <= self.day <= month_length(self.year, self.month):
            raise ValueError(f"solar {self.year}-{self.month:02d} has no day {self.day}")

    @classmethod
    def from_gregorian(cls, d: date) -> SolarDate:
        return cls(*jdatetime.GregorianToJalali(d.year, d.month, d.day).getJalaliList())

    def to_gregorian(self) -> date:
        return _convert(self.year, self.month, self.day)

    @property
    def weekday(self) -> int:
        """Monday = 0, as :meth:`datetime.date.weekday`."""
        return self.to_gregorian().weekday()


def _convert(year: int, month: int, day: int) -> date:
    """jdatetime's conversion of a date already checked to exist."""
    return date(*jdatetime.JalaliToGregorian(year, month, day).getGregorianList())


def is_leap(year: int) -> bool:
    return (_convert(year + 1, 1, 1) - _convert(year, 1, 1)).days == 366


def month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap(year) else 29


def longest_month(month: int) -> int:
    """The most days ``month`` can have in any year (30 for the twelfth month)."""
    return 31 if month <= 6 else 30


def make(year: int, month: int, day: int) -> SolarDate | None:
    """The date, or None when it does not exist (30 of the twelfth month in a common year)."""
    try:
        return SolarDate(year, month, day)
    except ValueError:
        return None


def to_gregorian(year: int, month: int, day: int) -> date:
    return SolarDate(year, month, day).to_gregorian()


def from_gregorian(d: date) -> SolarDate:
    return SolarDate.from_gregorian(d)


def solar_years_for_gregorian_year(gregorian_year: int, month: int, day: int) -> tuple[int, ...]:
    """The solar years in which ``month``/``day`` falls in ``gregorian_year`` (one, or none)."""
    out = []
    for year in (gregorian_year - 622, gregorian_year - 621):
        d = make(year, month, day)
        if d is not None and d.to_gregorian().year == gregorian_year:
            out.append(year)
    return tuple(out)


def infer_years(month: int, day: int, *, solar_year: int | None = None,
                gregorian_years: Iterable[int] = (), weekday: int | None = None,
                window: Iterable[int] = ()) -> tuple[int, ...]:
    """The solar years a date written without (or with) its year can belong to.

    An explicit ``solar_year`` wins. Otherwise the years come from ``gregorian_years`` (the
    document's dates, or a Gregorian year written beside the date), else from ``window`` (solar
    years to consider); either way only those where the date exists and, when ``weekday`` is
    given, falls on it.
    """
    if solar_year is not None:
        candidates: Iterable[int] = (solar_year,)
    else:
        hinted = sorted({y for g in gregorian_years
                         for y in solar_years_for_gregorian_year(g, month, day)})
        candidates = hinted if hinted else window
    out = []
    for year in candidates:
        d = make(year, month, day)
        if d is not None and (weekday is None or d.weekday == weekday):
            out.append(year)
    return tuple(out)


def nearest_gregorian(month: int, day: int, near: date) -> date | None:
    """Solar ``month``/``day`` in Gregorian, in the solar year that puts it nearest ``near``
    (for a date written without its year)."""
    base = from_gregorian(near).year
    best: date | None = None
    for year in (base - 1, base, base + 1):
        d = make(year, month, day)
        if d is None:
            continue
        g = d.to_gregorian()
        if best is None or abs((g - near).days) < abs((best - near).days):
            best = g
    return best

