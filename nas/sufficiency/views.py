"""Sufficiency pages: each view parses input, asks the access rule, calls
one selector and renders."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from nas.core.http import AuthenticatedRequest
from nas.organisations.models import Organisation
from nas.sufficiency import access, forms, pipeline, plans
from nas.sufficiency import characteristics as C
from nas.sufficiency import forecast as F
from nas.sufficiency.policies import plans as plan_policy


@require_GET
def index(request: AuthenticatedRequest) -> HttpResponse:
    """Every scope side by side for the national tier; the person's own region or authority otherwise."""
    if not access.reads_every_scope(request.user):
        return redirect("sufficiency:scope", code=access.own_scope_code(request.user))
    today = timezone.localdate()
    scopes = access.scopes_for_overview()
    waiting = pipeline.waiting_by_scope(scopes, today)
    rows = []
    for scope in scopes:
        children, households = waiting[scope.code]
        ratio = None if households is None or not children else households / children
        rows.append((scope, children, households, ratio))
    return render(request, "sufficiency/index.html", {"rows": rows, "today": today})


@require_GET
def scope_page(request: AuthenticatedRequest, code: str) -> HttpResponse:
    scope = access.scope_for(request.user, code)
    today = timezone.localdate()
    found = pipeline.pipeline(scope, today)
    children = [(d, found.children.rows(d)) for d in C.DIMENSIONS]
    households = [(d, found.households.rows(d)) for d in C.DIMENSIONS] if found.households else []
    form = forms.ForecastForm(request.GET or None)
    horizon, what_if = form.chosen()
    figures = F.for_page(scope, today, horizon=horizon, what_if=what_if)
    baseline_gaps = {g.code: g for g in figures.baseline.gaps} if figures.baseline else {}
    plan = None
    if (
        scope.kind == "region"
        and scope.organisation_id
        and plan_policy.reads_region(request.user, scope.organisation_id)
    ):
        plan = plans.plan(Organisation.objects.get(pk=scope.organisation_id), today)
    return render(
        request,
        "sufficiency/scope.html",
        {
            "scope": scope,
            "pipeline": found,
            "children_dimensions": children,
            "household_dimensions": households,
            "national": access.reads_every_scope(request.user),
            "form": form,
            "forecast": figures.forecast,
            "baseline": figures.baseline,
            "gaps": [(g, baseline_gaps.get(g.code)) for g in figures.forecast.gaps],
            "short": [g for g in figures.forecast.gaps if g.families > 0],
            "backtest": figures.backtest,
            "plan": plan,
        },
    )
