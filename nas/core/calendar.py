"""Working days in Wales.

Bank holidays in Wales are those of England and Wales (Banking and Financial
Dealings Act 1971, Schedule 1, with the dates fixed each year by Royal
Proclamation): New Year's Day, Good Friday, Easter Monday, the first and last
Mondays in May, the last Monday in August, Christmas Day and Boxing Day,
with a substitute weekday when one falls at a weekend. One-off changes by
proclamation are listed in ONE_OFF.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

# Changes by Royal Proclamation: (added days, days moved away from their usual date).
ONE_OFF_ADDED = {
    date(2011, 4, 29),  # Royal Wedding
    date(2012, 6, 4),
    date(2012, 6, 5),  # Diamond Jubilee (spring bank holiday moved)
    date(2020, 5, 8),  # VE Day 75 (early May bank holiday moved)
    date(2022, 6, 2),
    date(2022, 6, 3),  # Platinum Jubilee (spring bank holiday moved)
    date(2022, 9, 19),  # State Funeral of Queen Elizabeth II
    date(2023, 5, 8),  # Coronation of King Charles III
}
ONE_OFF_REMOVED = {date(2012, 5, 28), date(2020, 5, 4), date(2022, 5, 30)}


def _easter_sunday(year: int) -> date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=day.weekday())


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> frozenset[date]:
    easter = _easter_sunday(year)
    days = {
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    }
    new_year = date(year, 1, 1)
    days.add(new_year + timedelta(days={5: 2, 6: 1}.get(new_year.weekday(), 0)))
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday
        days |= {date(year, 12, 27), date(year, 12, 28)}
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Monday, Christmas substitute Tuesday
        days |= {boxing, date(year, 12, 27)}
    elif christmas.weekday() == 4:  # Friday: Boxing Day substitute Monday
        days |= {christmas, date(year, 12, 28)}
    else:
        days |= {christmas, boxing}
    days -= ONE_OFF_REMOVED
    days |= {d for d in ONE_OFF_ADDED if d.year == year}
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add_working_days(start: date, count: int) -> date:
    """The date `count` working days after `start` (start itself not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def add_months(start: date, months: int) -> date:
    """Same day of the month `months` later, or the month's last day if shorter
    (so 31 January + 1 month is 28 or 29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + (month // 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month, min(start.day, last_day))
