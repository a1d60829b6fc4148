"""Adoption panels and decisions in the JSON API: the same services and access
layer as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from nas.access.lookup import get_for_user, require
from nas.contract.errors import ErrorsOut
from nas.contract.schemas import Day, Id, LongText, Text, Version, change_schema, form_data, form_schema
from nas.core.errors import api_errors
from nas.panels import selectors, services, subjects
from nas.panels.forms import (
    CentralMemberForm,
    DecisionForm,
    LeaveForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    RecommendationForm,
)
from nas.panels.models import AgendaItem, CentralMember, Decision, ItemKind, Meeting
from nas.panels.policies import central_members as central_policy
from nas.panels.policies import may_decide
from nas.panels.policies import meetings as policy

router = Router(tags=["panels"])


class MeetingOut(Schema):
    id: int
    organisation: str
    date: dt.date
    venue: str
    minutes_final_on: dt.date | None
    version: int


class CentralMemberOut(Schema):
    id: int
    name: str
    role: str
    independent: bool
    joined_on: dt.date
    left_on: dt.date | None
    meetings_sat_on: int
    version: int


class CentralMemberIn(form_schema(CentralMemberForm, exclude=("version",))):  # type: ignore[misc]
    pass


class CentralMemberChangeIn(change_schema(CentralMemberForm)):  # type: ignore[misc]
    pass


class LeaveIn(form_schema(LeaveForm, fields={"version": (Version, ...)})):  # type: ignore[misc]
    pass


class ChooseIn(Schema):
    members: list[Id] = []
    chair: Id | None = None
    version: Version | None = None


class MemberOut(Schema):
    id: int
    central_member: int | None
    name: str
    role: str
    independent: bool
    present: bool


class DecisionOut(Schema):
    id: int
    subject_type: str
    subject_id: int
    agenda_item: int | None
    outcome: str
    reasons: str
    decided_by: str
    decided_on: dt.date


class ItemOut(Schema):
    id: int
    position: int
    kind: str
    subject_type: str
    subject_id: int
    subject_label: str
    papers_received_on: dt.date | None
    recommendation: str
    reasons: str
    decision_due: dt.date | None
    decision: DecisionOut | None


class QuorumOut(Schema):
    quorate: bool
    voting_present: int
    problems: list[str]


class MeetingDetailOut(MeetingOut):
    minutes: str
    members: list[MemberOut]
    quorum: QuorumOut
    items: list[ItemOut]


class MeetingIn(Schema):
    date: Day
    venue: Text = ""


class MemberIn(Schema):
    name: Text
    role: Text
    independent: StrictBool
    present: StrictBool = True
    version: Version | None = None


class ItemIn(Schema):
    kind: Text
    subject_type: Text
    subject_id: Id
    papers_received_on: Day = None
    version: Version | None = None


class RecommendationIn(Schema):
    recommendation: Text
    reasons: LongText
    version: Version | None = None


class MinutesIn(Schema):
    minutes: LongText
    final_on: Day
    version: Version | None = None


class DecisionIn(Schema):
    outcome: Text
    reasons: LongText
    decided_on: Day


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _meeting(request: HttpRequest, pk: int, action: str = "view") -> Meeting:
    return get_for_user(
        _user(request), policy, pk=pk, action=action, queryset=Meeting.objects.select_related("organisation")
    )


def _meeting_out(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "organisation": m.organisation.code,
        "date": m.date,
        "venue": m.venue,
        "minutes_final_on": m.minutes_final_on,
        "version": m.version,
    }


def _member_out(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "central_member": m.central_member_id,
        "name": m.name,
        "role": m.role,
        "independent": m.independent,
        "present": m.present,
    }


def _central_out(m: CentralMember) -> dict[str, Any]:
    return {
        "id": m.pk,
        "name": m.name,
        "role": m.role,
        "independent": m.independent,
        "joined_on": m.joined_on,
        "left_on": m.left_on,
        # The list annotates the count; one record just changed counts its own.
        "meetings_sat_on": m.sitting_count if hasattr(m, "sitting_count") else m.sittings.count(),
        "version": m.version,
    }


def _yes_no(data: dict[str, Any]) -> dict[str, Any]:
    """The API sends a boolean where the form's radios send yes or no."""
    if isinstance(data.get("independent"), bool):
        data["independent"] = "yes" if data["independent"] else "no"
    return data


def _decision_out(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "subject_type": d.subject_type,
        "subject_id": d.subject_id,
        "agenda_item": d.agenda_item_id,
        "outcome": d.outcome,
        "reasons": d.reasons,
        "decided_by": d.decided_by.username,
        "decided_on": d.decided_on,
    }


