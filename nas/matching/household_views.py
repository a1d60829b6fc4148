"""Pages for households' anonymous profiles and the children suggested for
a household. Each view parses input, calls one service or selector through
the access layer, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nas.access.lookup import audit_listed, get_for_user, require
from nas.core.errors import add_errors
from nas.core.http import AuthenticatedRequest
from nas.core.records import StaleRecordError
from nas.matching import selectors, services
from nas.matching.forms import HouseholdProfileForm, PublishForm
from nas.matching.models import HouseholdProfile
from nas.matching.policies import household_profiles as policy
from nas.matching.policies import profiles as child_policy


def _profile(request: AuthenticatedRequest, pk: int, action: str = "view") -> HouseholdProfile:
    return get_for_user(
        request.user,
        policy,
        pk=pk,
        action=action,
        queryset=HouseholdProfile.objects.select_related(
            "region", "household", "household__owner", "household__residence_authority"
        ),
    )


@require_GET
def household_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, policy, "list")
    publication = request.GET.get("publication", "")
    if publication not in selectors.PUBLICATION_FILTERS:
        publication = ""
    page = Paginator(
        selectors.household_profile_list(user=request.user, publication=publication), 50
    ).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [{"profile": p, "shared": selectors.household_shared_dict(p, today)} for p in page]
    audit_listed(request.user, policy, page.object_list, where="matching:household-list")
    return render(
        request,
        "matching/household_list.html",
        {
            "page": page,
            "rows": rows,
            "publication": publication,
            "without_profile": selectors.households_without_profile(user=request.user),
        },
    )


@require_GET
def household_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk)
    can_publish = policy.can(request.user, "publish", profile)
    return render(
        request,
        "matching/household_detail.html",
        {
            "profile": profile,
            "rows": selectors.household_shared_view(profile, timezone.localdate()),
            "can_edit": policy.can(request.user, "edit", profile),
            "can_publish": can_publish,
            "can_suggest": policy.can(request.user, "suggest", profile),
            "can_view_household": policy.can(request.user, "view_household", profile),
            "publish_form": PublishForm(initial={"version": profile.version}) if can_publish else None,
        },
    )


@require_http_methods(["GET", "POST"])
def household_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk, "edit")
    form = HouseholdProfileForm(
        request.POST if request.method == "POST" else None,
        initial={"version": profile.version, "shared_fields": profile.shared_fields, "about": profile.about},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.household_profile_update(
                actor=request.user,
                profile=profile,
                expected_version=form.cleaned_data["version"],
                shared_fields=form.cleaned_data["shared_fields"],
                about=form.cleaned_data["about"],
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The profile is updated."))
            return redirect("matching:household-detail", pk=profile.pk)
    return render(request, "matching/household_form.html", {"form": form, "profile": profile})


@require_POST
def household_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk, "publish")
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose where to publish the profile"))
        return redirect("matching:household-detail", pk=profile.pk)
    try:
        services.household_profile_publish(
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
    return redirect("matching:household-detail", pk=profile.pk)


@require_GET
def household_suggestions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Children (or sibling groups) for whom the household passes every hard constraint."""
    profile = _profile(request, pk, "suggest")
    today = timezone.localdate()
    version, rows = selectors.household_suggestions(profile, today)
    audit_listed(
        request.user,
        child_policy,
        (row.profile for row in rows),
        where=f"matching:household-suggestions:{profile.reference}",
    )
    return render(
        request,
        "matching/household_suggestions.html",
        {
            "profile": profile,
            "rows": [{"row": row, "shared": selectors.shared_dict(row.profile, today)} for row in rows],
            "weights_version": version,
            "can_express": policy.can(request.user, "express_interest", profile),
        },
    )
