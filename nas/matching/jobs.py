"""Family finding's long work, run in the worker: the national plan (the
optimal assignment over the national register) and the equity report for
Wales and each region. The schedule works both out every night; the pages
show the night's figures (or a later run asked for from the page) and work
them out in the request only when there are none."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from nas.jobs.models import Job, JobStatus
from nas.jobs.registry import JobContext, JobOutput, job_kind
from nas.matching import equity, selectors
from nas.matching.policies import reads_equity, reads_register_aggregates
from nas.organisations.models import Organisation, OrganisationKind

PLAN = "matching.national_plan"
EQUITY = "matching.equity_all"
#: The nightly figures are shown until a day and a half old; then the page works them out itself.
FRESH_FOR = timedelta(hours=36)


def _plan_params(parity: bool, floor: float) -> dict[str, Any]:
    return {"parity": bool(parity), "floor": round(float(floor), 2)}


def _plan_page(params: dict[str, Any]) -> str:
    query = urlencode({"parity": "on", "floor": params["floor"]}) if params.get("parity") else ""
    return reverse("matching:national-plan") + (f"?{query}" if query else "")


def _plan_data(plan: selectors.NationalPlan) -> dict[str, Any]:
    data = asdict(plan)
    for group in data["groups"]:
        group.pop("label")
    return data


def plan_from(data: dict[str, Any]) -> selectors.NationalPlan:
    groups = [selectors.PlanGroup(label=selectors.GROUP_LABELS[g["key"]], **g) for g in data["groups"]]
    pairs = [selectors.PlanPair(**p) for p in data["pairs"]]
    return selectors.NationalPlan(**{**data, "groups": groups, "pairs": pairs})


@job_kind(
    PLAN,
    _("The national plan"),
    may_start=lambda user, params: reads_register_aggregates(user),
    back_url=_plan_page,
)
def national_plan(ctx: JobContext, *, parity: bool = False, floor: float = 0.8, **_ignored: Any) -> JobOutput:
    ctx.progress(0, 1, "assignment")
    plan = selectors.national_plan(timezone.localdate(), parity=parity, floor=floor)
    return JobOutput(data=_plan_data(plan))


def equity_from(data: dict[str, Any]) -> equity.EquityReport:
    return equity.EquityReport(**{**data, "groups": [equity.GroupFigures(**g) for g in data["groups"]]})


@job_kind(
    EQUITY,
    _("The equity report for Wales and each region"),
    may_start=lambda user, params: reads_equity(user),
    back_url=lambda params: reverse("matching:equity"),
)
def equity_all(ctx: JobContext, **_ignored: Any) -> JobOutput:
    today = timezone.localdate()
    regions = list(Organisation.objects.filter(kind=OrganisationKind.REGION).values_list("pk", flat=True))
    ctx.progress(0, len(regions) + 1, "wales")
    reports = {"wales": asdict(selectors.equity_figures(today, region_id=None))}
    for done, region_id in enumerate(regions, start=1):
        ctx.progress(done, len(regions) + 1, f"region {region_id}")
        reports[str(region_id)] = asdict(selectors.equity_figures(today, region_id=region_id))
    return JobOutput(data=reports)


def latest(kind: str, params: dict[str, Any] | None = None) -> Job | None:
    """The newest finished run of this work (with these parameters) still fresh enough to show."""
    runs = Job.objects.filter(
        kind=kind, status=JobStatus.SUCCEEDED, finished_at__gte=timezone.now() - FRESH_FOR
    ).order_by("-finished_at")
    for job in runs[:20]:
        if params is None or job.params == params:
            return job
    return None


def latest_plan(parity: bool, floor: float) -> Job | None:
    return latest(PLAN, _plan_params(parity, floor))


def plan_params(parity: bool, floor: float) -> dict[str, Any]:
    return _plan_params(parity, floor)
