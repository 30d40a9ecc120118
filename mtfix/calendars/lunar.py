"""Hijri lunar dates through hijridate's Umm al-Qura tables, compared with a tolerance.

The arithmetic (tabular) and Umm al-Qura calendars differ by a day at times, and the dates a
country announces after sighting the moon can differ again: a lunar date is never "corrected"
by a day or two; only a larger disagreement is worth reporting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from hijridate import Gregorian, Hijri

MONTHS = 12
LONGEST_MONTH = 30


@dataclass(frozen=True)
class LunarDate:
    """A lunar date as written; the day may be 30 in a month Umm al-Qura gives 29 days."""

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= MONTHS or not 1 <= self.day <= LONGEST_MONTH:
            raise ValueError(f"no lunar date {self.year}-{self.month:02d}-{self.day:02d}")

    def to_gregorian(self) -> date | None:
        """Umm al-Qura's Gregorian date (month start + day - 1), or None outside its range."""
        try:
            start = Hijri(self.year, self.month, 1).to_gregorian()
        except (OverflowError, ValueError):
            return None
        return date(start.year, start.month, start.day) + timedelta(days=self.day - 1)


def from_gregorian(d: date) -> LunarDate | None:
    """The Umm al-Qura date, or None outside hijridate's range (1924-2077)."""
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    return LunarDate(h.year, h.month, h.day)


def nearest_gregorian(month: int, day: int, near: date, year: int | None = None) -> date | None:
    """Umm al-Qura's Gregorian date for lunar ``day`` ``month`` (``year``, or the year that
    puts it nearest ``near``); None outside the convertible range."""
    if year is not None:
        years: Iterable[int] = (year,)
    else:
        here = from_gregorian(near)
        if here is None:
            return None
        years = (here.year - 1, here.year, here.year + 1)
    best: date | None = None
    for y in years:
        other = LunarDate(y, month, day).to_gregorian()
        if other is not None and (best is None or abs((other - near).days)
                                  < abs((best - near).days)):
            best = other
    return best


def distance_days(month: int, day: int, gregorian: date, year: int | None = None) -> int | None:
    """Days between lunar ``day`` ``month`` (``year``, or the nearest year when None) and
    ``gregorian``; None when either lies outside the convertible range."""
    other = nearest_gregorian(month, day, gregorian, year)
    return None if other is None else abs((other - gregorian).days)


def agrees(month: int, day: int, gregorian: date, tolerance: int,
           year: int | None = None) -> bool | None:
    """Whether the lunar date is within ``tolerance`` days of ``gregorian`` (None: unknown)."""
    gap = distance_days(month, day, gregorian, year)
    return None if gap is None else gap <= tolerance


def weekday_possible(lunar: LunarDate, weekday: int, tolerance: int) -> bool | None:
    """Whether some date within ``tolerance`` days of ``lunar`` falls on ``weekday``."""
    centre = lunar.to_gregorian()
    if centre is None:
        return None
    return any((centre + timedelta(days=k)).weekday() == weekday
               for k in range(-tolerance, tolerance + 1))