def _item_out(item: AgendaItem) -> dict[str, Any]:
    decision = getattr(item, "decision", None) if Decision.objects.filter(agenda_item=item).exists() else None
    return {
        "id": item.pk,
        "position": item.position,
        "kind": item.kind,
        "subject_type": item.subject_type,
        "subject_id": item.subject_id,
        "subject_label": item.subject_label,
        "papers_received_on": item.papers_received_on,
        "recommendation": item.recommendation,
        "reasons": item.reasons,
        "decision_due": services.decision_due(item),
        "decision": _decision_out(decision) if decision is not None else None,
    }


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    item = meeting.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return item


@router.get("", response=list[MeetingOut], summary="Panel meetings of the caller's region or agency")
def meeting_list(request: HttpRequest) -> Any:
    user = _user(request)
    require(user, policy, "list")
    return [_meeting_out(m) for m in selectors.meeting_list(user=user).select_related("organisation")[:500]]


@router.get(
    "/central-list",
    response=list[CentralMemberOut],
    summary="The caller's region's or agency's central list of panel members, those who have left included",
)
def central_list(request: HttpRequest) -> Any:
    user = _user(request)
    require(user, central_policy, "list")
    return [_central_out(m) for m in selectors.central_list(user=user)]


@router.post(
    "/central-list",
    response={201: CentralMemberOut, 422: ErrorsOut},
    summary="Add a person to the central list",
)
def central_add(request: HttpRequest, payload: CentralMemberIn) -> Any:
    user = _user(request)
    require(user, central_policy, "create")
    form = CentralMemberForm(_yes_no(form_data(payload)))
    if not form.is_valid():
        return api_errors(form)
    member = services.central_member_add(
        actor=user, **{k: v for k, v in form.cleaned_data.items() if k != "version"}
    )
    return Status(201, _central_out(member))


def _central_member(request: HttpRequest, member_pk: int, version: int | None) -> CentralMember:
    member = get_for_user(_user(request), central_policy, pk=member_pk, action="manage")
    if version is None:
        # Without the version read, a change could silently overwrite someone else's.
        raise ValidationError({"version": _("Send the version of the entry you read")})
    return member


