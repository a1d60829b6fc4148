"""Reads of casework, each within the person's scope and in a fixed number
of queries (one per kind of record at most), whatever the caseload."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from nas.accounts.models import StaffRole, User
from nas.accounts.roles import Role
from nas.casework import policies, records, statutory
from nas.casework.models import Allocation, CaseNote, Task, TaskStatus
from nas.organisations.models import Team
from nas.performance import stamp
from nas.performance.cache import kept, query_key

#: The most a list of the caseload shows on one page (a section's own page).
UNALLOCATED_SHOWN = 50


@dataclass
class CaseRow:
    record_type: str
    record_id: int
    kind: str
    name: str
    url: str
    since: datetime | None = None
    team: str = ""
    worker: str = ""
    #: The day that matters for the list it is on (e.g. the last oversight, the next statutory review).
    on: date | None = None
    #: What is due on that day (a statutory visit or review), and whether it is late.
    due_label: str = ""
    overdue: bool = False
    #: The kind of case note that records what is due (a statutory visit or review).
    note_kind: str = ""


def _rows(user: Any, allocations: list[Allocation]) -> list[CaseRow]:
    named = records.describe_many(((a.record_type, a.record_id) for a in allocations), user)
    rows = []
    for allocation in allocations:
        key = (allocation.record_type, allocation.record_id)
        if key not in named:
            continue
        case_record = records.get(allocation.record_type)
        rows.append(
            CaseRow(
                record_type=allocation.record_type,
                record_id=allocation.record_id,
                kind=str(case_record.label) if case_record else allocation.record_type,
                name=named[key][0],
                url=named[key][1],
                since=allocation.started_at,
                team=allocation.team.name if allocation.team else "",
                worker=str(allocation.worker),
            )
        )
    return rows


def my_cases(*, user: Any) -> list[CaseRow]:
    """The records allocated to this person now, oldest allocation first."""
    allocations = list(
        policies.current_allocations()
        .filter(worker=user, record_type__in=records.ALLOCATED_TYPES)
        .select_related("team", "worker")
        .order_by("record_type", "started_at")
    )
    rows = _rows(user, allocations)
    _add_statutory(rows, timezone.localdate())
    return rows


def _add_statutory(rows: list[CaseRow], today: date) -> None:
    """The next statutory visit or review of each child (nas.casework.statutory)."""
    from nas.casework import statutory

    dues = statutory.due_for_children([r.record_id for r in rows if r.record_type == "children.child"])
    for row in rows:
        if row.record_type != "children.child":
            continue
        found = statutory.next_due(dues.get(row.record_id, []))
        if found is not None:
            row.on, row.due_label, row.overdue = found.due, str(found.rule.label), found.overdue(today)


def _kept_rows(queryset: QuerySet[Any]) -> list[dict[str, Any]]:
    """The rows of a counting query (ids and counts only), kept between requests
    while the casework's tables stay the same (nas.performance.cache)."""
    return kept("caseload-rows", (query_key(queryset),), lambda: list(queryset), on=stamp.CASEWORK)


def _kept_count(queryset: QuerySet[Any]) -> int:
    return kept("caseload-count", (query_key(queryset),), queryset.count, on=stamp.CASEWORK)


def statutory_overdue(*, user: Any, today: date) -> list[CaseRow]:
    """The children in this person's scope whose statutory visit or review is overdue, longest first."""
    return statutory_overdue_counted(user=user, today=today)[1]


def statutory_overdue_counted(
    *, user: Any, today: date, shown: int = UNALLOCATED_SHOWN
) -> tuple[int, list[CaseRow]]:
    """How many statutory visits and reviews of the children in this
    person's scope are overdue, and the `shown` longest overdue."""
    case_record = records.get("children.child")
    assert case_record is not None and case_record.open_filter is not None
    ids = sorted(
        case_record.readable(user).filter(case_record.open_filter).order_by().values_list("pk", flat=True)
    )
    rules = {rule.code: rule for rule in statutory.RULES}
    total, found = kept(
        "statutory-overdue-counted",
        (_digest(ids), today.isoformat()),
        lambda: _overdue(ids, today),
        on=stamp.CASEWORK,
    )
    late = [(on, pk, statutory.Due(rules[code], on, last)) for on, pk, code, last in found[:shown]]
    # Only the children listed are read in full.
    children = {c.pk: c for c in case_record.readable(user).filter(pk__in=[pk for _, pk, _ in late])}
    workers = {
        a.record_id: str(a.worker)
        for a in policies.current_allocations()
        .filter(record_type="children.child", record_id__in=list(children))
        .select_related("worker")
    }
    return total, [
        CaseRow(
            record_type="children.child",
            record_id=pk,
            kind=str(case_record.label),
            name=case_record.describe(children[pk]),
            url=case_record.url(children[pk]),
            worker=workers.get(pk, ""),
            on=on,
            due_label=str(due.rule.label),
            overdue=True,
            note_kind=due.rule.note_kind,
        )
        for on, pk, due in late
        if pk in children
    ]


