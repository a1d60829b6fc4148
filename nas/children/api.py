"""The child's journey in the JSON API: the same services and access layer as
the pages, the same validation messages (in the caller's language)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from nas.access.lookup import audit_listed, get_for_user, require
from nas.children import imports, selectors, services
from nas.children.forms import CorrectionForm, EditChildForm, MilestoneForm, NewChildForm
from nas.children.journey import MilestoneKind, Stage, allowed_next
from nas.children.models import Child
from nas.children.policies import children as policy
from nas.contract.errors import ErrorsOut
from nas.contract.schemas import (
    Day,
    LongText,
    Page,
    QueryId,
    Text,
    Version,
    change_schema,
    form_data,
    form_schema,
    page_of,
)
from nas.core.errors import api_errors

router = Router(tags=["children"])


class ChildOut(Schema):
    id: int
    local_authority: str
    stage: str
    version: int
    sex: str
    ethnicity: str
    language: str
    legal_status: str
    early_permanence: str
    health_needs: str
    developmental_needs: str
    behavioural_needs: str
    disability: bool
    contact_plan: str
    sibling_group: int | None
    restricted: bool
    archived: bool
    # Identity: only for the owning authority's staff (null otherwise).
    case_reference: str | None
    first_names: str | None
    last_name: str | None
    date_of_birth: date | None


class ChildMilestoneOut(Schema):
    id: int
    kind: str
    date: date
    detail: dict[str, Any]


class ChildDeadlineOut(Schema):
    code: str
    name: str
    source: str
    due: date
    done: date | None
    earliest: bool
    overdue: bool


class ChildDetailOut(ChildOut):
    milestones: list[ChildMilestoneOut]
    deadlines: list[ChildDeadlineOut]
    next_milestones: list[str]


class NewChildIn(form_schema(NewChildForm)):  # type: ignore[misc]
    """A new child: the fields of the page's form."""


class ChildChangeIn(change_schema(EditChildForm)):  # type: ignore[misc]
    """What changes: only the fields sent, with the version the caller read."""


class ChildMilestoneIn(Schema):
    kind: Text
    date: Day
    version: Version
    basis: Text = ""
    reason: Text = ""
    note: LongText = ""
    #: For "placed": same_region, elsewhere_in_wales or outside_wales.
    placement_area: Text = ""


class ChildCorrectionIn(Schema):
    date: Day
    reason: LongText
    version: Version | None = None


class ChildImportOut(Schema):
    ok: bool
    #: Whether anything was imported (in partial mode, despite the problems).
    written: bool
    created: int
    updated: int
    unchanged: int
    #: Every child was there already, as the files have them.
    nothing_changed: bool
    errors: list[dict[str, Any]]
    #: Files not read (another SSDA903 table, the DfE's XML), and why.
    notices: list[dict[str, Any]]


class ChildWorkOut(Schema):
    child: int
    deadline: str
    name: str
    due: date
    overdue: bool


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _out(child: Child, user: Any) -> dict[str, Any]:
    identity = policy.can(user, "view_identity", child) and not child.is_restricted
    return {
        "id": child.pk,
        "local_authority": child.local_authority.code,
        "stage": child.stage,
        "version": child.version,
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "language": child.language,
        "legal_status": child.legal_status,
        "early_permanence": child.early_permanence,
        "health_needs": child.health_needs,
        "developmental_needs": child.developmental_needs,
        "behavioural_needs": child.behavioural_needs,
        "disability": child.disability,
        "contact_plan": child.contact_plan,
        "sibling_group": child.sibling_group_id,
        "restricted": child.is_restricted,
        "archived": child.is_archived,
        "case_reference": child.case_reference if identity else None,
        "first_names": child.first_names if identity else None,
        "last_name": child.last_name if identity else None,
        "date_of_birth": child.date_of_birth if identity else None,
    }


def _child(request: HttpRequest, pk: int, action: str = "view") -> Child:
    return get_for_user(
        _user(request), policy, pk=pk, action=action, queryset=Child.objects.select_related("local_authority")
    )


@router.get("", response=list[ChildOut], summary="Children in the caller's scope")
def child_list(request: HttpRequest, page: Query[Page], stage: str = "", q: str = "") -> list[dict[str, Any]]:
    user = _user(request)
    require(user, policy, "list")
    if stage and stage not in Stage.values:
        stage = ""
    rows = selectors.child_list(user=user, stage=stage, search=q)
    shown = page_of(rows, page)
    audit_listed(user, policy, shown, where="api:children")
    return [_out(c, user) for c in shown]


@router.post("", response={201: ChildOut, 422: ErrorsOut}, summary="Add a child (the caller's authority)")
def child_create(request: HttpRequest, payload: NewChildIn) -> Any:
    user = _user(request)
    require(user, policy, "create")
    form = NewChildForm(form_data(payload), authority=user.organisation)
    if not form.is_valid():
        return api_errors(form)
    data = dict(form.cleaned_data)
    entered = data.pop("entered_care")
    child = services.child_create(
        actor=user, local_authority_id=user.organisation_id, entered_care=entered, **data
    )
    return Status(201, _out(child, user))


