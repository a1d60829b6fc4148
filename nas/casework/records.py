"""The records casework is kept on, each guarded by its own access policy.

Case notes, tasks and the chronology take the records documents take
(nas.documents.subjects: child, household, member of a household, support
case, panel meeting, link), so who may read a record's casework is always
who may read the record. Allocation is for the records a worker holds: a
child, a household, a support case and a letterbox agreement. Each of those
already names its worker (the child's social worker, the assessing social
worker, the support worker, the agreement's workers); an allocation keeps
that field in step, so the record's own policy (e.g. who sees a letterbox
agreement) follows the allocation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nas.accounts.roles import Role
from nas.documents import subjects

#: Where notes, tasks and the chronology may be kept.
NOTE_TYPES = (
    "children.child",
    "adopters.household",
    "adopters.member",
    "support.case",
    "panels.meeting",
    "matching.link",
)
#: The records a worker is allocated to.
ALLOCATED_TYPES = ("children.child", "adopters.household", "support.case", "support.letterbox")


@dataclass(frozen=True)
class CaseRecord:
    record_type: str
    label: str | Promise
    readable: Callable[[Any], models.QuerySet[Any]]
    describe: Callable[[Any], str]
    url: Callable[[Any], str]
    #: The trail that records reads and writes of the record, and the id it is kept under.
    audit_type: str
    audit_id: Callable[[Any], object]
    #: For allocated records: the organisation whose staff hold it, the roles
    #: that hold it, and how the record's own worker field is kept in step.
    owner_id: Callable[[Any], int] | None = None
    holder_roles: tuple[str, ...] = ()
    sync: Callable[[Any, int | None, Any, Any], None] | None = None
    #: Records still being worked (not closed or archived), for the unallocated list.
    open_filter: models.Q | None = None


def _letterboxes(user: Any) -> models.QuerySet[Any]:
    from nas.support.policies import letterbox

    return letterbox.scope(user)


def _sync_child(record: Any, old_worker_id: int | None, worker: Any, team: Any) -> None:
    # A worker with no team leaves the child's team as it was.
    changes = {"social_worker": worker} if team is None else {"social_worker": worker, "team": team}
    type(record).objects.filter(pk=record.pk).update(**changes)


def _sync_household(record: Any, old_worker_id: int | None, worker: Any, team: Any) -> None:
    type(record).objects.filter(pk=record.pk).update(assessor=worker)


def _sync_support_case(record: Any, old_worker_id: int | None, worker: Any, team: Any) -> None:
    type(record).objects.filter(pk=record.pk).update(worker=worker)


def _sync_letterbox(record: Any, old_worker_id: int | None, worker: Any, team: Any) -> None:
    if old_worker_id is not None and old_worker_id != worker.pk:
        record.workers.remove(old_worker_id)
    record.workers.add(worker)


def _subject(record_type: str, **extra: Any) -> CaseRecord:
    subject = subjects.get(record_type)
    assert subject is not None
    audit_id: Callable[[Any], object] = (
        (lambda member: member.household_id) if record_type == "adopters.member" else (lambda r: r.pk)
    )
    return CaseRecord(
        record_type=record_type,
        label=subject.label,
        readable=subject.readable,
        describe=subject.describe,
        url=subject.url,
        audit_type=subject.audit_type,
        audit_id=audit_id,
        **extra,
    )


_registry: dict[str, CaseRecord] = {}


def _build() -> None:
    _registry["children.child"] = _subject(
        "children.child",
        owner_id=lambda child: child.local_authority_id,
        holder_roles=(Role.SOCIAL_WORKER, Role.TEAM_MANAGER),
        sync=_sync_child,
        open_filter=models.Q(archived_at__isnull=True, restricted_at__isnull=True),
    )
    _registry["adopters.household"] = _subject(
        "adopters.household",
        owner_id=lambda household: household.owner_id,
        holder_roles=(Role.ADOPTER_ASSESSOR, Role.REGIONAL_MANAGER),
        sync=_sync_household,
        open_filter=models.Q(archived_at__isnull=True),
    )
    _registry["adopters.member"] = _subject("adopters.member")
    _registry["support.case"] = _subject(
        "support.case",
        owner_id=lambda case: case.region_id,
        holder_roles=(Role.SUPPORT_WORKER, Role.REGIONAL_MANAGER),
        sync=_sync_support_case,
        open_filter=models.Q(archived_at__isnull=True, closed_on__isnull=True),
    )
    _registry["panels.meeting"] = _subject("panels.meeting")
    _registry["matching.link"] = _subject("matching.link")
    _registry["support.letterbox"] = CaseRecord(
        record_type="support.letterbox",
        label=_("Letterbox agreement"),
        readable=_letterboxes,
        describe=lambda agreement: agreement.reference,
        url=lambda agreement: reverse("support:letterbox-detail", args=[agreement.pk]),
        audit_type="support.letterbox",
        audit_id=lambda agreement: agreement.pk,
        owner_id=lambda agreement: agreement.region_id,
        holder_roles=(Role.SUPPORT_WORKER, Role.REGIONAL_MANAGER),
        sync=_sync_letterbox,
        open_filter=models.Q(archived_at__isnull=True, ended_on__isnull=True),
    )


_build()


def get(record_type: str) -> CaseRecord | None:
    return _registry.get(record_type)


def allocated_types() -> list[CaseRecord]:
    return [_registry[t] for t in ALLOCATED_TYPES]


def note_types() -> list[CaseRecord]:
    return [_registry[t] for t in NOTE_TYPES]


def resolve(
    user: Any, record_type: str, record_id: object, *, allowed: Iterable[str]
) -> tuple[CaseRecord, Any]:
    """The record if this person may read it (and it takes this casework), else 404."""
    case_record = get(record_type) if record_type in allowed else None
    if case_record is None:
        raise Http404
    try:
        return case_record, case_record.readable(user).get(pk=record_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def readable_q(user: Any, types: Iterable[str] = NOTE_TYPES) -> models.Q:
    """Casework whose record this person may read, as one condition."""
    condition = models.Q(pk__in=[])
    for record_type in types:
        case_record = _registry[record_type]
        condition |= models.Q(record_type=record_type, record_id__in=case_record.readable(user).values("pk"))
    return condition


def describe_many(pairs: Iterable[tuple[str, int]], user: Any) -> dict[tuple[str, int], tuple[str, str]]:
    """(name, url) of each record, one query per record type, within the person's scope."""
    wanted: dict[str, set[int]] = {}
    for record_type, record_id in pairs:
        wanted.setdefault(record_type, set()).add(record_id)
    found: dict[tuple[str, int], tuple[str, str]] = {}
    for record_type, ids in wanted.items():
        case_record = _registry.get(record_type)
        if case_record is None:
            continue
        for record in case_record.readable(user).filter(pk__in=ids):
            found[(record_type, record.pk)] = (case_record.describe(record), case_record.url(record))
    return found


def audit_key(record_type: str, record_id: int) -> tuple[tuple[str, int], ...]:
    """The trail a listed row of this kind is audited on, with its id (as audit_listed_rows)."""
    case_record = _registry.get(record_type)
    return ((case_record.audit_type, record_id),) if case_record is not None else ()


def audit_listed_rows(user: Any, rows: Iterable[Any], where: str) -> None:
    """A list naming people's records is a read of each (as nas.access.lookup.audit_listed):
    one entry per record, on its own trail. `rows` have record_type and record_id."""
    from nas.audit.models import AuditAction
    from nas.audit.services import audit_records

    by_trail: dict[str, list[tuple[object, dict[str, Any]]]] = {}
    for row in rows:
        case_record = _registry.get(row.record_type)
        if case_record is not None:
            by_trail.setdefault(case_record.audit_type, []).append((row.record_id, {"listed_in": where}))
    for record_type, entries in by_trail.items():
        audit_records(actor=user, action=AuditAction.VIEW, record_type=record_type, entries=entries)
