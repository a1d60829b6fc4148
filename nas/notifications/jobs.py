"""The daily run: deadlines reaching an occasion today, then the daily
summaries by email and any 'at once' emails still waiting."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nas.jobs.registry import JobContext, JobOutput, job_kind
from nas.notifications import rules, services


@job_kind("notifications.daily_digest", _("Deadlines and the daily summary of notifications"))
def daily_digest(ctx: JobContext, *, day: str | None = None, **_ignored: Any) -> JobOutput:
    today = date.fromisoformat(day) if day else timezone.localdate()
    planned = rules.daily_plan(today, ctx.progress)
    ctx.progress(len(rules.SOURCES), len(rules.SOURCES) + 2, "notifications")
    made = services.notify_planned(planned)
    ctx.progress(len(rules.SOURCES) + 1, len(rules.SOURCES) + 2, "emails")
    digests = services.send_digests()
    immediate = services.send_immediate_emails()
    return JobOutput(data={"planned": len(planned), "new": made, "digests": digests, "emails": immediate})
