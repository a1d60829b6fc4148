"""Writes of casework. Each takes the acting person, checks the rules, runs
in one transaction and writes its own audit entries: on the note, task or
allocation's own trail, and on its record's, so the record's trail shows
every piece of work done on it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.casework import policies, records
from nas.casework.models import VISIT_KINDS, Allocation, CaseNote, NoteKind, Task, TaskStatus
from nas.core.records import record_archive, record_update
from nas.notifications import events

NOTE = "casework.note"
TASK = "casework.task"
ALLOCATION = "casework.allocation"
MAX_TEXT = 20000


def _audit_on_record(
    *, actor: Any, case_record: records.CaseRecord, record: Any, detail: dict[str, Any], reason: str = ""
) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        record_type=case_record.audit_type,
        record_id=case_record.audit_id(record),
        detail=detail,
        reason=reason,
    )


# --- Allocation ----------------------------------------------------------------


def current_allocation(record_type: str, record_id: int) -> Allocation | None:
    return (
        policies.current_allocations()
        .filter(record_type=record_type, record_id=record_id)
        .select_related("worker", "team")
        .first()
    )


def allocation_set(
    *, actor: Any, record_type: str, record: Any, worker: Any, team: Any = None, reason: str = ""
) -> Allocation:
    """Allocate the record to a worker (and a team: the worker's own unless
    another of the organisation's teams is named). The allocation before it
    ends at the same moment; the record's own worker field follows."""
    case_record = records.get(record_type)
    if case_record is None or case_record.owner_id is None or case_record.sync is None:
        raise ValidationError(_("Work of this kind is not allocated."))
    if not policies.may_allocate(actor, case_record, record):
        raise PermissionDenied
    owner_id = case_record.owner_id(record)
    if worker is None or worker.organisation_id != owner_id or worker.is_archived or not worker.is_active:
        raise ValidationError({"worker": _("Choose a worker of the organisation that holds this record")})
    if not worker.has_role(*case_record.holder_roles):
        raise ValidationError({"worker": _("This worker's role does not hold records of this kind")})
    team = team if team is not None else worker.team
    if team is not None and team.organisation_id != owner_id:
        raise ValidationError({"team": _("Choose one of the organisation's teams")})
    now = timezone.now()
    with transaction.atomic():
        before = (
            policies.current_allocations()
            .select_for_update()
            .filter(record_type=record_type, record_id=record.pk)
            .first()
        )
        if (
            before is not None
            and before.worker_id == worker.pk
            and before.team_id == (team.pk if team else None)
        ):
            raise ValidationError({"worker": _("The record is already allocated to this worker and team")})
        if before is not None:
            Allocation.objects.filter(pk=before.pk).update(ended_at=now)
        allocation = Allocation.objects.create(
            record_type=record_type,
            record_id=record.pk,
            worker=worker,
            team=team,
            started_at=now,
            allocated_by=actor,
            reason=reason.strip(),
        )
        case_record.sync(record, before.worker_id if before else None, worker, team)
        detail = {
            "allocation": allocation.pk,
            "worker": {"from": before.worker_id if before else None, "to": worker.pk},
            "team": {"from": before.team_id if before else None, "to": team.pk if team else None},
        }
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=ALLOCATION,
            record_id=allocation.pk,
            detail={"record_type": record_type, "record_id": record.pk, **detail},
            reason=reason,
        )
        _audit_on_record(actor=actor, case_record=case_record, record=record, detail=detail, reason=reason)
    return allocation


# --- Case notes ----------------------------------------------------------------


def _check_note(
    *,
    case_record: records.CaseRecord,
    kind: str,
    contact_on: date,
    text: str,
    child_seen: bool | None,
    seen_alone: bool | None,
    addendum: bool = False,
) -> None:
    errors: dict[str, str] = {}
    if kind not in NoteKind.values:
        errors["kind"] = _("Choose what kind of note this is")
    if contact_on > timezone.localdate():
        errors["contact_on"] = _("The date of the contact must be today or in the past")
    if not text.strip():
        errors["text"] = _("Enter the note")
    elif len(text) > MAX_TEXT:
        errors["text"] = _("The note must be %(max)s characters or fewer") % {"max": MAX_TEXT}
    visit_to_child = case_record.record_type == "children.child" and kind in VISIT_KINDS and not addendum
    if visit_to_child and child_seen is None:
        errors["child_seen"] = _("Say whether the child was seen")
    if not visit_to_child and (child_seen is not None or seen_alone is not None):
        errors["child_seen"] = _("Whether the child was seen is recorded only for a visit to a child")
    if seen_alone and not child_seen:
        errors["seen_alone"] = _("The child can be seen alone only if the child was seen")
    if visit_to_child and child_seen and seen_alone is None:
        errors["seen_alone"] = _("Say whether the child was seen alone")
    if errors:
        raise ValidationError(errors)