def _digest(ids: list[int]) -> str:
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()


def _overdue(ids: list[int], today: date) -> tuple[int, list[tuple[date, int, str, date | None]]]:
    """How many visits and reviews of these children are overdue, and (due,
    child, rule's code, last held) of them, longest overdue first, as many as
    a list shows: kept
    between requests while the journeys, notes and allocations stay the same
    (nas.performance.cache)."""
    late = sorted(
        (due.due, pk, due.rule.code, due.last)
        for pk, found in statutory.due_for_children(ids).items()
        for due in found
        if due.overdue(today)
    )
    return len(late), late[:UNALLOCATED_SHOWN]


def allocation_history(*, record_type: str, record_id: int) -> list[Allocation]:
    return list(
        Allocation.objects.filter(record_type=record_type, record_id=record_id).select_related(
            "worker", "team", "allocated_by"
        )
    )


def holders(*, case_record: records.CaseRecord, record: Any) -> list[User]:
    """The staff who may be allocated the record."""
    assert case_record.owner_id is not None
    return list(
        User.objects.filter(
            organisation_id=case_record.owner_id(record),
            archived_at__isnull=True,
            is_active=True,
            roles__role__in=case_record.holder_roles,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def teams_of(organisation_id: int) -> list[Team]:
    return list(Team.objects.filter(organisation_id=organisation_id).order_by("name"))


def colleagues(user: Any) -> list[User]:
    return list(
        User.objects.filter(
            organisation_id=user.organisation_id, archived_at__isnull=True, is_active=True
        ).order_by("last_name", "first_name", "username")
    )


@dataclass
class WorkerLoad:
    worker: User
    by_kind: dict[str, int] = field(default_factory=dict)
    total: int = 0
    overdue_tasks: int = 0


@dataclass
class Caseload:
    kinds: list[tuple[str, str]]
    workers: list[WorkerLoad]
    unallocated: list[CaseRow]
    unallocated_counts: dict[str, int]
    overdue_tasks: list[Task]
    without_oversight: list[CaseRow]
    statutory_overdue: list[CaseRow]
    #: Whether the manager's tier holds children (and so their statutory visits and reviews).
    tracks_children: bool = False
    #: How many each list holds in all (the lists show the most urgent `shown` of them).
    totals: dict[str, int] = field(default_factory=dict)
    shown: int = 0


#: The caseload page is a summary: the most urgent few of each list, each
#: with a link to its own page (CASELOAD_SECTIONS).
SUMMARY_SHOWN = 10
#: The caseload's lists, each with a page of its own (its slug in the address).
CASELOAD_SECTIONS = ("unallocated", "overdue-tasks", "statutory-overdue", "without-oversight")


def caseload(
    *, user: Any, today: date | None = None, shown: int = UNALLOCATED_SHOWN, section: str | None = None
) -> Caseload:
    """A manager's view of their organisation's casework: each worker's
    caseload by kind of record and overdue tasks; the open records nobody
    holds; overdue tasks; and allocated cases with no management oversight
    for longer than OVERSIGHT_MONTHS (nas.casework.oversight).

    Each list holds its most urgent `shown` rows and its total; with a
    `section` (one of CASELOAD_SECTIONS) only that list is read, for its
    own page, and the workers' table is left out."""
    from nas.casework import oversight

    today = today or timezone.localdate()
    wanted = set(CASELOAD_SECTIONS) if section is None else {section}
    # Only the kinds of record this manager's tier holds (no query: an empty scope is known as such).
    types = [c for c in records.allocated_types() if not c.readable(user).query.is_empty()]
    children = any(c.record_type == "children.child" for c in types)
    workers: dict[int, WorkerLoad] = {}
    if section is None:
        in_scope = records.readable_q(user, records.ALLOCATED_TYPES)
        counted = policies.current_allocations().filter(in_scope).values("worker_id", "record_type")
        counts = _kept_rows(counted.annotate(n=Count("pk")).order_by())
        workers = {
            w.pk: WorkerLoad(worker=w)
            for w in User.objects.filter(
                organisation_id=user.organisation_id, archived_at__isnull=True, is_active=True
            ).order_by("last_name", "first_name", "username")
        }
        for row in counts:
            load = workers.get(row["worker_id"])
            if load is None:
                continue
            load.by_kind[row["record_type"]] = row["n"]
            load.total += row["n"]
    totals: dict[str, int] = {}
    overdue_list: list[Task] = []
    if "overdue-tasks" in wanted:
        overdue = (
            Task.objects.filter(records.readable_q(user), status=TaskStatus.OPEN, due_on__lt=today)
            .select_related("assignee", "team")
            .order_by("due_on", "pk")
        )
        overdue_list = list(overdue[:shown])
        late_by = overdue.order_by().values("assignee_id").annotate(n=Count("pk"))
        totals["overdue-tasks"] = 0
        for late in late_by:
            totals["overdue-tasks"] += late["n"]
            if late["assignee_id"] in workers:
                workers[late["assignee_id"]].overdue_tasks = late["n"]
    unallocated: list[CaseRow] = []
    unallocated_counts: dict[str, int] = {}
    if "unallocated" in wanted:
        for case_record in types:
            held = (
                policies.current_allocations().filter(record_type=case_record.record_type).values("record_id")
            )
            open_records = case_record.readable(user)
            if case_record.open_filter is not None:
                open_records = open_records.filter(case_record.open_filter)
            if case_record.owner_id is not None:
                open_records = open_records.exclude(pk__in=held)
            unallocated_counts[case_record.record_type] = _kept_count(open_records)
            room = shown - len(unallocated)
            for record in open_records.order_by("pk")[: max(room, 0)]:
                unallocated.append(
                    CaseRow(
                        record_type=case_record.record_type,
                        record_id=record.pk,
                        kind=str(case_record.label),
                        name=case_record.describe(record),
                        url=case_record.url(record),
                    )
                )
        totals["unallocated"] = sum(unallocated_counts.values())
    shown_workers: list[WorkerLoad] = []
    if section is None:
        holding = set(
            StaffRole.objects.filter(
                user_id__in=workers,
                role__in=(Role.SOCIAL_WORKER, Role.ADOPTER_ASSESSOR, Role.SUPPORT_WORKER),
            ).values_list("user_id", flat=True)
        )
        shown_workers = [w for w in workers.values() if w.total or w.overdue_tasks or w.worker.pk in holding]
    without: list[CaseRow] = []
    if "without-oversight" in wanted:
        totals["without-oversight"], without = oversight.cases_without_oversight(
            user=user, today=today, shown=shown
        )
    statutory_late: list[CaseRow] = []
    if "statutory-overdue" in wanted and children:
        totals["statutory-overdue"], statutory_late = statutory_overdue_counted(
            user=user, today=today, shown=shown
        )
    return Caseload(
        kinds=[(c.record_type, str(c.label)) for c in types],
        workers=shown_workers,
        unallocated=unallocated,
        unallocated_counts=unallocated_counts,
        overdue_tasks=overdue_list,
        without_oversight=without,
        statutory_overdue=statutory_late,
        tracks_children=children,
        totals=totals,
        shown=shown,
    )


# --- Notes ---------------------------------------------------------------------


def notes_of(
    *, user: Any, record_type: str, record_id: int, archived: bool = False, kind: str = ""
) -> list[CaseNote]:
    notes = (
        policies.notes.scope(user)
        .filter(record_type=record_type, record_id=record_id, addendum_to__isnull=True)
        .select_related("author")
        .prefetch_related(
            models.Prefetch(
                "addenda",
                queryset=CaseNote.objects.filter(archived_at__isnull=True)
                .select_related("author")
                .order_by("pk"),
            )
        )
        .order_by("-contact_on", "-pk")
    )
    if not archived:
        notes = notes.filter(archived_at__isnull=True)
    if kind:
        notes = notes.filter(kind=kind)
    return list(notes)


def note_detail(note: CaseNote) -> CaseNote:
    return (
        CaseNote.objects.select_related("author", "archived_by", "addendum_to")
        .prefetch_related(
            models.Prefetch("addenda", queryset=CaseNote.objects.select_related("author").order_by("pk"))
        )
        .get(pk=note.pk)
    )


# --- Tasks ---------------------------------------------------------------------


def my_tasks(*, user: Any) -> list[Task]:
    """Open tasks given to this person, or to their team and nobody in it yet."""
    mine = Q(assignee=user)
    if user.team_id is not None:
        mine |= Q(assignee__isnull=True, team_id=user.team_id)
    return list(
        policies.tasks.scope(user)
        .filter(mine, status=TaskStatus.OPEN)
        .select_related("assignee", "team", "set_by")
        .order_by("due_on", "pk")
    )


def tasks_of(*, user: Any, record_type: str, record_id: int) -> list[Task]:
    return list(
        policies.tasks.scope(user)
        .filter(record_type=record_type, record_id=record_id)
        .select_related("assignee", "team", "set_by", "closed_by")
        .order_by("status", "due_on", "pk")
    )


def kind_counts(rows: list[CaseRow]) -> list[tuple[str, int]]:
    counted = Counter(r.kind for r in rows)
    return sorted(counted.items())
