"""English month/weekday names and moment.js week-numbering arithmetic.

Formatting (``w``, ``W``, ``gggg`` ...) and parsing (``2024-W10``) both need moment's
``weekOfYear`` rules, which differ from :meth:`date.isocalendar` for the locale-aware
(Sunday-first) weeks and must also work one year beyond :class:`datetime`'s range
(``datetime.max`` lies in locale week 1 of year 10000).  Keeping the arithmetic in one
place guarantees both directions agree.
"""

from __future__ import annotations

from datetime import date

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_SHORT = tuple(name[:3] for name in MONTHS)
# JavaScript order: Sunday is day 0.
WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
WEEKDAYS_SHORT = tuple(name[:3] for name in WEEKDAYS)
WEEKDAYS_MIN = tuple(name[:2] for name in WEEKDAYS)

# moment week rules: ``dow`` is the first day of the week (Sunday = 0) and January
# ``7 + dow - doy`` always lies in week 1.  The "en" locale starts weeks on Sunday with
# January 1st in week 1; ISO weeks start on Monday with January 4th in week 1.
LOCALE_DOW, LOCALE_DOY = 0, 6
ISO_DOW, ISO_DOY = 1, 4


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_year(year: int) -> int:
    return 366 if is_leap(year) else 365


def days_in_month(year: int, month: int) -> int:
    """Days in ``month`` (1-12) of ``year``."""
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def js_weekday(d: date) -> int:
    """Day of week with Sunday = 0 (JavaScript ``getDay``)."""
    return d.isoweekday() % 7


def _january_weekday(year: int, day: int) -> int:
    """JavaScript weekday of January ``day`` of ``year`` (pure arithmetic, any year)."""
    y = year - 1
    ordinal = y * 365 + y // 4 - y // 100 + y // 400 + day  # == date(year, 1, day).toordinal()
    return ordinal % 7


def _first_week_offset(year: int, dow: int, doy: int) -> int:
    first_week_day = 7 + dow - doy  # this January day is always in week 1
    first_week_day_local = (7 + _january_weekday(year, first_week_day) - dow) % 7
    return -first_week_day_local + first_week_day - 1


def weeks_in_year(year: int, dow: int, doy: int) -> int:
    offset = _first_week_offset(year, dow, doy)
    offset_next = _first_week_offset(year + 1, dow, doy)
    return (days_in_year(year) - offset + offset_next) // 7


def week_of_year(d: date, dow: int, doy: int) -> tuple[int, int]:
    """Return ``(week, week_year)`` like moment's ``weekOfYear``."""
    offset = _first_week_offset(d.year, dow, doy)
    week = (d.timetuple().tm_yday - offset - 1) // 7 + 1
    if week < 1:
        year = d.year - 1
        return week + weeks_in_year(year, dow, doy), year
    weeks = weeks_in_year(d.year, dow, doy)
    if week > weeks:
        return week - weeks, d.year + 1
    return week, d.year


def day_of_year_from_weeks(
    year: int, week: int, weekday: int, dow: int, doy: int
) -> tuple[int, int]:
    """Inverse of :func:`week_of_year`: ``(year, day_of_year)`` of a week and weekday."""
    local_weekday = (7 + weekday - dow) % 7
    day_of_year = 1 + 7 * (week - 1) + local_weekday + _first_week_offset(year, dow, doy)
    if day_of_year <= 0:
        return year - 1, days_in_year(year - 1) + day_of_year
    if day_of_year > days_in_year(year):
        return year + 1, day_of_year - days_in_year(year)
    return year, day_of_year
