"""Reads of long work for the jobs pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.functional import Promise

from nas.jobs.models import Job, JobStatus, ScheduleSlot
from nas.jobs.policies import jobs as policy
from nas.jobs.schedule import entries

RECENT = 100


def recent_jobs(*, user: Any, failed_only: bool = False) -> list[Job]:
    qs = policy.scope(user).select_related("requested_by")
    if failed_only:
        qs = qs.filter(status=JobStatus.FAILED)
    return list(qs.order_by("-created_at", "-pk")[:RECENT])


def recent_jobs_of(*, user: Any, kind: str, limit: int = 5) -> list[Job]:
    """The person's own latest runs of one kind of work (for the page that asks for it)."""
    return list(Job.objects.filter(requested_by=user, kind=kind).order_by("-created_at", "-pk")[:limit])


def status_counts(*, user: Any) -> dict[str, int]:
    rows = policy.scope(user).values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in JobStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


@dataclass(frozen=True)
class ScheduleRow:
    name: str
    label: str | Promise
    when: str
    next_slot: datetime
    last: ScheduleSlot | None


def schedule_rows() -> list[ScheduleRow]:
    """Each scheduled entry, when it runs, and its last claimed run (with its job)."""
    now = timezone.now()
    last = {
        e.name: ScheduleSlot.objects.filter(entry=e.name).select_related("job").order_by("-slot").first()
        for e in entries()
    }
    return [
        ScheduleRow(e.name, e.label, e.when.describe(), e.when.latest(now), last[e.name]) for e in entries()
    ]
