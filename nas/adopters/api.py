"""Adopter households and enquiries in the JSON API: the same services and
access layer as the pages, the same validation messages."""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from nas.access.lookup import audit_listed, get_for_user, require
from nas.accounts.roles import Role
from nas.adopters import selectors, services
from nas.adopters.codes import EnquiryStatus
from nas.adopters.forms import (
    ApprovalRangeForm,
    EditHouseholdForm,
    MemberEditForm,
    MemberForm,
    MilestoneForm,
    NewHouseholdForm,
)
from nas.adopters.journey import APPROVED_STAGES, MilestoneKind, Stage, allowed_next
from nas.adopters.models import Enquiry, Household
from nas.adopters.policies import enquiries as enquiry_policy
from nas.adopters.policies import households as policy
from nas.children.forms import CorrectionForm
from nas.contract.errors import ErrorsOut
from nas.contract.schemas import (
    Day,
    LongText,
    Page,
    Text,
    Version,
    change_schema,
    form_data,
    form_schema,
    page_of,
)
from nas.core.errors import api_errors

router = Router(tags=["adopters"])


class HouseholdPersonOut(Schema):
    id: int
    role: str
    first_names: str
    last_name: str
    date_of_birth: date | None


class HouseholdOut(Schema):
    id: int
    reference: str
    owner: str
    kind: str
    stage: str
    version: int
    assessor: str | None
    residence_authority: str | None
    language: str
    applicants: list[HouseholdPersonOut]
    archived: bool


class RangeOut(Schema):
    age_min: int | None
    age_max: int | None
    max_children: int | None
    sibling_group: bool
    health_needs: str
    developmental_needs: str
    behavioural_needs: str
    disability: bool
    contact: list[str]
    language: str
    residence_authority: str | None
    approved_on: date | None


class HouseholdMilestoneOut(Schema):
    id: int
    kind: str
    date: date
    detail: dict[str, Any]


class HouseholdDeadlineOut(Schema):
    code: str
    name: str
    source: str
    due: date
    done: date | None
    earliest: bool
    overdue: bool


class HouseholdDetailOut(HouseholdOut):
    email: str
    phone: str
    address: str
    members: list[HouseholdPersonOut]
    approval_range: RangeOut
    milestones: list[HouseholdMilestoneOut]
    deadlines: list[HouseholdDeadlineOut]
    next_milestones: list[str]


class HouseholdMilestoneIn(Schema):
    kind: Text
    date: Day
    version: Version
    reason: Text = ""
    note: LongText = ""


class NewHouseholdIn(form_schema(NewHouseholdForm)):  # type: ignore[misc]
    """A new household from an enquiry: the fields of the page's form."""


class HouseholdChangeIn(change_schema(EditHouseholdForm)):  # type: ignore[misc]
    """What changes: only the fields sent, with the version the caller read."""


class ApprovalRangeIn(form_schema(ApprovalRangeForm, optional=("review_on", "note"))):  # type: ignore[misc]
    """The approval range; once approved, with the review's date (and what it found)."""


class HouseholdMemberIn(form_schema(MemberForm)):  # type: ignore[misc]
    """Someone joining the household (with the household's version, optional)."""


class HouseholdMemberChangeIn(change_schema(MemberEditForm)):  # type: ignore[misc]
    """A correction of a person's details: only the fields sent, with the household's version."""


class HouseholdWorkOut(Schema):
    household: int
    reference: str
    deadline: str
    name: str
    source: str
    due: date
    overdue: bool


class EnquiryOut(Schema):
    id: int
    organisation: str
    status: str
    received_at: datetime
    first_names: str
    last_name: str
    email: str
    phone: str
    kind: str
    residence_authority: str | None
    message: str
    language: str
    household: int | None


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _person(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "role": p.role,
        "first_names": p.first_names,
        "last_name": p.last_name,
        "date_of_birth": p.date_of_birth,
    }


def _out(household: Household) -> dict[str, Any]:
    return {
        "id": household.pk,
        "reference": household.reference,
        "owner": household.owner.code,
        "kind": household.kind,
        "stage": household.stage,
        "version": household.version,
        "assessor": household.assessor.username if household.assessor else None,
        "residence_authority": household.residence_authority.code if household.residence_authority else None,
        "language": household.language,
        "applicants": [_person(p) for p in selectors.applicants_of(household)],
        "archived": household.is_archived,
    }


def _household(request: HttpRequest, pk: int, action: str = "view") -> Household:
    return get_for_user(
        _user(request),
        policy,
        pk=pk,
        action=action,
        queryset=Household.objects.select_related("owner", "assessor", "residence_authority"),
    )


@router.get("", response=list[HouseholdOut], summary="Adopter households in the caller's scope")
def household_list(request: HttpRequest, page: Query[Page], stage: str = "", q: str = "") -> Any:
    user = _user(request)
    require(user, policy, "list")
    if stage and stage not in Stage.values:
        stage = ""
    rows = selectors.household_list(user=user, stage=stage, search=q).select_related("owner")
    shown = page_of(rows, page)
    audit_listed(user, policy, shown, where="api:adopters")
    return [_out(h) for h in shown]


