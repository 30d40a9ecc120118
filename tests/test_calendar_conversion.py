"""Calendar arithmetic: mtfix's Solar Hijri conversion (jdatetime) against an independent
implementation (persiantools) for every day of 1300-1500 SH, plus the lunar tolerance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mtfix.calendars import lunar, solar
from mtfix.calendars.gregorian import years_matching

FIRST_YEAR, LAST_YEAR = 1300, 1500


def test_every_day_1300_to_1500_matches_persiantools() -> None:
    persiantools = pytest.importorskip("persiantools.jdatetime")
    jalali = persiantools.JalaliDate
    first = jalali(FIRST_YEAR, 1, 1).to_gregorian()
    expected = first
    mismatches: list[tuple[int, int, int]] = []
    checked = 0
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if solar.is_leap(year) != jalali.is_leap(year):
            mismatches.append((year, 0, 0))
        for month in range(1, 13):
            for day in range(1, solar.month_length(year, month) + 1):
                ours = solar.to_gregorian(year, month, day)
                back = solar.from_gregorian(ours)
                if (ours != jalali(year, month, day).to_gregorian() or ours != expected
                        or (back.year, back.month, back.day) != (year, month, day)):
                    mismatches.append((year, month, day))
                expected += timedelta(days=1)
                checked += 1
    assert not mismatches, f"{len(mismatches)} days differ, first {mismatches[:5]}"
    # every day from 1 Farvardin 1300 to the last day of 1500, consecutive, none missing
    assert checked == (expected - first).days == 73_414


@pytest.mark.parametrize(("solar_ymd", "gregorian", "weekday"), [
    # ../shared/research/domain_tables.yaml calendars.solar_hijri.conversion_checks (verified)
    ((1402, 10, 28), date(2024, 1, 18), 3),
    ((1402, 5, 24), date(2023, 8, 15), 1),
    ((1402, 11, 15), date(2024, 2, 4), 6),
    ((1401, 1, 6), date(2022, 3, 26), 5),
])
def test_research_conversion_checks(solar_ymd: tuple[int, int, int], gregorian: date,
                                    weekday: int) -> None:
    d = solar.SolarDate(*solar_ymd)
    assert d.to_gregorian() == gregorian
    assert d.weekday == weekday


# research calendars.solar_hijri.month_starts_gregorian (verified): 1 of each month, 1402 and 1403
MONTH_STARTS = {
    1402: ["2023-03-21", "2023-04-21", "2023-05-22", "2023-06-22", "2023-07-23", "2023-08-23",
           "2023-09-23", "2023-10-23", "2023-11-22", "2023-12-22", "2024-01-21", "2024-02-20"],
    1403: ["2024-03-20", "2024-04-20", "2024-05-21", "2024-06-21", "2024-07-22", "2024-08-22",
           "2024-09-22", "2024-10-22", "2024-11-21", "2024-12-21", "2025-01-20", "2025-02-19"],
}


@pytest.mark.parametrize("year", sorted(MONTH_STARTS))
def test_research_month_starts(year: int) -> None:
    assert [solar.to_gregorian(year, m, 1).isoformat() for m in range(1, 13)] == \
        MONTH_STARTS[year]


def test_month_lengths_and_invalid_days() -> None:
    assert [solar.month_length(1403, m) for m in range(1, 13)] == [31] * 6 + [30] * 5 + [30]
    assert solar.month_length(1402, 12) == 29  # Esfand/Hut 1402: 2024-02-20 .. 2024-03-19
    assert solar.make(1402, 12, 30) is None
    with pytest.raises(ValueError):
        solar.SolarDate(1402, 7, 31)


def test_year_inference() -> None:
    # 28 Jadi/Marghumay in Gregorian 2024 is in solar 1402; 5 Hamal of 2024 in 1403
    assert solar.solar_years_for_gregorian_year(2024, 10, 28) == (1402,)
    assert solar.solar_years_for_gregorian_year(2024, 1, 5) == (1403,)
    # an explicit solar year wins; a weekday narrows a window of years
    assert solar.infer_years(10, 28, solar_year=1402) == (1402,)
    thursdays = solar.infer_years(10, 28, weekday=3, window=range(1395, 1410))
    assert 1402 in thursdays
    assert all(solar.SolarDate(y, 10, 28).weekday == 3 for y in thursdays)
    assert solar.infer_years(10, 28, gregorian_years=(2024,), weekday=3) == (1402,)
    assert solar.infer_years(10, 28, gregorian_years=(2024,), weekday=4) == ()
    assert years_matching(1, 18, range(2015, 2030), weekday=3) == (2018, 2024, 2029)


def test_lunar_umm_al_qura_and_tolerance() -> None:
    # research: 2024-01-18 is 6 Rajab 1445 (Umm al-Qura), 7 Rajab (arithmetic)
    assert lunar.from_gregorian(date(2024, 1, 18)) == lunar.LunarDate(1445, 7, 6)
    assert lunar.distance_days(7, 6, date(2024, 1, 18), 1445) == 0
    assert lunar.distance_days(7, 7, date(2024, 1, 18), 1445) == 1
    assert lunar.agrees(7, 7, date(2024, 1, 18), tolerance=2) is True
    assert lunar.agrees(7, 8, date(2024, 1, 18), tolerance=2) is True
    assert lunar.agrees(7, 9, date(2024, 1, 18), tolerance=2) is False
    # outside hijridate's Umm al-Qura range: unknown, not a disagreement
    assert lunar.agrees(7, 6, date(1900, 1, 18), tolerance=2) is None
