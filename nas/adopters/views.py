"""Pages for adopter households and enquiries. Each view parses input, calls
one service or selector through the access layer, and renders."""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nas.access.lookup import audit_listed, get_for_user, require
from nas.accounts.roles import Role
from nas.adopters import selectors, services
from nas.adopters.codes import EnquiryStatus
from nas.adopters.forms import (
    ApprovalRangeForm,
    EditHouseholdForm,
    EnquiryForm,
    MemberEditForm,
    MemberForm,
    MilestoneForm,
    NewHouseholdForm,
)
from nas.adopters.journey import APPROVED_STAGES, MilestoneKind, Stage, allowed_next, waiting_for
from nas.adopters.models import Enquiry, Household
from nas.adopters.policies import enquiries as enquiry_policy
from nas.adopters.policies import households as policy
from nas.audit.policies import may_see_trails
from nas.children.forms import CorrectionForm, ReasonForm
from nas.core.errors import add_errors
from nas.core.http import AuthenticatedRequest
from nas.core.middleware import client_network
from nas.core.paging import split_page
from nas.core.records import StaleRecordError
from nas.organisations.models import Organisation
from nas.panels.policies import may_decide
from nas.panels.selectors import decisions_about


def _household(request: AuthenticatedRequest, pk: int, action: str = "view") -> Household:
    return get_for_user(
        request.user,
        policy,
        pk=pk,
        action=action,
        queryset=Household.objects.select_related("owner", "assessor", "residence_authority"),
    )


@require_GET
def household_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, policy, "list")
    stage = request.GET.get("stage", "")
    if stage not in Stage.values:
        stage = ""
    search = request.GET.get("q", "")[:100]
    page = Paginator(selectors.household_list(user=request.user, stage=stage, search=search), 50).get_page(
        request.GET.get("page")
    )
    audit_listed(request.user, policy, page.object_list, where="adopters:list")
    return render(
        request,
        "adopters/list.html",
        {
            "page": page,
            "rows": [(h, selectors.applicants_of(h)) for h in page],
            "stage": stage,
            "search": search,
            "stages": Stage.choices,
            "can_create": policy.can(request.user, "create"),
        },
    )


