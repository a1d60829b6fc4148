"""Scheduled work that reaches across the service: the audit chain's nightly
check (administrators are told when it breaks), the journey dates checked
against the milestones, and the quarterly returns drafted when a quarter
ends (their region's manager and the analysts are told)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nas.accounts.models import User
from nas.accounts.roles import Role
from nas.jobs.registry import JobContext, JobOutput, job_kind


def _administrators() -> list[User]:
    return list(User.objects.filter(is_active=True, archived_at__isnull=True, roles__role=Role.ADMINISTRATOR))


@job_kind("audit.verify_chain", _("Verify the audit chain"))
def verify_audit_chain(ctx: JobContext, **_ignored: Any) -> JobOutput:
    """The audit trail's hash chain (nas.audit.services.verify_chain), walked
    end to end; a break is told at once to every administrator."""
    from nas.audit.services import verify_chain
    from nas.notifications.services import notify

    broken = verify_chain()
    if broken is None:
        return JobOutput(data={"intact": True})
    notify(
        kind="audit_chain_broken",
        recipients=_administrators(),
        record=None,
        url=reverse("jobs:list"),
        params={"seq": broken.seq},
        key=f"audit_chain_broken:{broken.seq}:{timezone.localdate().isoformat()}",
    )
    return JobOutput(data={"intact": False, "seq": broken.seq, "problem": broken.problem})


@job_kind("core.journey_dates", _("Check the journey dates against the milestones"))
def journey_dates(ctx: JobContext, **_ignored: Any) -> JobOutput:
    """The journey dates the measures read, rewritten from the milestones (as
    `manage.py refresh_journey_dates`): what a load outside the service left
    behind is put right by the next morning."""
    from nas.adopters import journey_dates as household_dates
    from nas.children import journey_dates as child_dates

    ctx.progress(0, 2, "children")
    children = child_dates.refresh()
    ctx.progress(1, 2, "households")
    households = household_dates.refresh()
    return JobOutput(data={"children": children, "households": households})


@job_kind("performance.draft_returns", _("Draft the quarterly returns"))
def draft_returns(ctx: JobContext, *, quarter: str, **_ignored: Any) -> JobOutput:
    """Each region's return for the quarter just ended, drafted from the
    measures (nas.performance.services.return_draft, safe to repeat), and its
    region's manager and the analysts told that it is due."""
    from nas.notifications.services import notify
    from nas.organisations.models import Organisation, OrganisationKind
    from nas.performance.services import return_draft

    regions = list(Organisation.objects.filter(kind=OrganisationKind.REGION).order_by("code"))
    analysts = list(User.objects.filter(is_active=True, roles__role=Role.PERFORMANCE_ANALYST))
    drafted = []
    for done, region in enumerate(regions):
        ctx.progress(done, len(regions), region.code)
        record = return_draft(actor=None, region=region, quarter=quarter)
        managers = User.objects.filter(is_active=True, organisation=region, roles__role=Role.REGIONAL_MANAGER)
        notify(
            kind="return_due",
            recipients=[*managers, *analysts],
            record=("performance.quarterlyreturn", record.pk),
            url=reverse("performance:return-detail", args=[record.pk]),
            params={"what": "drafted", "quarter": quarter},
            key=f"return_due:{record.pk}:drafted",
        )
        drafted.append(record.pk)
    return JobOutput(data={"quarter": quarter, "returns": drafted})
