"""Who may see and do what with casework (DESIGN.md section 3): exactly what
the record allows (nas.casework.records asks the record's own policy), and
narrower where the law of the service says so.

- Reading a record's notes, tasks, allocation and chronology is reading the
  record: whoever may read it, nobody else (404 outside scope; the national
  tier reads no identifiable casework).
- Staff who may read a record write notes on it and set tasks on it, while
  it is not archived. Management oversight is a manager's note.
- A sensitive note (third-party information) is seen only by the record's
  allocated worker, the managers (team manager, regional manager; in a
  voluntary agency its agency decision maker) and its author; for everyone
  else it does not exist (404).
- The author changes a note for CASE_NOTE_EDIT_HOURS after writing it; then
  only an addendum. The author or a manager archives a note, with the reason.
- A manager allocates and reallocates; the worker must be one of the owning
  organisation's staff in a role that holds such records.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from nas.access import scope as tiers
from nas.access.policies import Policy, register
from nas.accounts.roles import Role
from nas.casework import records
from nas.casework.models import Allocation, CaseNote, NoteKind, Task, TaskStatus


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_manager(user: Any) -> bool:
    """A manager of casework: a team manager (local authority), a regional
    manager (region) or, in a voluntary agency, its agency decision maker."""
    if not _signed_in(user) or tiers.is_national(user):
        return False
    if user.has_role(Role.TEAM_MANAGER, Role.REGIONAL_MANAGER):
        return True
    return tiers.is_voluntary(user) and user.has_role(Role.AGENCY_DECISION_MAKER)


def may_write_on(user: Any, record: Any) -> bool:
    """Staff who may read the record (it is already in their scope) write
    notes and set tasks on it, unless it is archived."""
    return _signed_in(user) and not tiers.is_national(user) and not getattr(record, "is_archived", False)


def may_allocate(user: Any, case_record: records.CaseRecord, record: Any) -> bool:
    return (
        case_record.owner_id is not None
        and is_manager(user)
        and user.organisation_id == case_record.owner_id(record)
        and not getattr(record, "is_archived", False)
    )


def current_allocations() -> models.QuerySet[Allocation]:
    return Allocation.objects.filter(ended_at__isnull=True)


def _allocated_to(user: Any) -> Q:
    """Notes (or tasks) on a record allocated to this person (a member's, on their household)."""
    from nas.adopters.models import HouseholdMember

    mine = current_allocations().filter(worker=user)
    on_record = Exists(mine.filter(record_type=OuterRef("record_type"), record_id=OuterRef("record_id")))
    households = mine.filter(record_type="adopters.household").values("record_id")
    members = HouseholdMember.objects.filter(household_id__in=households).values("pk")
    return on_record | Q(record_type="adopters.member", record_id__in=members)


class CaseNotePolicy(Policy[CaseNote]):
    model = CaseNote
    record_type = "casework.note"
    audited_reads = True

    def scope(self, user: Any) -> models.QuerySet[CaseNote]:
        if not _signed_in(user) or tiers.is_national(user):
            return CaseNote.objects.none()
        notes = CaseNote.objects.filter(records.readable_q(user))
        if is_manager(user):
            return notes
        return notes.filter(Q(sensitive=False) | Q(author=user) | _allocated_to(user))

    def can(self, user: Any, action: str, record: CaseNote | None = None) -> bool:
        if not _signed_in(user) or tiers.is_national(user):
            return False
        if action == "view":
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        if record is None or record.is_archived:
            return False
        if action == "edit":
            return record.author_id == user.pk and self.editable(record)
        if action == "addendum":
            return record.addendum_to_id is None
        if action == "archive":
            return record.author_id == user.pk or is_manager(user)
        return False

    @staticmethod
    def editable(note: CaseNote) -> bool:
        """Within CASE_NOTE_EDIT_HOURS of being written."""
        return timezone.now() - note.created_at <= timedelta(hours=settings.CASE_NOTE_EDIT_HOURS)

    def may_write_kind(self, user: Any, kind: str) -> bool:
        return kind != NoteKind.MANAGEMENT_OVERSIGHT or is_manager(user)


class TaskPolicy(Policy[Task]):
    model = Task
    record_type = "casework.task"
    audited_reads = True

    def scope(self, user: Any) -> models.QuerySet[Task]:
        if not _signed_in(user) or tiers.is_national(user):
            return Task.objects.none()
        return Task.objects.filter(records.readable_q(user))

    def can(self, user: Any, action: str, record: Task | None = None) -> bool:
        if not _signed_in(user) or tiers.is_national(user):
            return False
        if action == "view":
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        if record is None or record.status != TaskStatus.OPEN:
            return False
        if action in {"complete", "cancel", "reassign"}:
            return (
                record.assignee_id == user.pk
                or record.set_by_id == user.pk
                or (record.team_id is not None and record.team_id == user.team_id)
                or is_manager(user)
            )
        return False


notes = register(CaseNotePolicy())
tasks = register(TaskPolicy())