def note_create(
    *,
    actor: Any,
    record_type: str,
    record: Any,
    kind: str,
    contact_on: date,
    text: str,
    participants: str = "",
    child_seen: bool | None = None,
    seen_alone: bool | None = None,
    sensitive: bool = False,
    addendum_to: CaseNote | None = None,
) -> CaseNote:
    """A new note on a record this person may read."""
    case_record = records.get(record_type)
    if case_record is None or record_type not in records.NOTE_TYPES:
        raise ValidationError(_("Notes are not kept on records of this kind."))
    if not policies.may_write_on(actor, record):
        raise PermissionDenied
    if not policies.notes.may_write_kind(actor, kind):
        raise ValidationError({"kind": _("Only a manager records management oversight")})
    if child_seen is False:
        seen_alone = False if seen_alone is None else seen_alone
    _check_note(
        case_record=case_record,
        kind=kind,
        contact_on=contact_on,
        text=text,
        child_seen=child_seen,
        seen_alone=seen_alone,
        addendum=addendum_to is not None,
    )
    with transaction.atomic():
        note = CaseNote.objects.create(
            record_type=record_type,
            record_id=record.pk,
            kind=kind,
            contact_on=contact_on,
            participants=participants.strip(),
            text=text.strip(),
            child_seen=child_seen,
            seen_alone=seen_alone,
            sensitive=sensitive,
            author=actor,
            addendum_to=addendum_to,
        )
        detail = {
            "kind": kind,
            "contact_on": contact_on.isoformat(),
            "sensitive": sensitive,
            "record_type": record_type,
            "record_id": record.pk,
        }
        if addendum_to is not None:
            detail["addendum_to"] = addendum_to.pk
        audit_record(
            actor=actor, action=AuditAction.CREATE, record_type=NOTE, record_id=note.pk, detail=detail
        )
        _audit_on_record(
            actor=actor, case_record=case_record, record=record, detail={"note_added": note.pk, "kind": kind}
        )
    return note


def note_update(
    *,
    actor: Any,
    note: CaseNote,
    expected_version: int,
    contact_on: date,
    participants: str,
    text: str,
    child_seen: bool | None = None,
    seen_alone: bool | None = None,
    sensitive: bool | None = None,
) -> None:
    """The author's change to their note, within CASE_NOTE_EDIT_HOURS of writing it."""
    if note.author_id != actor.pk:
        raise PermissionDenied
    if note.is_archived:
        raise ValidationError(_("This note is archived."))
    if not policies.notes.editable(note):
        raise ValidationError(
            _("A note can be changed only in the first %(hours)s hours. Add an addendum instead.")
            % {"hours": settings.CASE_NOTE_EDIT_HOURS}
        )
    case_record = records.get(note.record_type)
    assert case_record is not None
    if child_seen is False:
        seen_alone = False if seen_alone is None else seen_alone
    _check_note(
        case_record=case_record,
        kind=note.kind,
        contact_on=contact_on,
        text=text,
        child_seen=child_seen,
        seen_alone=seen_alone,
    )
    record_update(
        actor=actor,
        record=note,
        record_type=NOTE,
        expected_version=expected_version,
        changes={
            "contact_on": contact_on,
            "participants": participants.strip(),
            "text": text.strip(),
            "child_seen": child_seen,
            "seen_alone": seen_alone,
            "sensitive": note.sensitive if sensitive is None else sensitive,
        },
    )


def note_addendum(*, actor: Any, note: CaseNote, text: str, record: Any) -> CaseNote:
    """An addendum to a note whose time for changes has passed: a note of its
    own, naming the one it adds to, dated today, with the same sensitivity."""
    if note.is_archived or note.addendum_to_id is not None:
        raise ValidationError(_("An addendum is added to a current note, not to another addendum."))
    kind = note.kind if policies.notes.may_write_kind(actor, note.kind) else NoteKind.OTHER
    return note_create(
        actor=actor,
        record_type=note.record_type,
        record=record,
        kind=kind,
        contact_on=timezone.localdate(),
        text=text,
        sensitive=note.sensitive,
        addendum_to=note,
    )


