"""The regions' plans: pages for the regional manager (keeps their region's)
and the national tier (reads every region's)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nas.access.lookup import get_for_user
from nas.core.errors import add_errors
from nas.core.http import AuthenticatedRequest
from nas.organisations.models import Organisation
from nas.performance.policies import governed_region_id, managed_region_id, reads_national
from nas.sufficiency import plan_forms, plans, services
from nas.sufficiency.models import PlanAction
from nas.sufficiency.policies import plans as plan_policy


def region_for(user: object, code: str) -> Organisation:
    """The region whose plan this is, if this person may read it: 404
    elsewhere, 403 for the region's own staff without the role."""
    region = Organisation.objects.regions().filter(code=code).first()
    if region is None:
        raise Http404
    if not plan_policy.reads_region(user, region.pk):
        if getattr(user, "organisation_id", None) == region.pk:
            raise PermissionDenied
        raise Http404
    return region


@require_GET
def index(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not reads_national(user):
        region_id = managed_region_id(user) or governed_region_id(user)
        if region_id is None:
            raise PermissionDenied
        return redirect("sufficiency:plan", code=Organisation.objects.get(pk=region_id).code)
    regions = list(Organisation.objects.regions().filter(active=True).order_by("name_en"))
    return render(request, "sufficiency/plans.html", {"plans": plans.plans(regions, timezone.localdate())})


@require_http_methods(["GET", "POST"])
def plan_page(request: AuthenticatedRequest, code: str) -> HttpResponse:
    region = region_for(request.user, code)
    keeps = plan_policy.keeps_region(request.user, region.pk)
    if request.method == "POST" and not keeps:
        raise PermissionDenied
    form = plan_forms.ActionForm(request.POST or None, region_id=region.pk) if keeps else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.plan_action_add(actor=request.user, region=region, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The action is in the plan."))
            return redirect("sufficiency:plan", code=region.code)
    return render(
        request,
        "sufficiency/plan.html",
        {"plan": plans.plan(region, timezone.localdate()), "form": form, "keeps": keeps},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def progress_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = get_for_user(
        request.user,
        plan_policy,
        pk=pk,
        action="progress",
        queryset=PlanAction.objects.select_related("region"),
    )
    form = plan_forms.ProgressForm(request.POST or None)
    today = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_progress_record(actor=request.user, action=action, month=today, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("This month's progress is recorded."))
            return redirect("sufficiency:plan", code=action.region.code)
    return render(
        request,
        "sufficiency/progress.html",
        {"action": action, "form": form, "month": today},
        status=400 if request.method == "POST" else 200,
    )
