"""The national team's planning view (the national optimal assignment) and
the waiting-time equity report. Both read through the access layer and
show no identity; the national plan is advisory only."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from nas.core.http import AuthenticatedRequest
from nas.jobs.services import job_start
from nas.matching import jobs, selectors
from nas.matching.equity import DIMENSIONS
from nas.matching.figures import waiting_figures
from nas.matching.forms import NationalPlanForm
from nas.matching.policies import (
    equity_region_id,
    is_national_team,
    reads_equity,
    reads_register_aggregates,
    reads_register_figures,
)
from nas.organisations.models import Organisation
from nas.performance.cache import kept


@require_http_methods(["GET", "POST"])
def national_plan(request: AuthenticatedRequest) -> HttpResponse:
    """The Director of Operations and the performance analyst see the planned
    pairs (anonymous profile references); a National Board member sees the
    same figures without the pairs. The plan is worked out every night and
    on asking (POST) in the worker; the page shows the latest for the
    parameters chosen, or works it out here when there is none."""
    if not reads_register_figures(request.user) or (
        request.method == "POST" and not reads_register_aggregates(request.user)
    ):
        raise PermissionDenied
    form = NationalPlanForm((request.POST if request.method == "POST" else request.GET) or None)
    parity, floor = False, 0.8
    if form.is_bound and form.is_valid():
        parity, floor = bool(form.cleaned_data["parity"]), form.floor_value()
        if request.method == "POST":
            job = job_start(
                actor=request.user,
                kind=jobs.PLAN,
                params=jobs.plan_params(parity, floor),
                idempotency_key=request.POST.get("idempotency_key"),
            )
            return redirect("jobs:detail", pk=job.pk)
    snapshot = jobs.latest_plan(parity, floor)
    if snapshot is not None and snapshot.result_data is not None:
        plan = jobs.plan_from(snapshot.result_data)
    else:
        # Kept between requests while the data stay the same (nas.performance.cache).
        today = timezone.localdate()
        plan = kept(
            "national-plan",
            (parity, floor),
            lambda: selectors.national_plan(today, parity=parity, floor=floor),
        )
    return render(
        request,
        "matching/national_plan.html",
        {
            "form": form,
            "plan": plan,
            "show_pairs": is_national_team(request.user),
            "may_work_out": reads_register_aggregates(request.user),
            "waiting": waiting_figures().wales,
            "worked_out_at": snapshot.finished_at if snapshot else None,
            "idempotency_key": uuid.uuid4().hex,
        },
    )


@require_http_methods(["GET", "POST"])
def equity_report(request: AuthenticatedRequest) -> HttpResponse:
    """All Wales for the national team; a regional manager's own region. The
    night's figures (or a later run asked for here, POST) when there are any."""
    if not reads_equity(request.user):
        raise PermissionDenied
    if request.method == "POST":
        job = job_start(
            actor=request.user,
            kind=jobs.EQUITY,
            params={},
            idempotency_key=request.POST.get("idempotency_key"),
        )
        return redirect("jobs:detail", pk=job.pk)
    region_id = equity_region_id(request.user)
    snapshot = jobs.latest(jobs.EQUITY)
    key = "wales" if region_id is None else str(region_id)
    if snapshot is not None and isinstance(snapshot.result_data, dict) and key in snapshot.result_data:
        report = jobs.equity_from(snapshot.result_data[key])
    else:
        snapshot = None
        today = timezone.localdate()
        report = kept("equity", (region_id,), lambda: selectors.equity_figures(today, region_id=region_id))
    groups: dict[str, list[object]] = {}
    for group in report.groups:
        groups.setdefault(group.dimension, []).append(group)
    return render(
        request,
        "matching/equity.html",
        {
            "report": report,
            "waiting": waiting_figures().of(region_id),
            "region_names": {r.code: r.name for r in Organisation.objects.regions()},
            "dimensions": [(key, DIMENSIONS[key], groups.get(key, [])) for key in DIMENSIONS],
            "region": None if is_national_team(request.user) else request.user.organisation,
            "worked_out_at": snapshot.finished_at if snapshot else None,
            "idempotency_key": uuid.uuid4().hex,
        },
    )