def note_archive(*, actor: Any, note: CaseNote, reason: str) -> None:
    """Archive a note with the reason (the author or a manager): it leaves the
    record's notes and chronology and is kept."""
    if not policies.notes.can(actor, "archive", note):
        raise PermissionDenied
    record_archive(actor=actor, record=note, record_type=NOTE, reason=reason)


# --- Tasks -----------------------------------------------------------------------


def _check_assignee(*, record_owner_ids: set[int], assignee: Any, team: Any) -> None:
    if assignee is None and team is None:
        raise ValidationError({"assignee": _("Choose a person or a team to give the task to")})
    if assignee is not None and (assignee.is_archived or not assignee.is_active):
        raise ValidationError({"assignee": _("Choose a person who works here now")})
    if assignee is not None and assignee.organisation_id not in record_owner_ids:
        raise ValidationError({"assignee": _("Choose someone who can see this record")})
    if team is not None and team.organisation_id not in record_owner_ids:
        raise ValidationError({"team": _("Choose a team that can see this record")})


def task_create(
    *,
    actor: Any,
    record_type: str,
    record: Any,
    title: str,
    due_on: date,
    assignee: Any = None,
    team: Any = None,
    details: str = "",
) -> Task:
    """Give a person or a team a task on a record, due by a date. The person
    (or the team's organisation) must be one that may see the record."""
    case_record = records.get(record_type)
    if case_record is None or record_type not in records.NOTE_TYPES:
        raise ValidationError(_("Tasks are not set on records of this kind."))
    if not policies.may_write_on(actor, record):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Enter what needs doing")})
    _check_assignee(record_owner_ids={actor.organisation_id}, assignee=assignee, team=team)
    if assignee is not None and not case_record.readable(assignee).filter(pk=record.pk).exists():
        raise ValidationError({"assignee": _("Choose someone who can see this record")})
    with transaction.atomic():
        task = Task.objects.create(
            record_type=record_type,
            record_id=record.pk,
            title=title.strip()[:200],
            details=details.strip(),
            due_on=due_on,
            assignee=assignee,
            team=team,
            set_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=TASK,
            record_id=task.pk,
            detail={
                "record_type": record_type,
                "record_id": record.pk,
                "due_on": due_on.isoformat(),
                "assignee": assignee.pk if assignee else None,
                "team": team.pk if team else None,
            },
        )
        _audit_on_record(actor=actor, case_record=case_record, record=record, detail={"task_set": task.pk})
        events.task_given(actor=actor, task=task)
    return task


def _close(*, actor: Any, task: Task, expected_version: int, status: str, reason: str) -> None:
    if task.status != TaskStatus.OPEN:
        raise ValidationError(_("This task is already closed."))
    record_update(
        actor=actor,
        record=task,
        record_type=TASK,
        expected_version=expected_version,
        changes={"status": status, "closed_at": timezone.now(), "closed_by": actor, "close_reason": reason},
        reason=reason,
    )


def task_complete(*, actor: Any, task: Task, expected_version: int, note: str = "") -> None:
    if not policies.tasks.can(actor, "complete", task):
        raise PermissionDenied
    _close(
        actor=actor, task=task, expected_version=expected_version, status=TaskStatus.DONE, reason=note.strip()
    )


def task_cancel(*, actor: Any, task: Task, expected_version: int, reason: str) -> None:
    if not policies.tasks.can(actor, "cancel", task):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Enter the reason for cancelling the task")})
    _close(
        actor=actor,
        task=task,
        expected_version=expected_version,
        status=TaskStatus.CANCELLED,
        reason=reason.strip(),
    )


def task_reassign(
    *, actor: Any, task: Task, expected_version: int, assignee: Any, team: Any, reason: str
) -> None:
    """Give the task to someone else (or another team), with the reason."""
    if not policies.tasks.can(actor, "reassign", task):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Enter the reason for reassigning the task")})
    _check_assignee(record_owner_ids={actor.organisation_id}, assignee=assignee, team=team)
    case_record = records.get(task.record_type)
    if (
        assignee is not None
        and case_record is not None
        and not case_record.readable(assignee).filter(pk=task.record_id).exists()
    ):
        raise ValidationError({"assignee": _("Choose someone who can see this record")})
    if task.assignee_id == (assignee.pk if assignee else None) and task.team_id == (
        team.pk if team else None
    ):
        raise ValidationError({"assignee": _("The task is already theirs")})
    with transaction.atomic():
        record_update(
            actor=actor,
            record=task,
            record_type=TASK,
            expected_version=expected_version,
            changes={"assignee": assignee, "team": team},
            reason=reason.strip(),
        )
        # record_update sets the new assignee and team on `task` itself.
        events.task_given(actor=actor, task=task)
