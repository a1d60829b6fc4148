"""Pages for links between a child and a household: expressing interest,
answering it, declining with feedback, the steps to placement, and the
child's agency decision maker's decision on the match. Each view parses
input, calls one service or selector through the access layer, and renders.

Identity never crosses the boundary: the child appears by the reference of
their anonymous profile and the household by theirs; each side reaches its
own record only through its own part of the service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nas.access.lookup import audit_listed, get_for_user, require
from nas.core.confirm import confirm_adoption_order, confirmed
from nas.core.errors import add_errors
from nas.core.http import AuthenticatedRequest
from nas.core.records import StaleRecordError
from nas.matching import panel_subject, selectors, services
from nas.matching.forms import DeclineForm, InterestForm, StepForm, VersionForm
from nas.matching.models import ChildProfile, HouseholdProfile, Link, LinkSide
from nas.matching.policies import AUTHORITY_STEPS, CHILD_SIDE_STEPS
from nas.matching.policies import household_profiles as household_policy
from nas.matching.policies import links as policy
from nas.matching.policies import profiles as child_policy
from nas.panels import services as panel_services
from nas.panels.forms import DecisionForm
from nas.panels.models import Decision

STEP_TITLES = {
    "link": gettext_lazy("Record the link"),
    "linking_meeting": gettext_lazy("Record the linking meeting"),
    "introductions": gettext_lazy("Record the start of introductions"),
    "placed": gettext_lazy("Record the placement"),
    "adoption_order": gettext_lazy("Record the adoption order"),
    "disrupted": gettext_lazy("Record that the placement ended"),
}
STEP_HINTS = {
    "link": gettext_lazy(
        "Both sides have agreed to explore the link. The child's record and the household's record "
        "show that they are linked."
    ),
    "linking_meeting": gettext_lazy(
        "The date the linking meeting was held. The match can then go to the matching panel."
    ),
    "introductions": gettext_lazy("The date the child first met the family."),
    "placed": gettext_lazy(
        "The date the child moved in. The inter-agency fee, if there is one, is taken from the fee "
        "table for this date."
    ),
    "adoption_order": gettext_lazy("The date of the court's adoption order."),
    "disrupted": gettext_lazy("The date the child left the family before the adoption order."),
}


def _link(request: AuthenticatedRequest, pk: int, action: str = "view") -> Link:
    return get_for_user(request.user, policy, pk=pk, action=action, queryset=selectors.link_for_page())


@require_GET
def link_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, policy, "list")
    status = request.GET.get("status", "open")
    if status not in selectors.LINK_FILTERS:
        status = "open"
    page = Paginator(selectors.link_list(user=request.user, status=status), 50).get_page(
        request.GET.get("page")
    )
    audit_listed(request.user, policy, page.object_list, where="matching:link-list")
    return render(
        request,
        "matching/link_list.html",
        {
            "page": page,
            "status": status,
            "can_list_households": household_policy.can(request.user, "list"),
        },
    )


@require_http_methods(["GET", "POST"])
def link_create(request: AuthenticatedRequest) -> HttpResponse:
    """Express interest: a family for a child (from the child's suggestions) or
    a child for a family (from the household's)."""
    source = request.POST if request.method == "POST" else request.GET
    form = InterestForm(source if request.method == "POST" else None, initial=source.dict())
    side = source.get("side")
    if side not in LinkSide.values:
        raise Http404
    child_profile = get_for_user(
        request.user,
        child_policy,
        pk=source.get("profile"),
        action="express_interest" if side == LinkSide.CHILD else "view",
        queryset=selectors.profile_for_engine(),
    )
    household_profile = get_for_user(
        request.user,
        household_policy,
        pk=source.get("household"),
        action="express_interest" if side == LinkSide.HOUSEHOLD else "view",
        queryset=HouseholdProfile.objects.select_related("region", "household", "household__owner"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            link = services.link_express_interest(
                actor=request.user,
                side=side,
                profile=child_profile,
                household_profile=household_profile,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your interest is recorded. The other side is asked to answer."))
            return redirect("matching:link-detail", pk=link.pk)
    today = timezone.localdate()
    return render(
        request,
        "matching/link_create.html",
        {
            "form": form,
            "side": side,
            "child_profile": child_profile,
            "household_profile": household_profile,
            "child_rows": selectors.shared_view(child_profile, today),
            "household_rows": selectors.household_shared_view(household_profile, today),
        },
        status=400 if form.errors else 200,
    )


def _actions(user: Any, link: Link) -> list[dict[str, Any]]:
    steps = [*CHILD_SIDE_STEPS, *AUTHORITY_STEPS]
    return [{"step": step, "title": STEP_TITLES[step]} for step in steps if policy.can(user, step, link)]


@require_GET
def link_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    link = _link(request, pk)
    today = timezone.localdate()
    child_profile: ChildProfile | None = getattr(link.child, "matching_profile", None)
    household_profile: HouseholdProfile | None = getattr(link.household, "matching_profile", None)
    return render(
        request,
        "matching/link_detail.html",
        {
            "link": link,
            "label": panel_subject.describe(link),
            "child_profile": child_profile,
            "household_profile": household_profile,
            "child_rows": selectors.shared_view(child_profile, today) if child_profile else [],
            "household_rows": selectors.household_shared_view(household_profile, today)
            if household_profile
            else [],
            "events": selectors.link_events(link),
            "agenda": selectors.link_agenda_items(link),
            "can_respond": policy.can(request.user, "respond", link),
            "can_decline": policy.can(request.user, "decline", link),
            "can_decide": policy.can(request.user, "decide", link),
            "actions": _actions(request.user, link),
            "can_view_child": child_profile is not None
            and child_policy.can(request.user, "view_child", child_profile),
            "can_view_household": household_profile is not None
            and household_policy.can(request.user, "view_household", household_profile),
            "version_form": VersionForm(initial={"version": link.version}),
        },
    )


@require_POST
def link_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    link = _link(request, pk, "respond")
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, StaleRecordError.message)
        return redirect("matching:link-detail", pk=link.pk)
    try:
        services.link_accept(actor=request.user, link=link, expected_version=form.cleaned_data["version"])
    except StaleRecordError:
        messages.error(request, StaleRecordError.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have accepted the interest. The link can now be explored."))
    return redirect("matching:link-detail", pk=link.pk)


@require_http_methods(["GET", "POST"])
def link_decline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    link = _link(request, pk, "decline")
    form = DeclineForm(request.POST if request.method == "POST" else None, initial={"version": link.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.link_decline(
                actor=request.user,
                link=link,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                feedback=form.cleaned_data["feedback"],
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The link is declined and your feedback is recorded."))
            return redirect("matching:link-detail", pk=link.pk)
    return render(
        request,
        "matching/link_form.html",
        {"form": form, "link": link, "label": panel_subject.describe(link), "title": _("Decline the link")},
    )


@require_http_methods(["GET", "POST"])
def link_step(request: AuthenticatedRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_TITLES:
        raise Http404
    link = _link(request, pk, step)
    form = StepForm(
        request.POST if request.method == "POST" else None,
        step=step,
        initial={"version": link.version, "date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid() and step == "adoption_order" and not confirmed(request):
        return confirm_adoption_order(
            request,
            caption=panel_subject.describe(link),
            when=form.cleaned_data["date"],
            back_href=reverse("matching:link-detail", args=[link.pk]),
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.link_step(
                actor=request.user,
                link=link,
                expected_version=form.cleaned_data["version"],
                step=step,
                when=form.cleaned_data["date"],
                reason=form.cleaned_data.get("reason") or "",
                note=form.cleaned_data.get("note") or "",
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(step)s: done.") % {"step": STEP_TITLES[step]})
            return redirect("matching:link-detail", pk=link.pk)
    return render(
        request,
        "matching/link_form.html",
        {
            "form": form,
            "link": link,
            "label": panel_subject.describe(link),
            "title": STEP_TITLES[step],
            "hint": STEP_HINTS[step],
            "warning_button": step == "disrupted",
        },
    )


@require_http_methods(["GET", "POST"])
def link_decision(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The child's agency decision maker decides the match (Adoption Agencies
    (Wales) Regulations 2005, reg. 34), after the matching panel's
    recommendation and its final minutes, through the panels' decision record."""
    link = _link(request, pk, "decide")
    item = next((i for i in reversed(selectors.link_agenda_items(link)) if i.recommendation), None)
    if item is None or Decision.objects.filter(agenda_item=item).exists():
        raise PermissionDenied
    subject = panel_subject.subjects.get(panel_subject.RECORD_TYPE)
    assert subject is not None
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        outcomes=panel_services.outcomes_for(subject, link, item),
        initial={"decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            panel_services.decision_record(
                actor=request.user,
                subject_type=panel_subject.RECORD_TYPE,
                subject_id=link.pk,
                agenda_item=item,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect("matching:link-detail", pk=link.pk)
    return render(
        request,
        "matching/link_decision.html",
        {
            "form": form,
            "link": link,
            "label": panel_subject.describe(link),
            "item": item,
            "due": panel_services.decision_due(item),
        },
    )
