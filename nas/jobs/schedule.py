"""The schedule, in code: what runs when (Europe/London time). The scheduler
(`manage.py scheduler`) claims each slot in the database before starting its
job, so however many schedulers run, each slot runs once.

Only a slot's latest occurrence is ever run: a scheduler that was stopped
over a night runs last night's work once when it starts, not every night it
missed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nas.performance import periods as P


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Daily:
    at: time

    def latest(self, now: datetime) -> datetime:
        local = now.astimezone(_zone())
        today = datetime.combine(local.date(), self.at, tzinfo=_zone())
        return (
            today if local >= today else datetime.combine(local.date() - timedelta(days=1), self.at, _zone())
        )

    def describe(self) -> str:
        return str(_("Every day at %(time)s") % {"time": self.at.strftime("%H:%M")})


@dataclass(frozen=True)
class AfterQuarterEnd:
    """The first day of each financial quarter (1 April, 1 July, 1 October,
    1 January), at a time: the work of the quarter that has just ended."""

    at: time

    def latest(self, now: datetime) -> datetime:
        local = now.astimezone(_zone())
        year, month = local.year, local.month
        start_month = ((month - 1) // 3) * 3 + 1
        candidate = datetime.combine(date(year, start_month, 1), self.at, _zone())
        if local < candidate:
            previous = date(year, start_month, 1) - timedelta(days=1)
            candidate = datetime.combine(
                date(previous.year, ((previous.month - 1) // 3) * 3 + 1, 1), self.at, _zone()
            )
        return candidate

    def describe(self) -> str:
        return str(_("At the start of each quarter, at %(time)s") % {"time": self.at.strftime("%H:%M")})


def _ended_quarter(slot: datetime) -> dict[str, Any]:
    day_before = slot.astimezone(_zone()).date() - timedelta(days=1)
    return {"quarter": P.quarter_of(day_before).code}


def _on_day(slot: datetime) -> dict[str, Any]:
    return {"day": slot.astimezone(_zone()).date().isoformat()}


@dataclass(frozen=True)
class Entry:
    name: str
    label: str | Promise
    when: Daily | AfterQuarterEnd
    kind: str
    params: Callable[[datetime], dict[str, Any]] = field(default=lambda slot: {})


SCHEDULE: list[Entry] = [
    Entry(
        "audit_chain",
        _("Verify the audit chain (administrators are told if it is broken)"),
        Daily(time(1, 30)),
        "audit.verify_chain",
    ),
    Entry(
        "journey_dates",
        _("Check the journey dates against the milestones"),
        Daily(time(2, 0)),
        "core.journey_dates",
    ),
    Entry(
        "national_plan",
        _("Work out the national plan"),
        Daily(time(2, 30)),
        "matching.national_plan",
        lambda slot: {"parity": False, "floor": 0.8},
    ),
    Entry(
        "equity",
        _("Work out the equity report for Wales and each region"),
        Daily(time(3, 30)),
        "matching.equity_all",
    ),
    Entry(
        "quarterly_returns",
        _("Draft each region's quarterly return for the quarter just ended"),
        AfterQuarterEnd(time(1, 0)),
        "performance.draft_returns",
        _ended_quarter,
    ),
    Entry(
        "daily_digest",
        _("Deadlines due and overdue, and the daily digest of notifications by email"),
        Daily(time(6, 30)),
        "notifications.daily_digest",
        _on_day,
    ),
]


def entries() -> list[Entry]:
    return list(SCHEDULE)