@router.post(
    "",
    response={201: HouseholdOut, 422: ErrorsOut},
    summary="Add a household (the caller's region or agency)",
)
def household_create(request: HttpRequest, payload: NewHouseholdIn) -> Any:
    user = _user(request)
    require(user, policy, "create")
    form = NewHouseholdForm(form_data(payload), owner=user.organisation)
    if not form.is_valid():
        return api_errors(form)
    household = services.household_create(
        actor=user,
        owner_id=user.organisation_id,
        enquiry_date=form.cleaned_data["enquiry_date"],
        applicants=form.applicants(),
        **form.household_fields(),
    )
    return Status(201, _out(household))


@router.get(
    "/worklist",
    response=list[HouseholdWorkOut],
    summary="Statutory timescales due and overdue for the caller's households",
)
def worklist(request: HttpRequest) -> Any:
    user = _user(request)
    require(user, policy, "list")
    entries = selectors.worklist(user=user, today=timezone.localdate())
    audit_listed(user, policy, (e.household for e in entries), where="api:adopters/worklist")
    return [
        {
            "household": e.household.pk,
            "reference": e.household.reference,
            "deadline": e.deadline.code,
            "name": str(e.deadline.name),
            "source": str(e.deadline.source),
            "due": e.deadline.due,
            "overdue": e.overdue,
        }
        for e in entries
    ]


def _enquiry_out(e: Enquiry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "organisation": e.organisation.code,
        "status": e.status,
        "received_at": e.received_at,
        "first_names": e.first_names,
        "last_name": e.last_name,
        "email": e.email,
        "phone": e.phone,
        "kind": e.kind,
        "residence_authority": e.residence_authority.code if e.residence_authority else None,
        "message": e.message,
        "language": e.language,
        "household": e.household_id,
    }


@router.get(
    "/enquiries",
    response=list[EnquiryOut],
    summary="Enquiries from the public to the caller's region or agency",
)
def enquiry_list(request: HttpRequest, page: Query[Page], status: str = EnquiryStatus.NEW) -> Any:
    user = _user(request)
    require(user, enquiry_policy, "list")
    if status not in EnquiryStatus.values:
        status = EnquiryStatus.NEW
    rows = selectors.enquiry_list(user=user, status=status).select_related("organisation")
    shown = page_of(rows, page)
    audit_listed(user, enquiry_policy, shown, where="api:adopters/enquiries")
    return [_enquiry_out(e) for e in shown]


@router.get("/enquiries/{pk}", response=EnquiryOut, summary="One enquiry")
def enquiry_detail(request: HttpRequest, pk: int) -> Any:
    enquiry = get_for_user(
        _user(request),
        enquiry_policy,
        pk=pk,
        queryset=Enquiry.objects.select_related("organisation", "residence_authority"),
    )
    return _enquiry_out(enquiry)


def _range(household: Household, milestones: list[Any]) -> dict[str, Any]:
    return {
        "age_min": household.age_min,
        "age_max": household.age_max,
        "max_children": household.max_children,
        "sibling_group": household.sibling_group,
        "health_needs": household.health_needs,
        "developmental_needs": household.developmental_needs,
        "behavioural_needs": household.behavioural_needs,
        "disability": household.disability,
        "contact": household.contact,
        "language": household.language,
        "residence_authority": household.residence_authority.code if household.residence_authority else None,
        "approved_on": next((m.date for m in milestones if m.kind == MilestoneKind.APPROVED), None),
    }


@router.get(
    "/{pk}",
    response=HouseholdDetailOut,
    summary="One household, with its journey, timescales and approval range",
)
def household_detail(request: HttpRequest, pk: int) -> Any:
    user = _user(request)
    household = _household(request, pk)
    milestones = list(household.milestones.order_by("sequence"))
    today = timezone.localdate()
    return {
        **_out(household),
        "email": household.email,
        "phone": household.phone,
        "address": household.address,
        "members": [_person(p) for p in household.members.order_by("pk")],
        "approval_range": _range(household, milestones),
        "milestones": [{"id": m.pk, "kind": m.kind, "date": m.date, "detail": m.detail} for m in milestones],
        "deadlines": [
            {
                "code": d.code,
                "name": str(d.name),
                "source": str(d.source),
                "due": d.due,
                "done": d.done,
                "earliest": d.earliest,
                "overdue": d.is_overdue(today),
            }
            for d in selectors.household_deadlines(household)
        ],
        "next_milestones": [
            k
            for k in allowed_next(household.stage, {m.kind for m in milestones})
            if policy.may_record(user, household, k)
        ],
    }


