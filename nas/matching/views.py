"""Pages for family finding. Each view parses input, calls one service or
selector through the access layer, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nas.access import scope as access_scope
from nas.access.lookup import audit_listed, get_for_user, require
from nas.core.errors import add_errors
from nas.core.http import AuthenticatedRequest
from nas.core.records import StaleRecordError
from nas.matching import selectors, services
from nas.matching.forms import FeeForm, ProfileForm, PublishForm, WeightsForm
from nas.matching.models import ChildProfile
from nas.matching.policies import fees as fee_policy
from nas.matching.policies import household_profiles as household_policy
from nas.matching.policies import profiles as policy
from nas.matching.policies import reads_equity, reads_register_figures
from nas.matching.policies import weight_sets as weight_policy


def _profile(request: AuthenticatedRequest, pk: int, action: str = "view") -> ChildProfile:
    return get_for_user(
        request.user,
        policy,
        pk=pk,
        action=action,
        queryset=ChildProfile.objects.select_related("region", "child", "child__local_authority"),
    )


@require_GET
def profile_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, policy, "list")
    publication = request.GET.get("publication", "")
    if publication not in selectors.PUBLICATION_FILTERS:
        publication = ""
    search = request.GET.get("q", "").strip()[:60]
    sort = request.GET.get("sort", "reference")
    if sort not in selectors.PROFILE_SORTS:
        sort = "reference"
    page = Paginator(
        selectors.profile_list(user=request.user, publication=publication, search=search, sort=sort), 50
    ).get_page(request.GET.get("page"))
    today = timezone.localdate()
    own = access_scope.owning_local_authority_id(request.user)
    rows = [
        {
            "profile": p,
            "shared": selectors.shared_dict(p, today),
            # The child's own authority's staff see whose profile it is.
            "child": p.child
            if own is not None and p.child.local_authority_id == own and not p.child.is_restricted
            else None,
        }
        for p in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "matching/profile_list.html",
        {
            "page": page,
            "rows": rows,
            "publication": publication,
            "search": search,
            "sort": sort,
            "query": query.urlencode(),
            "can_see_register": reads_register_figures(request.user),
            "can_see_equity": reads_equity(request.user),
            "can_list_households": household_policy.can(request.user, "list"),
        },
    )


@require_GET
def profile_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk)
    can_publish = policy.can(request.user, "publish", profile)
    return render(
        request,
        "matching/profile_detail.html",
        {
            "profile": profile,
            "rows": selectors.shared_view(profile, timezone.localdate()),
            "can_edit": policy.can(request.user, "edit", profile),
            "can_publish": can_publish,
            "can_view_child": policy.can(request.user, "view_child", profile),
            "can_suggest": policy.can(request.user, "suggest", profile),
            "publish_form": PublishForm(initial={"version": profile.version}) if can_publish else None,
        },
    )


@require_http_methods(["GET", "POST"])
def profile_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk, "edit")
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        initial={
            "version": profile.version,
            "shared_fields": profile.shared_fields,
            "about": profile.about,
            "avoid_own_authority": profile.avoid_own_authority,
            "avoid_neighbouring_authorities": profile.avoid_neighbouring_authorities,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.child_profile_update(
                actor=request.user,
                profile=profile,
                expected_version=form.cleaned_data["version"],
                shared_fields=form.cleaned_data["shared_fields"],
                about=form.cleaned_data["about"],
                avoid_own_authority=form.cleaned_data["avoid_own_authority"],
                avoid_neighbouring_authorities=form.cleaned_data["avoid_neighbouring_authorities"],
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The profile is updated."))
            return redirect("matching:profile-detail", pk=profile.pk)
    return render(request, "matching/profile_form.html", {"form": form, "profile": profile})


@require_POST
def profile_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk, "publish")
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.child_profile_publish(
                actor=request.user,
                profile=profile,
                expected_version=form.cleaned_data["version"],
                target=form.cleaned_data["target"],
            )
        except StaleRecordError:
            messages.error(request, StaleRecordError.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                {
                    "region": _("The profile is published to the region."),
                    "national": _("The profile is published on the national register."),
                    "withdraw": _("The profile is withdrawn from publication."),
                }[form.cleaned_data["target"]],
            )
        return redirect("matching:profile-detail", pk=profile.pk)
    return render(
        request,
        "matching/profile_detail.html",
        {
            "profile": profile,
            "rows": selectors.shared_view(profile, timezone.localdate()),
            "can_edit": True,
            "can_publish": True,
            "can_view_child": True,
            "publish_form": form,
        },
        status=400,
    )


@require_GET
def register_summary(request: AuthenticatedRequest) -> HttpResponse:
    if not reads_register_figures(request.user):
        raise PermissionDenied
    return render(
        request,
        "matching/register_summary.html",
        {"summary": selectors.register_summary(timezone.localdate())},
    )


@require_GET
def weights(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, weight_policy, "list")
    version, current = services.active_weights()
    return render(
        request,
        "matching/weights.html",
        {
            "version": version,
            "rows": selectors.weight_rows(current),
            "history": selectors.weight_history(),
            "can_change": weight_policy.can(request.user, "change"),
        },
    )


@require_http_methods(["GET", "POST"])
def weights_change(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, weight_policy, "change")
    version, current = services.active_weights()
    form = WeightsForm(
        request.POST if request.method == "POST" else None, initial={"version": version, **current}
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.weight_set_change(
                actor=request.user,
                weights=form.weights(),
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Version %(number)s of the weights is in force.") % {"number": created.number}
            )
            return redirect("matching:weights")
    return render(request, "matching/weights_form.html", {"form": form, "version": version})


@require_GET
def fee_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, fee_policy, "list")
    return render(
        request,
        "matching/fees.html",
        {"fees": selectors.fee_list(), "can_change": fee_policy.can(request.user, "change")},
    )


@require_http_methods(["GET", "POST"])
def fee_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, fee_policy, "change")
    form = FeeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.fee_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The rate is added to the fee table."))
            return redirect("matching:fees")
    return render(request, "matching/fee_form.html", {"form": form})


@require_GET
def profile_suggestions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Families for a child (or sibling group), each explained criterion by criterion."""
    profile = get_for_user(
        request.user, policy, pk=pk, action="suggest", queryset=selectors.profile_for_engine()
    )
    today = timezone.localdate()
    version, rows = selectors.child_suggestions(profile, today)
    audit_listed(
        request.user,
        household_policy,
        (row.profile for row in rows),
        where=f"matching:profile-suggestions:{profile.reference}",
    )
    return render(
        request,
        "matching/suggestions.html",
        {
            "profile": profile,
            "rows": rows,
            "in_region": [row for row in rows if row.suggestion.tier == "region"],
            "national": [row for row in rows if row.suggestion.tier != "region"],
            "weights_version": version,
            "shared": selectors.shared_view(profile, today),
            "can_express": policy.can(request.user, "express_interest", profile),
        },
    )