@router.get(
    "/worklist", response=list[ChildWorkOut], summary="Deadlines due and overdue for the caller's children"
)
def worklist(request: HttpRequest, team: QueryId | None = None) -> list[dict[str, Any]]:
    user = _user(request)
    require(user, policy, "list")
    if not policy.can(user, "view_identity"):
        raise Http404
    entries = selectors.worklist(user=user, today=timezone.localdate(), team_id=team)
    audit_listed(user, policy, (e.child for e in entries), where="api:children/worklist")
    return [
        {
            "child": e.child.pk,
            "deadline": e.deadline.code,
            "name": str(e.deadline.name),
            "due": e.deadline.due,
            "overdue": e.overdue,
        }
        for e in entries
    ]


@router.post(
    "/import",
    response={200: ChildImportOut, 422: ChildImportOut},
    summary="Import children (CSV/Excel or SSDA903 tables)",
)
def child_import(
    request: HttpRequest,
    files: list[UploadedFile] = File(...),  # noqa: B008
    partial: bool = Form(False),  # noqa: B008
) -> Any:
    """All or nothing, or with `partial` the valid children and the rest
    reported; each problem with its file, row, column, rule and child."""
    user = _user(request)
    require(user, policy, "import")
    result = imports.import_children(
        actor=user,
        local_authority_id=user.organisation_id,
        files=[(f.name or "upload", f.read()) for f in files],
        partial=partial,
    )
    body = {
        "ok": result.ok,
        "written": result.written,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "nothing_changed": result.nothing_changed,
        "errors": [_problem(e) for e in result.errors],
        "notices": [_problem(e) for e in result.notices],
    }
    return Status(200 if result.written else 422, body)


def _problem(error: imports.RowError) -> dict[str, Any]:
    return {
        "file": error.file,
        "row": error.row,
        "column": error.column,
        "message": error.message,
        "code": error.code,
        "child": error.child,
    }


@router.get("/{pk}", response=ChildDetailOut, summary="One child, with the timeline and deadlines")
def child_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = _user(request)
    child = _child(request, pk)
    restricted = child.is_restricted
    milestones = [] if restricted else list(child.milestones.order_by("sequence"))
    today = timezone.localdate()
    return {
        **_out(child, user),
        "milestones": [{"id": m.pk, "kind": m.kind, "date": m.date, "detail": m.detail} for m in milestones],
        "deadlines": []
        if restricted
        else [
            {
                "code": d.code,
                "name": str(d.name),
                "source": str(d.source),
                "due": d.due,
                "done": d.done,
                "earliest": d.earliest,
                "overdue": d.is_overdue(today),
            }
            for d in selectors.child_deadlines(child)
        ],
        "next_milestones": [
            k
            for k in allowed_next(child.stage, {m.kind for m in milestones})
            if policy.may_record(user, child, k)
        ],
    }


@router.patch(
    "/{pk}", response={200: ChildOut, 409: ErrorsOut, 422: ErrorsOut}, summary="Change a child's details"
)
def child_update(request: HttpRequest, pk: int, payload: ChildChangeIn) -> Any:
    user = _user(request)
    child = _child(request, pk, "edit")
    current = {
        name: EditChildForm(instance=child, authority=child.local_authority)[name].value()
        for name in EditChildForm.Meta.fields
    }
    sent = form_data(payload)
    form = EditChildForm({**current, **sent}, instance=child, authority=child.local_authority)
    if not form.is_valid():
        return api_errors(form)
    changes = {
        name: form.cleaned_data[name] for name in sent if name in form.cleaned_data and name != "version"
    }
    services.child_update(
        actor=user, child=child, expected_version=form.cleaned_data["version"], changes=changes
    )
    child.refresh_from_db()
    return Status(200, _out(child, user))


@router.post(
    "/{pk}/milestones",
    response={201: ChildMilestoneOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Record the next milestone of the journey",
)
def milestone_record(request: HttpRequest, pk: int, payload: ChildMilestoneIn) -> Any:
    user = _user(request)
    child = _child(request, pk)
    if payload.kind not in MilestoneKind.values:
        return Status(422, {"errors": {"kind": [_("Choose a milestone")]}})
    if not policy.may_record(user, child, payload.kind):
        raise PermissionDenied
    form = MilestoneForm(payload.dict(), kind=payload.kind)
    if not form.is_valid():
        return api_errors(form)
    milestone = services.milestone_record(
        actor=user,
        child=child,
        kind=payload.kind,
        when=form.cleaned_data["date"],
        detail=form.detail(),
        expected_version=form.cleaned_data["version"],
    )
    return Status(
        201,
        {
            "id": milestone.pk,
            "kind": milestone.kind,
            "date": milestone.date,
            "detail": milestone.detail,
        },
    )


@router.post(
    "/{pk}/milestones/{milestone_pk}/correction",
    response={200: ChildMilestoneOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Correct a milestone's date, with the reason",
)
def milestone_correct(request: HttpRequest, pk: int, milestone_pk: int, payload: ChildCorrectionIn) -> Any:
    user = _user(request)
    child = _child(request, pk)
    milestone = child.milestones.filter(pk=milestone_pk).first()
    if milestone is None:
        raise Http404
    if not policy.may_correct(user, child, milestone.kind):
        raise PermissionDenied
    form = CorrectionForm(payload.dict())
    if not form.is_valid():
        return api_errors(form)
    services.milestone_correct(
        actor=user,
        milestone=milestone,
        when=form.cleaned_data["date"],
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )
    return Status(
        200,
        {
            "id": milestone.pk,
            "kind": milestone.kind,
            "date": milestone.date,
            "detail": milestone.detail,
        },
    )