@router.patch(
    "/central-list/{member_pk}",
    response={200: CentralMemberOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Correct an entry on the central list (what is sent is changed)",
)
def central_update(request: HttpRequest, member_pk: int, payload: CentralMemberChangeIn) -> Any:
    member = _central_member(request, member_pk, payload.version)
    current = {
        "name": member.name,
        "role": member.role,
        "independent": "yes" if member.independent else "no",
        "joined_on": member.joined_on.isoformat(),
    }
    form = CentralMemberForm({**current, **_yes_no(form_data(payload))})
    if not form.is_valid():
        return api_errors(form)
    data = dict(form.cleaned_data)
    data.pop("version")
    services.central_member_update(
        actor=_user(request), member=member, expected_version=payload.version, **data
    )
    return Status(200, _central_out(member))


@router.post(
    "/central-list/{member_pk}/leave",
    response={200: CentralMemberOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Record the date a person left the central list (they stay on it, as having left)",
)
def central_leave(request: HttpRequest, member_pk: int, payload: LeaveIn) -> Any:
    member = _central_member(request, member_pk, payload.version)
    form = LeaveForm(form_data(payload))
    if not form.is_valid():
        return api_errors(form)
    services.central_member_leave(
        actor=_user(request),
        member=member,
        left_on=form.cleaned_data["left_on"],
        expected_version=payload.version,
    )
    return Status(200, _central_out(member))


@router.post("", response={201: MeetingOut, 422: ErrorsOut}, summary="Set up a panel meeting")
def meeting_create(request: HttpRequest, payload: MeetingIn) -> Any:
    user = _user(request)
    require(user, policy, "create")
    form = MeetingForm(payload.dict())
    if not form.is_valid():
        return api_errors(form)
    meeting = services.meeting_create(
        actor=user,
        organisation_id=user.organisation_id,
        when=form.cleaned_data["date"],
        venue=form.cleaned_data["venue"],
    )
    return Status(201, _meeting_out(meeting))


@router.get(
    "/{pk}",
    response=MeetingDetailOut,
    summary="One meeting: members, quorum, agenda, recommendations, decisions",
)
def meeting_detail(request: HttpRequest, pk: int) -> Any:
    meeting = _meeting(request, pk)
    members = list(meeting.members.all())
    check = services.quorum(meeting, members)
    items = list(meeting.items.select_related("decision__decided_by").order_by("position"))
    for item in items:
        item.meeting = meeting
    return {
        **_meeting_out(meeting),
        "minutes": meeting.minutes,
        "members": [_member_out(m) for m in members],
        "quorum": {
            "quorate": check.quorate,
            "voting_present": check.voting_present,
            "problems": [str(p) for p in check.problems],
        },
        "items": [_item_out(i) for i in items],
    }


@router.post(
    "/{pk}/members",
    response={201: MemberOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Add a member to the meeting",
)
def member_add(request: HttpRequest, pk: int, payload: MemberIn) -> Any:
    meeting = _meeting(request, pk, "manage")
    data = payload.dict()
    form = MemberForm(
        {
            **{k: v for k, v in data.items() if k != "version"},
            "independent": "yes" if data["independent"] else "no",
            "present": "yes" if data["present"] else "no",
        }
    )
    if not form.is_valid():
        return api_errors(form)
    fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    member = services.member_add(
        actor=_user(request), meeting=meeting, expected_version=payload.version, **fields
    )
    return Status(201, _member_out(member))


@router.post(
    "/{pk}/members/choose",
    response={201: list[MemberOut], 409: ErrorsOut, 422: ErrorsOut},
    summary="Choose the meeting's members, and its chair, from the central list on the meeting's date",
)
def members_choose(request: HttpRequest, pk: int, payload: ChooseIn) -> Any:
    meeting = _meeting(request, pk, "manage")
    added = services.members_choose(
        actor=_user(request),
        meeting=meeting,
        central_member_ids=list(payload.members),
        chair_id=payload.chair,
        expected_version=payload.version,
    )
    return Status(201, [_member_out(m) for m in added])


@router.post(
    "/{pk}/items",
    response={201: ItemOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Put a record on the agenda",
)
def item_add(request: HttpRequest, pk: int, payload: ItemIn) -> Any:
    meeting = _meeting(request, pk, "manage")
    if payload.kind not in ItemKind.values:
        raise ValidationError({"kind": _("Choose the kind of business")})
    from nas.core.forms import DateField

    papers = None
    if payload.papers_received_on:
        try:
            papers = DateField().clean(payload.papers_received_on)
        except ValidationError as error:
            raise ValidationError({"papers_received_on": error.messages}) from None
    try:
        item = services.item_add(
            actor=_user(request),
            meeting=meeting,
            kind=payload.kind,
            subject_type=payload.subject_type,
            subject_id=payload.subject_id,
            papers_received_on=papers,
            expected_version=payload.version,
        )
    except Http404:
        raise ValidationError({"subject_id": _("There is no such record that you may see")}) from None
    return Status(201, _item_out(item))


@router.post(
    "/{pk}/items/{item_pk}/recommendation",
    response={200: ItemOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Record the panel's recommendation on an item",
)
def recommendation(request: HttpRequest, pk: int, item_pk: int, payload: RecommendationIn) -> Any:
    meeting = _meeting(request, pk, "manage")
    item = _item(meeting, item_pk)
    form = RecommendationForm(payload.dict())
    if not form.is_valid():
        return api_errors(form)
    services.recommendation_record(
        actor=_user(request),
        item=item,
        recommendation=form.cleaned_data["recommendation"],
        reasons=form.cleaned_data["reasons"],
        expected_version=payload.version,
    )
    return Status(200, _item_out(item))


@router.post(
    "/{pk}/minutes",
    response={200: MeetingOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Finalise the minutes",
)
def minutes(request: HttpRequest, pk: int, payload: MinutesIn) -> Any:
    meeting = _meeting(request, pk, "manage")
    form = MinutesForm(payload.dict())
    if not form.is_valid():
        return api_errors(form)
    services.minutes_finalise(
        actor=_user(request),
        meeting=meeting,
        minutes=form.cleaned_data["minutes"],
        final_on=form.cleaned_data["final_on"],
        expected_version=payload.version,
    )
    return Status(200, _meeting_out(meeting))


def _decide(
    request: HttpRequest, record_type: str, record_id: int, item: AgendaItem | None, payload: DecisionIn
) -> Any:
    user = _user(request)
    subject, record = subjects.resolve(user, record_type, record_id)
    if not may_decide(user) or subject.decided_by is not None:
        raise PermissionDenied
    subjects.audit_read(user, record_type, record)
    form = DecisionForm(payload.dict(), outcomes=services.outcomes_for(subject, record, item))
    if not form.is_valid():
        return api_errors(form)
    decision = services.decision_record(
        actor=user, subject_type=record_type, subject_id=record_id, agenda_item=item, **form.cleaned_data
    )
    return Status(201, _decision_out(decision))


@router.post(
    "/{pk}/items/{item_pk}/decision",
    response={201: DecisionOut, 422: ErrorsOut},
    summary="The agency decision maker's decision on an item, with reasons",
)
def decision(request: HttpRequest, pk: int, item_pk: int, payload: DecisionIn) -> Any:
    meeting = _meeting(request, pk, "record_decision")
    item = _item(meeting, item_pk)
    return _decide(request, item.subject_type, item.subject_id, item, payload)


@router.post(
    "/decisions/{record_type}/{record_id}",
    response={201: DecisionOut, 422: ErrorsOut},
    summary="A decision with no agenda item (the final decision after a qualifying determination)",
)
def subject_decision(request: HttpRequest, record_type: str, record_id: int, payload: DecisionIn) -> Any:
    return _decide(request, record_type, record_id, None, payload)
