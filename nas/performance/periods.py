"""Reporting periods: financial quarters, half-years and years.

The National Adoption Service reports on the financial year, 1 April to
31 March, as the Welsh Government and local government in Wales do: its
annual reports are for "2017/18" and so on (NAS Annual Report 2017-18,
published 17 July 2018: "In 2017/18, more than 300 children were placed").
The quarters of the regions' returns are therefore financial quarters:

    Q1 April to June, Q2 July to September, Q3 October to December,
    Q4 January to March.

The half-years of the bi-annual report to the Minister are H1 (April to
September) and H2 (October to March). Codes: ``2025-26-Q1``,
``2025-26-H1``, ``2025-26`` (the whole year). A financial quarter is also a
calendar quarter (financial Q1 is calendar Q2), so the database can bucket
dates with an ordinary truncation to the quarter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

QUARTER, HALF, YEAR, WINDOW = "quarter", "half", "year", "window"
_CODE = re.compile(r"^(\d{4})-(\d{2})(?:-(Q[1-4]|H[12]))?$")


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    kind: str

    @property
    def year(self) -> int:
        """The calendar year the financial year starts in (2025 for 2025-26)."""
        return self.start.year if self.start.month >= 4 else self.start.year - 1

    @property
    def year_code(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d}"

    @property
    def code(self) -> str:
        if self.kind == YEAR:
            return self.year_code
        if self.kind == HALF:
            return f"{self.year_code}-H{1 if self.start.month == 4 else 2}"
        return f"{self.year_code}-Q{quarter_number(self.start)}"

    @property
    def label(self) -> str:
        if self.kind == YEAR:
            return _("%(year)s (April to March)") % {"year": self.year_code}
        if self.kind == HALF:
            if self.start.month == 4:
                return _("%(year)s first half (April to September)") % {"year": self.year_code}
            return _("%(year)s second half (October to March)") % {"year": self.year_code}
        return _("%(year)s quarter %(number)s") % {
            "year": self.year_code,
            "number": quarter_number(self.start),
        }

    @property
    def short_label(self) -> str:
        """For chart axes and table headings: 25-26 Q1 (in Welsh 25-26 Ch1)."""
        years = self.year_code[2:]
        if self.kind == QUARTER:
            return _("%(years)s Q%(number)s") % {"years": years, "number": quarter_number(self.start)}
        if self.kind == HALF:
            return _("%(years)s H%(number)s") % {"years": years, "number": 1 if self.start.month == 4 else 2}
        return self.code[2:]

    def quarters(self) -> list[Period]:
        found = []
        start = self.start
        while start <= self.end:
            found.append(quarter_of(start))
            start = _add_quarter(start)
        return found

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.code


def quarter_number(quarter_start: date) -> int:
    return (quarter_start.month - 4) % 12 // 3 + 1


def _quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _add_quarter(start: date) -> date:
    month = start.month + 3
    return date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def quarter_of(day: date) -> Period:
    start = _quarter_start(day)
    return Period(start, _add_quarter(start) - timedelta(days=1), QUARTER)


def quarter_index(day: date) -> int:
    """A running number of the quarter a day falls in (consecutive quarters differ by one)."""
    return day.year * 4 + (day.month - 1) // 3


def from_index(index: int) -> Period:
    return quarter_of(date(index // 4, index % 4 * 3 + 1, 1))


def year_of(day: date) -> Period:
    first = day.year if day.month >= 4 else day.year - 1
    return Period(date(first, 4, 1), date(first + 1, 3, 31), YEAR)


def half_of(day: date) -> Period:
    year = year_of(day)
    if day.month in (4, 5, 6, 7, 8, 9):
        return Period(year.start, date(year.year, 9, 30), HALF)
    return Period(date(year.year, 10, 1), year.end, HALF)


def parse(code: str) -> Period:
    """A period from its code; ValueError if it is not one."""
    match = _CODE.match(code.strip())
    if not match:
        raise ValueError(code)
    first, second, part = int(match.group(1)), int(match.group(2)), match.group(3)
    if (first + 1) % 100 != second or not 2000 <= first <= 2100:
        raise ValueError(code)
    if part is None:
        return year_of(date(first, 4, 1))
    if part.startswith("H"):
        return half_of(date(first, 4, 1) if part == "H1" else date(first, 10, 1))
    number = int(part[1])
    month = (number - 1) * 3 + 4
    return quarter_of(date(first + (month - 1) // 12, (month - 1) % 12 + 1, 1))


def last_quarters(count: int, ending: Period) -> list[Period]:
    """`count` consecutive quarters up to and including `ending`, oldest first."""
    top = quarter_index(ending.start)
    return [from_index(index) for index in range(top - count + 1, top + 1)]


def three_years_to(period: Period) -> Period:
    """The three years ending with the period: the window of England's
    adoption scorecard averages (its scorecards are three-year averages)."""
    end_next = period.end + timedelta(days=1)
    return Period(date(end_next.year - 3, end_next.month, end_next.day), period.end, WINDOW)
