"""Gregorian helpers: valid dates and the years in which a month-day falls on a weekday."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def make_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (February 30, or a year out of range)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def years_matching(month: int, day: int, years: Iterable[int],
                   weekday: int | None = None) -> tuple[int, ...]:
    """The ``years`` in which ``month``/``day`` exists and (if given) falls on ``weekday``
    (Monday = 0, as :meth:`datetime.date.weekday`)."""
    out = []
    for year in years:
        d = make_date(year, month, day)
        if d is not None and (weekday is None or d.weekday() == weekday):
            out.append(year)
    return tuple(out)
