"""Calendar arithmetic for the calendars MT source languages use, behind small, pure functions.

- :mod:`mtfix.calendars.solar`: Solar Hijri (Iranian and Afghan; jdatetime) and year inference;
- :mod:`mtfix.calendars.lunar`: Hijri lunar (Umm al-Qura; hijridate) with a tolerance, since
  the arithmetic, Umm al-Qura and moon-sighting calendars differ by a day or two;
- :mod:`mtfix.calendars.gregorian`: Gregorian helpers (weekday-consistent years);
- :mod:`mtfix.calendars.mentions`: finding dates written in English text, from the names that
  the calendar tables supply (no names live in Python).
"""