@router.patch(
    "/{pk}",
    response={200: HouseholdOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Change a household's details",
)
def household_update(request: HttpRequest, pk: int, payload: HouseholdChangeIn) -> Any:
    user = _user(request)
    household = _household(request, pk, "edit")
    current = {
        name: EditHouseholdForm(instance=household, owner=household.owner)[name].value()
        for name in EditHouseholdForm.Meta.fields
    }
    sent = form_data(payload)
    form = EditHouseholdForm({**current, **sent}, instance=household, owner=household.owner)
    if not form.is_valid():
        return api_errors(form)
    changes = {
        name: form.cleaned_data[name] for name in sent if name in form.cleaned_data and name != "version"
    }
    services.household_update(
        actor=user, household=household, expected_version=form.cleaned_data["version"], changes=changes
    )
    household.refresh_from_db()
    return Status(200, _out(household))


@router.put(
    "/{pk}/approval-range",
    response={200: RangeOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Record the household's approval range",
)
def approval_range(request: HttpRequest, pk: int, payload: ApprovalRangeIn) -> Any:
    user = _user(request)
    household = _household(request, pk, "edit_range")
    data = form_data(payload)  # true and false are already the form's yes and no
    # Once approved, a journey keeper changes the range only by recording a review of the approval.
    review = household.stage in APPROVED_STAGES and not user.has_role(Role.AGENCY_DECISION_MAKER)
    form = ApprovalRangeForm(data, review=review)
    if not form.is_valid():
        return api_errors(form)
    services.approval_range_set(
        actor=user,
        household=household,
        expected_version=form.cleaned_data["version"],
        changes=form.changes(),
        **form.review(),
    )
    household.refresh_from_db()
    return Status(200, _range(household, list(household.milestones.all())))


@router.post(
    "/{pk}/members",
    response={201: HouseholdPersonOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Add someone to the household",
)
def member_add(request: HttpRequest, pk: int, payload: HouseholdMemberIn) -> Any:
    user = _user(request)
    household = _household(request, pk, "manage_members")
    form = MemberForm(form_data(payload))
    if not form.is_valid():
        return api_errors(form)
    data = dict(form.cleaned_data)
    member = services.member_add(
        actor=user, household=household, expected_version=data.pop("version"), **data
    )
    return Status(201, _person(member))


@router.patch(
    "/{pk}/members/{member_pk}",
    response={200: HouseholdPersonOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Correct a person's details (with the household's version)",
)
def member_update(
    request: HttpRequest,
    pk: int,
    member_pk: int,
    payload: HouseholdMemberChangeIn,
) -> Any:
    user = _user(request)
    household = _household(request, pk, "manage_members")
    member = household.members.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    current = MemberEditForm(instance=copy.copy(member))
    sent = form_data(payload)
    merged = {name: current[name].value() for name in services.MEMBER_FIELDS} | sent
    form = MemberEditForm(merged, instance=copy.copy(member))
    if not form.is_valid():
        return api_errors(form)
    services.member_update(
        actor=user,
        household=household,
        member=member,
        expected_version=form.cleaned_data["version"],
        changes={name: value for name, value in form.changes().items() if name in sent},
    )
    return Status(200, _person(member))


class HouseholdCorrectionIn(Schema):
    date: Day
    reason: LongText
    version: Version


@router.post(
    "/{pk}/milestones/{milestone_pk}/correction",
    response={200: HouseholdMilestoneOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Correct a milestone's date, with the reason (not the panel's steps or the decisions)",
)
def milestone_correct(
    request: HttpRequest, pk: int, milestone_pk: int, payload: HouseholdCorrectionIn
) -> Any:
    user = _user(request)
    household = _household(request, pk, "correct_milestone")
    milestone = household.milestones.filter(pk=milestone_pk).first()
    if milestone is None:
        raise Http404
    form = CorrectionForm(payload.dict())
    if not form.is_valid():
        return api_errors(form)
    services.milestone_correct(
        actor=user,
        milestone=milestone,
        when=form.cleaned_data["date"],
        reason=form.cleaned_data["reason"],
        expected_version=payload.version,
    )
    return Status(
        200, {"id": milestone.pk, "kind": milestone.kind, "date": milestone.date, "detail": milestone.detail}
    )


@router.post(
    "/{pk}/milestones",
    response={201: HouseholdMilestoneOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Record the next milestone of the journey",
)
def milestone_record(request: HttpRequest, pk: int, payload: HouseholdMilestoneIn) -> Any:
    user = _user(request)
    household = _household(request, pk)
    if payload.kind not in MilestoneKind.values:
        return Status(422, {"errors": {"kind": [_("Choose a milestone")]}})
    if not policy.may_record(user, household, payload.kind):
        raise PermissionDenied
    form = MilestoneForm(payload.dict(), kind=payload.kind)
    if not form.is_valid():
        return api_errors(form)
    milestone = services.milestone_record(
        actor=user,
        household=household,
        kind=payload.kind,
        when=form.cleaned_data["date"],
        detail=form.detail(),
        expected_version=form.cleaned_data["version"],
    )
    return Status(
        201, {"id": milestone.pk, "kind": milestone.kind, "date": milestone.date, "detail": milestone.detail}
    )