@require_http_methods(["GET", "POST"])
def household_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, policy, "create")
    owner = request.user.organisation
    form = NewHouseholdForm(request.POST if request.method == "POST" else None, owner=owner)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(
                actor=request.user,
                owner_id=owner.pk,
                enquiry_date=form.cleaned_data["enquiry_date"],
                applicants=form.applicants(),
                **form.household_fields(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The household's record is created."))
            return redirect("adopters:detail", pk=household.pk)
    return render(request, "adopters/form.html", {"form": form, "title": _("Add a household")})


@require_GET
def household_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    milestones = list(household.milestones.select_related("recorded_by").order_by("sequence"))
    for m in milestones:
        m.reason_label = services.reason_label(m.kind, m.detail.get("reason", ""))  # type: ignore[attr-defined]
        m.correctable = policy.may_correct(request.user, household, m.kind)  # type: ignore[attr-defined]
    recorded = {m.kind for m in milestones}
    next_kinds = [
        (kind, MilestoneKind(kind).label)
        for kind in allowed_next(household.stage, recorded)
        if policy.may_record(request.user, household, kind)
    ]
    today = timezone.localdate()
    deadlines = [
        {"deadline": d, "overdue": d.is_overdue(today), "open": d.is_open(today)}
        for d in selectors.household_deadlines(household)
    ]
    return render(
        request,
        "adopters/detail.html",
        {
            "household": household,
            "members": list(household.members.order_by("pk")),
            "milestones": milestones,
            "deadlines": deadlines,
            "next_kinds": next_kinds,
            "waiting_for": waiting_for(household.stage, recorded),
            "decisions": list(decisions_about("adopters.household", household.pk)),
            "approved_on": next((m.date for m in milestones if m.kind == MilestoneKind.APPROVED), None),
            "contact_labels": [label for value, label in _contact_choices() if value in household.contact],
            "can_edit": policy.can(request.user, "edit", household),
            "can_edit_range": policy.can(request.user, "edit_range", household),
            "range_by_review": _range_by_review(request, household),
            "can_add_member": policy.can(request.user, "manage_members", household),
            "can_archive": policy.can(request.user, "archive", household) and not household.is_archived,
            "can_final_decision": may_decide(request.user)
            and household.stage == Stage.QUALIFYING_DETERMINATION,
            "can_see_trail": may_see_trails(request.user),
            "archive_form": ReasonForm(),
        },
    )


def _contact_choices() -> list[tuple[str, str]]:
    from nas.children.codes import ContactPlan

    return [(str(v), str(label)) for v, label in ContactPlan.choices]


@require_http_methods(["GET", "POST"])
def household_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    household = _household(request, pk, "edit")
    form = EditHouseholdForm(
        request.POST if request.method == "POST" else None,
        instance=household,
        owner=household.owner,
        initial={"version": household.version},
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}
        try:
            services.household_update(
                actor=request.user,
                household=household,
                expected_version=form.cleaned_data["version"],
                changes=changes,
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The household's details are updated."))
            return redirect("adopters:detail", pk=household.pk)
    return render(
        request,
        "adopters/form.html",
        {"form": form, "title": _("Change the household's details"), "household": household},
    )


@require_http_methods(["GET", "POST"])
def member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    household = _household(request, pk, "manage_members")
    form = MemberForm(
        request.POST if request.method == "POST" else None, initial={"version": household.version}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.member_add(
                actor=request.user, household=household, expected_version=data.pop("version"), **data
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The person is added to the household."))
            return redirect("adopters:detail", pk=household.pk)
    return render(
        request,
        "adopters/form.html",
        {"form": form, "title": _("Add someone to the household"), "household": household},
    )


@require_http_methods(["GET", "POST"])
def member_edit(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    household = _household(request, pk, "manage_members")
    member = household.members.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    form = MemberEditForm(
        request.POST if request.method == "POST" else None,
        instance=copy.copy(member),
        initial={"version": household.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                actor=request.user,
                household=household,
                member=member,
                expected_version=form.cleaned_data["version"],
                changes=form.changes(),
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The person's details are corrected."))
            return redirect("adopters:detail", pk=household.pk)
    return render(
        request,
        "adopters/form.html",
        {"form": form, "title": _("Correct a person's details"), "household": household},
    )


def _range_by_review(request: AuthenticatedRequest, household: Household) -> bool:
    """After approval a journey keeper changes the range by recording a review;
    the agency decision maker by their own decision."""
    return household.stage in APPROVED_STAGES and not request.user.has_role(Role.AGENCY_DECISION_MAKER)


@require_http_methods(["GET", "POST"])
def approval_range(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    household = _household(request, pk, "edit_range")
    review = _range_by_review(request, household)
    form = ApprovalRangeForm(
        request.POST if request.method == "POST" else None,
        initial=ApprovalRangeForm.initial_for(household),
        review=review,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.approval_range_set(
                actor=request.user,
                household=household,
                expected_version=form.cleaned_data["version"],
                changes=form.changes(),
                **form.review(),
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The approval range is saved."))
            return redirect("adopters:detail", pk=household.pk)
    return render(
        request,
        "adopters/form.html",
        {
            "form": form,
            "title": _("Review of the approval: the approval range") if review else _("Approval range"),
            "household": household,
            "intro": _(
                "The household is approved. Its range changes only at a review of the approval: record the "
                "review's date and the range it agreed. The old range is kept in the audit trail."
            )
            if review
            else _(
                "The ages, number and needs of children the household could adopt, as the Prospective "
                "Adopter's Report recommends and the decision maker approves. Family finding compares it "
                "with each child's needs."
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def milestone_record(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    household = _household(request, pk)
    if kind not in MilestoneKind.values:
        raise Http404
    if not policy.may_record(request.user, household, kind):
        raise PermissionDenied
    form = MilestoneForm(
        request.POST if request.method == "POST" else None, kind=kind, initial={"version": household.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_record(
                actor=request.user,
                household=household,
                kind=kind,
                when=form.cleaned_data["date"],
                detail=form.detail(),
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("%(milestone)s is recorded.") % {"milestone": MilestoneKind(kind).label}
            )
            return redirect("adopters:detail", pk=household.pk)
    return render(
        request,
        "adopters/form.html",
        {"form": form, "household": household, "title": MilestoneKind(kind).label, "submit": _("Record")},
    )


@require_http_methods(["GET", "POST"])
def milestone_correct(request: AuthenticatedRequest, pk: int, milestone_pk: int) -> HttpResponse:
    household = _household(request, pk, "correct_milestone")
    milestone = household.milestones.filter(pk=milestone_pk).first()
    if milestone is None:
        raise Http404
    if not policy.may_correct(request.user, household, milestone.kind):
        messages.error(request, str(services.CORRECTED_ELSEWHERE))
        return redirect("adopters:detail", pk=household.pk)
    form = CorrectionForm(
        request.POST if request.method == "POST" else None,
        initial={"date": milestone.date, "version": household.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_correct(
                actor=request.user,
                milestone=milestone,
                when=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The date is corrected. The old date is kept in the audit trail."))
            return redirect("adopters:detail", pk=household.pk)
    return render(
        request,
        "adopters/form.html",
        {
            "form": form,
            "household": household,
            "title": _("Correct the date: %(milestone)s") % {"milestone": milestone.get_kind_display()},
            "submit": _("Correct the date"),
        },
    )


@require_POST
def household_archive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    household = _household(request, pk, "archive")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.household_archive(
                actor=request.user, household=household, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(
                request, _("The household's record is archived. It is kept and can still be found.")
            )
        return redirect("adopters:detail", pk=household.pk)
    messages.error(request, _("Enter the reason for archiving"))
    return redirect("adopters:detail", pk=household.pk)


@require_GET
def worklist(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, policy, "list")
    # The full list: every open timescale, however far off (the home page shows the next 30 days).
    entries = selectors.worklist(user=request.user, today=timezone.localdate(), horizon_days=3660)
    shown = split_page(
        entries, request, is_overdue=lambda e: e.overdue, overdue_total=sum(not k[0] for k in entries.keys)
    )
    audit_listed(request.user, policy, (e.household for e in shown.page), where="adopters:worklist")
    return render(request, "adopters/worklist.html", {"list": shown})


# --- Enquiries ---------------------------------------------------------------------


@require_GET
def enquiry_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, enquiry_policy, "list")
    status = request.GET.get("status", EnquiryStatus.NEW)
    if status not in EnquiryStatus.values:
        status = EnquiryStatus.NEW
    page = Paginator(selectors.enquiry_list(user=request.user, status=status), 50).get_page(
        request.GET.get("page")
    )
    audit_listed(request.user, enquiry_policy, page.object_list, where="adopters:enquiries")
    return render(
        request,
        "adopters/enquiry_list.html",
        {"page": page, "status": status, "statuses": EnquiryStatus.choices},
    )


def _enquiry(request: AuthenticatedRequest, pk: int, action: str = "view") -> Enquiry:
    return get_for_user(
        request.user,
        enquiry_policy,
        pk=pk,
        action=action,
        queryset=Enquiry.objects.select_related("organisation", "residence_authority", "household"),
    )


@require_GET
def enquiry_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enquiry = _enquiry(request, pk)
    return render(
        request,
        "adopters/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "can_act": enquiry.status == EnquiryStatus.NEW
            and enquiry_policy.can(request.user, "open_household", enquiry),
            "close_form": ReasonForm(),
        },
    )


@require_POST
def enquiry_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enquiry = _enquiry(request, pk, "open_household")
    try:
        household = services.enquiry_open_household(actor=request.user, enquiry=enquiry)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
        return redirect("adopters:enquiry-detail", pk=enquiry.pk)
    messages.success(request, _("The household's record is opened from the enquiry."))
    return redirect("adopters:detail", pk=household.pk)


@require_POST
def enquiry_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enquiry = _enquiry(request, pk, "close")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.enquiry_close(actor=request.user, enquiry=enquiry, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, _("The enquiry is closed."))
        return redirect("adopters:enquiry-detail", pk=enquiry.pk)
    messages.error(request, _("Enter the reason for closing the enquiry"))
    return redirect("adopters:enquiry-detail", pk=enquiry.pk)


# --- The public enquiry form (no sign-in) ------------------------------------------------


#: Invalid or robot submissions an address may make in an hour, for each enquiry it may store:
#: people mistype, but a script posting junk should not reach the form's checks for ever.
INVALID_ATTEMPTS_FACTOR = 4
HOUR = 60 * 60


def _sender(request: HttpRequest) -> str:
    """Who is sending, for the rate limit: the client's address as the trusted
    proxies saw it, not the proxy's own, which the whole public shares; an
    IPv6 host counts once for its /64 (nas.core.middleware.client_network)."""
    return client_network(request)


def _count(key: str) -> int:
    return int(cache.get(key, 0))


def _add_one(key: str) -> None:
    cache.add(key, 0, timeout=HOUR)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=HOUR)


def _limits(request: HttpRequest) -> tuple[str, str]:
    sender = _sender(request)
    return f"nas:adopter-enquiry:stored:{sender}", f"nas:adopter-enquiry:invalid:{sender}"


def _over_limit(request: HttpRequest) -> bool:
    """An address may store ADOPTER_ENQUIRIES_PER_HOUR enquiries an hour, and make
    INVALID_ATTEMPTS_FACTOR times as many attempts that store nothing."""
    stored, invalid = _limits(request)
    per_hour = settings.ADOPTER_ENQUIRIES_PER_HOUR
    return _count(stored) >= per_hour or _count(invalid) >= per_hour * INVALID_ATTEMPTS_FACTOR


@login_not_required
@require_http_methods(["GET", "POST"])
def enquire(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if _over_limit(request):
            return render(request, "adopters/enquire_limited.html", status=429)
        stored, invalid = _limits(request)
        form = EnquiryForm(request.POST)
        if form.is_robot:
            # Tell a robot nothing: the same page a person sees, and nothing stored.
            _add_one(invalid)
            return redirect("adopters:enquire-thanks")
        if form.is_valid():
            data = form.cleaned_data
            try:
                enquiry = services.enquiry_submit(
                    organisation_id=data["organisation"].pk,
                    first_names=data["first_names"],
                    last_name=data["last_name"],
                    email=data["email"],
                    phone=data["phone"],
                    residence_authority_id=data["residence_authority"].pk
                    if data["residence_authority"]
                    else None,
                    kind=data["kind"],
                    message=data["message"],
                    language=(get_language() or "en")[:2],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                _add_one(stored)
                # Nothing the person typed is shown back: the next person at this computer sees
                # only the enquiry's number and who will answer, for one showing of the page.
                request.session[THANKS_KEY] = [enquiry.pk, enquiry.organisation_id]
                return redirect("adopters:enquire-thanks")
        _add_one(invalid)
    else:
        form = EnquiryForm()
    return render(request, "adopters/enquire.html", {"form": form})


@login_not_required
@require_GET
def enquire_thanks(request: HttpRequest) -> HttpResponse:
    number, organisation_id = request.session.pop(THANKS_KEY, None) or (None, None)
    organisation = Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
    return render(request, "adopters/enquire_thanks.html", {"number": number, "organisation": organisation})


THANKS_KEY = "enquiry_sent"
