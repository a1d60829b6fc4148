"""The working-day calendar as rows (CalendarDay), for measures that count
Welsh working days inside the database. Working days are those of
nas.core.calendar: Monday to Friday except the bank holidays of England and
Wales (Banking and Financial Dealings Act 1971, Schedule 1, and the Royal
Proclamations listed there)."""

from __future__ import annotations

from datetime import date, timedelta

from nas.core.calendar import is_working_day
from nas.performance.models import CalendarDay

EPOCH = date(1970, 1, 1)


def ensure_days(first: date, last: date) -> None:
    """Make sure every day from `first` to `last` has its row. The running
    index counts from EPOCH, so the days are computed from there; writing
    only happens the first time a range is needed."""
    first = max(first, EPOCH)
    if last < first:
        return
    wanted = (last - first).days + 1
    if CalendarDay.objects.filter(day__gte=first, day__lte=last).count() == wanted:
        return
    existing = set(CalendarDay.objects.filter(day__gte=first, day__lte=last).values_list("day", flat=True))
    rows = []
    index = 0
    day = EPOCH
    while day <= last:
        working = is_working_day(day)
        index += working
        if day >= first and day not in existing:
            rows.append(CalendarDay(day=day, working_index=index, working=working))
        day += timedelta(days=1)
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
