"""The national team's planning view (the national optimal assignment) and
the waiting-time equity report. Both read through the access layer and
show no identity; the national plan is advisory only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from nas.core.http import AuthenticatedRequest
from nas.matching import selectors
from nas.matching.equity import DIMENSIONS
from nas.matching.forms import NationalPlanForm
from nas.matching.policies import equity_region_id, is_national_team, reads_equity, reads_register_aggregates


@require_GET
def national_plan(request: AuthenticatedRequest) -> HttpResponse:
    """The Director of Operations and the performance analyst see the planned
    pairs (anonymous profile references); a National Board member sees the
    same figures without the pairs."""
    if not reads_register_aggregates(request.user):
        raise PermissionDenied
    form = NationalPlanForm(request.GET or None)
    parity = floor = None
    if form.is_bound and form.is_valid():
        parity, floor = form.cleaned_data["parity"], form.floor_value()
    plan = selectors.national_plan(timezone.localdate(), parity=bool(parity), floor=floor or 0.8)
    return render(
        request,
        "matching/national_plan.html",
        {"form": form, "plan": plan, "show_pairs": is_national_team(request.user)},
    )


@require_GET
def equity_report(request: AuthenticatedRequest) -> HttpResponse:
    """All Wales for the national team; a regional manager's own region."""
    if not reads_equity(request.user):
        raise PermissionDenied
    report = selectors.equity_figures(timezone.localdate(), region_id=equity_region_id(request.user))
    groups: dict[str, list[object]] = {}
    for group in report.groups:
        groups.setdefault(group.dimension, []).append(group)
    return render(
        request,
        "matching/equity.html",
        {
            "report": report,
            "dimensions": [(key, DIMENSIONS[key], groups.get(key, [])) for key in DIMENSIONS],
            "region": None if is_national_team(request.user) else request.user.organisation,
        },
    )
