"""Casework in the JSON API: the same services, selectors and access layer as
the pages. A record is named by `record_type` and `record_id`; outside the
caller's scope it does not exist (404); a stale `version` answers 409."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from nas.access import scope as tiers
from nas.access.lookup import audit_listed, get_for_user
from nas.accounts.models import User
from nas.casework import policies, records, selectors, services
from nas.casework.models import Allocation, CaseNote, Task
from nas.contract.errors import ErrorsOut
from nas.contract.schemas import Id, IsoDate, LongText, Text, Version
from nas.organisations.models import Team

router = Router(tags=["casework"])


class CaseOut(Schema):
    record_type: str
    record_id: int
    kind: str
    name: str
    url: str
    team: str
    worker: str
    allocated_on: dt.datetime | None
    #: The day that matters on the list (the next statutory visit or review; the last oversight).
    on: dt.date | None
    #: What is due on that day, and whether it is late.
    what: str
    overdue: bool


class AllocationOut(Schema):
    id: int
    record_type: str
    record_id: int
    worker: str
    worker_id: int
    team: str | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    allocated_by: str
    reason: str


class AllocationIn(Schema):
    record_type: Text
    record_id: Id
    worker_id: Id
    team_id: Id | None = None
    reason: LongText = ""


class WorkerLoadOut(Schema):
    worker: str
    worker_id: int
    by_kind: dict[str, int]
    total: int
    overdue_tasks: int


class CaseworkLoadOut(Schema):
    workers: list[WorkerLoadOut]
    unallocated: dict[str, int]
    overdue_tasks: int
    without_oversight: list[CaseOut]
    #: How many cases are without oversight in all (the list holds the 50 longest).
    without_oversight_total: int = 0
    statutory_overdue: list[CaseOut]
    #: How many statutory visits and reviews are overdue in all (the list holds the 50 longest).
    statutory_overdue_total: int = 0


class NoteOut(Schema):
    id: int
    record_type: str
    record_id: int
    kind: str
    contact_on: dt.date
    participants: str
    text: str
    child_seen: bool | None
    seen_alone: bool | None
    sensitive: bool
    author: str
    created_at: dt.datetime
    addendum_to: int | None
    archived_at: dt.datetime | None
    archive_reason: str
    version: int


class NoteIn(Schema):
    record_type: Text
    record_id: Id
    kind: Text
    contact_on: IsoDate
    text: LongText
    participants: LongText = ""
    child_seen: StrictBool | None = None
    seen_alone: StrictBool | None = None
    sensitive: StrictBool = False


class NoteChangeIn(Schema):
    version: Version
    contact_on: IsoDate
    text: LongText
    participants: LongText = ""
    child_seen: StrictBool | None = None
    seen_alone: StrictBool | None = None
    sensitive: StrictBool | None = None


class TextIn(Schema):
    text: LongText


class ReasonIn(Schema):
    reason: LongText


class TaskOut(Schema):
    id: int
    record_type: str
    record_id: int
    title: str
    details: str
    due_on: dt.date
    assignee_id: int | None
    team_id: int | None
    set_by: str
    status: str
    closed_at: dt.datetime | None
    close_reason: str
    version: int


class TaskIn(Schema):
    record_type: Text
    record_id: Id
    title: Text
    due_on: IsoDate
    details: LongText = ""
    assignee_id: Id | None = None
    team_id: Id | None = None


class TaskCloseIn(Schema):
    version: Version
    reason: LongText = ""


class TaskReassignIn(Schema):
    version: Version
    reason: LongText
    assignee_id: Id | None = None
    team_id: Id | None = None


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _staff_only(user: Any) -> None:
    if tiers.is_national(user):
        raise PermissionDenied


def _case_out(row: selectors.CaseRow) -> dict[str, Any]:
    return {
        "record_type": row.record_type,
        "record_id": row.record_id,
        "kind": row.kind,
        "name": row.name,
        "url": row.url,
        "team": row.team,
        "worker": row.worker,
        "allocated_on": row.since,
        "on": row.on,
        "what": row.due_label,
        "overdue": row.overdue,
    }


def _allocation_out(a: Allocation) -> dict[str, Any]:
    return {
        "id": a.pk,
        "record_type": a.record_type,
        "record_id": a.record_id,
        "worker": str(a.worker),
        "worker_id": a.worker_id,
        "team": a.team.name if a.team else None,
        "started_at": a.started_at,
        "ended_at": a.ended_at,
        "allocated_by": str(a.allocated_by),
        "reason": a.reason,
    }


def _note_out(n: CaseNote) -> dict[str, Any]:
    return {
        "id": n.pk,
        "record_type": n.record_type,
        "record_id": n.record_id,
        "kind": n.kind,
        "contact_on": n.contact_on,
        "participants": n.participants,
        "text": n.text,
        "child_seen": n.child_seen,
        "seen_alone": n.seen_alone,
        "sensitive": n.sensitive,
        "author": str(n.author),
        "created_at": n.created_at,
        "addendum_to": n.addendum_to_id,
        "archived_at": n.archived_at,
        "archive_reason": n.archive_reason,
        "version": n.version,
    }


def _task_out(t: Task) -> dict[str, Any]:
    return {
        "id": t.pk,
        "record_type": t.record_type,
        "record_id": t.record_id,
        "title": t.title,
        "details": t.details,
        "due_on": t.due_on,
        "assignee_id": t.assignee_id,
        "team_id": t.team_id,
        "set_by": str(t.set_by),
        "status": t.status,
        "closed_at": t.closed_at,
        "close_reason": t.close_reason,
        "version": t.version,
    }


def _colleague(user: Any, pk: int | None) -> User | None:
    if pk is None:
        return None
    found = User.objects.filter(pk=pk, organisation_id=user.organisation_id).first()
    if found is None:
        raise ValidationError({"assignee_id": _("Choose someone of your organisation")})
    return found


def _team(organisation_id: int, pk: int | None, field: str = "team_id") -> Team | None:
    if pk is None:
        return None
    found = Team.objects.filter(pk=pk, organisation_id=organisation_id).first()
    if found is None:
        raise ValidationError({field: _("Choose one of the organisation's teams")})
    return found


# --- Allocation --------------------------------------------------------------------


@router.get("/my-cases", response=list[CaseOut], summary="The records allocated to the caller")
def my_cases(request: HttpRequest) -> Any:
    user = _user(request)
    _staff_only(user)
    rows = selectors.my_cases(user=user)
    records.audit_listed_rows(user, rows, "api casework my-cases")
    return [_case_out(r) for r in rows]


@router.get("/caseload", response=CaseworkLoadOut, summary="A manager's view of the organisation's casework")
def caseload(request: HttpRequest) -> Any:
    user = _user(request)
    if not policies.is_manager(user):
        raise PermissionDenied
    load = selectors.caseload(user=user)
    records.audit_listed_rows(
        user, [*load.unallocated, *load.without_oversight, *load.statutory_overdue], "api casework caseload"
    )
    return {
        "workers": [
            {
                "worker": str(w.worker),
                "worker_id": w.worker.pk,
                "by_kind": w.by_kind,
                "total": w.total,
                "overdue_tasks": w.overdue_tasks,
            }
            for w in load.workers
        ],
        "unallocated": load.unallocated_counts,
        "overdue_tasks": load.totals.get("overdue-tasks", 0),
        "without_oversight": [_case_out(r) for r in load.without_oversight],
        "statutory_overdue": [_case_out(r) for r in load.statutory_overdue],
        "without_oversight_total": load.totals.get("without-oversight", 0),
        "statutory_overdue_total": load.totals.get("statutory-overdue", 0),
    }


@router.get("/allocations", response=list[AllocationOut], summary="A record's allocations, current first")
def allocation_list(request: HttpRequest, record_type: str, record_id: int) -> Any:
    user = _user(request)
    case_record, record = records.resolve(user, record_type, record_id, allowed=records.ALLOCATED_TYPES)
    return [
        _allocation_out(a) for a in selectors.allocation_history(record_type=record_type, record_id=record.pk)
    ]


@router.post(
    "/allocations", response={201: AllocationOut, 422: ErrorsOut}, summary="Allocate or reallocate a record"
)
def allocation_create(request: HttpRequest, payload: AllocationIn) -> Any:
    user = _user(request)
    case_record, record = records.resolve(
        user, payload.record_type, payload.record_id, allowed=records.ALLOCATED_TYPES
    )
    if not policies.may_allocate(user, case_record, record):
        raise PermissionDenied
    assert case_record.owner_id is not None
    owner_id = case_record.owner_id(record)
    worker = User.objects.filter(pk=payload.worker_id, organisation_id=owner_id).first()
    allocation = services.allocation_set(
        actor=user,
        record_type=payload.record_type,
        record=record,
        worker=worker,
        team=_team(owner_id, payload.team_id),
        reason=payload.reason,
    )
    return Status(201, _allocation_out(allocation))


# --- Notes ---------------------------------------------------------------------------


@router.get("/notes", response=list[NoteOut], summary="A record's case notes (addenda included)")
def note_list(request: HttpRequest, record_type: str, record_id: int, archived: bool = False) -> Any:
    user = _user(request)
    __, record = records.resolve(user, record_type, record_id, allowed=records.NOTE_TYPES)
    notes = selectors.notes_of(user=user, record_type=record_type, record_id=record.pk, archived=archived)
    shown = [n for note in notes for n in (note, *note.addenda.all())]
    audit_listed(user, policies.notes, shown, where=f"api casework notes {record_type} {record.pk}")
    return [_note_out(n) for n in shown]


@router.post("/notes", response={201: NoteOut, 422: ErrorsOut}, summary="Write a case note on a record")
def note_create(request: HttpRequest, payload: NoteIn) -> Any:
    user = _user(request)
    __, record = records.resolve(user, payload.record_type, payload.record_id, allowed=records.NOTE_TYPES)
    values = payload.dict()
    del values["record_id"]
    note = services.note_create(actor=user, record=record, **values)
    return Status(201, _note_out(note))


@router.get("/notes/{pk}", response=NoteOut, summary="One case note")
def note_detail(request: HttpRequest, pk: int) -> Any:
    return _note_out(get_for_user(_user(request), policies.notes, pk=pk))


@router.patch(
    "/notes/{pk}",
    response={200: NoteOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Change a note (its author, within the hours allowed)",
)
def note_change(request: HttpRequest, pk: int, payload: NoteChangeIn) -> Any:
    user = _user(request)
    note = get_for_user(user, policies.notes, pk=pk, action="edit", audit=False)
    values = payload.dict()
    version = values.pop("version")
    services.note_update(actor=user, note=note, expected_version=version, **values)
    return _note_out(note)


@router.post(
    "/notes/{pk}/addendum", response={201: NoteOut, 422: ErrorsOut}, summary="Add an addendum to a note"
)
def note_addendum(request: HttpRequest, pk: int, payload: TextIn) -> Any:
    user = _user(request)
    note = get_for_user(user, policies.notes, pk=pk, action="addendum", audit=False)
    __, record = records.resolve(user, note.record_type, note.record_id, allowed=records.NOTE_TYPES)
    if not policies.may_write_on(user, record):
        raise PermissionDenied
    addendum = services.note_addendum(actor=user, note=note, text=payload.text, record=record)
    return Status(201, _note_out(addendum))


@router.post(
    "/notes/{pk}/archive", response={200: NoteOut, 422: ErrorsOut}, summary="Archive a note with the reason"
)
def note_archive(request: HttpRequest, pk: int, payload: ReasonIn) -> Any:
    user = _user(request)
    note = get_for_user(user, policies.notes, pk=pk, action="archive", audit=False)
    services.note_archive(actor=user, note=note, reason=payload.reason)
    return _note_out(note)


# --- Tasks ---------------------------------------------------------------------------


@router.get("/tasks", response=list[TaskOut], summary="The caller's open tasks (and their team's)")
def my_tasks(request: HttpRequest) -> Any:
    user = _user(request)
    _staff_only(user)
    tasks = selectors.my_tasks(user=user)
    audit_listed(user, policies.tasks, tasks, where="api casework tasks")
    return [_task_out(t) for t in tasks]


@router.post("/tasks", response={201: TaskOut, 422: ErrorsOut}, summary="Give a person or a team a task")
def task_create(request: HttpRequest, payload: TaskIn) -> Any:
    user = _user(request)
    __, record = records.resolve(user, payload.record_type, payload.record_id, allowed=records.NOTE_TYPES)
    task = services.task_create(
        actor=user,
        record_type=payload.record_type,
        record=record,
        title=payload.title,
        details=payload.details,
        due_on=payload.due_on,
        assignee=_colleague(user, payload.assignee_id),
        team=_team(user.organisation_id, payload.team_id),
    )
    return Status(201, _task_out(task))


@router.get("/tasks/{pk}", response=TaskOut, summary="One task")
def task_detail(request: HttpRequest, pk: int) -> Any:
    return _task_out(get_for_user(_user(request), policies.tasks, pk=pk))


def _task_for(request: HttpRequest, pk: int, action: str) -> Task:
    return get_for_user(_user(request), policies.tasks, pk=pk, action=action, audit=False)


@router.post(
    "/tasks/{pk}/done", response={200: TaskOut, 409: ErrorsOut, 422: ErrorsOut}, summary="Mark a task done"
)
def task_done(request: HttpRequest, pk: int, payload: TaskCloseIn) -> Any:
    task = _task_for(request, pk, "complete")
    services.task_complete(
        actor=_user(request), task=task, expected_version=payload.version, note=payload.reason
    )
    return _task_out(task)


@router.post(
    "/tasks/{pk}/cancel",
    response={200: TaskOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Cancel a task with the reason",
)
def task_cancel(request: HttpRequest, pk: int, payload: TaskCloseIn) -> Any:
    task = _task_for(request, pk, "cancel")
    services.task_cancel(
        actor=_user(request), task=task, expected_version=payload.version, reason=payload.reason
    )
    return _task_out(task)


@router.post(
    "/tasks/{pk}/reassign",
    response={200: TaskOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Give a task to someone else, with the reason",
)
def task_reassign(request: HttpRequest, pk: int, payload: TaskReassignIn) -> Any:
    user = _user(request)
    task = _task_for(request, pk, "reassign")
    services.task_reassign(
        actor=user,
        task=task,
        expected_version=payload.version,
        assignee=_colleague(user, payload.assignee_id),
        team=_team(user.organisation_id, payload.team_id),
        reason=payload.reason,
    )
    return _task_out(task)


# --- Chronology ------------------------------------------------------------------------


class EntryOut(Schema):
    on: dt.date
    kind: str
    title: str
    text: str
    by: str
    href: str
    sensitive: bool


@router.get(
    "/chronology",
    response={200: list[EntryOut], 422: ErrorsOut},
    summary="A record's chronology, oldest first",
)
def chronology_list(
    request: HttpRequest,
    record_type: str,
    record_id: int,
    kind: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Any:
    from nas.casework import chronology
    from nas.casework.views import _audit_record_read

    user = _user(request)
    case_record, record = records.resolve(user, record_type, record_id, allowed=records.NOTE_TYPES)
    if kind and kind not in chronology.EntryKind.values:
        raise ValidationError({"kind": _("Choose one of the kinds of entry")})
    entries = chronology.chronology(
        user=user, record_type=record_type, record_id=record.pk, kind=kind, since=since, until=until
    )
    _audit_record_read(user, case_record, record, "api casework chronology")
    chronology.audit_read(
        user=user, entries=entries, where=f"api casework chronology {record_type} {record.pk}"
    )
    return [
        {
            "on": e.on,
            "kind": e.kind,
            "title": str(e.title),
            "text": e.text,
            "by": e.by,
            "href": e.href,
            "sensitive": e.sensitive,
        }
        for e in entries
    ]
