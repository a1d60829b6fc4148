"""Reads of children: lists, the timeline, and the team worklist."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from nas.children.deadlines import STAGES_WITHOUT_DEADLINES, Deadline, deadlines_for, latest_dates
from nas.children.journey import TERMINAL
from nas.children.models import Child, Milestone
from nas.children.policies import children as child_policy

#: How the children's list may be sorted (the default is by name).
CHILD_SORTS = {
    "name": ("last_name", "first_names", "pk"),
    "born": ("date_of_birth", "pk"),
    "-born": ("-date_of_birth", "-pk"),
    "stage": ("stage", "last_name", "pk"),
    "-added": ("-created_at", "-pk"),
}


def child_list(
    *, user: Any, stage: str = "", search: str = "", team_id: int | None = None, sort: str = "name"
) -> QuerySet[Child]:
    qs = (
        child_policy.scope(user)
        .filter(archived_at__isnull=True)
        .select_related("local_authority", "team", "social_worker")
    )
    if stage:
        qs = qs.filter(stage=stage)
    if team_id:
        qs = qs.filter(team_id=team_id)
    # Searching by name is reading identity: only for those who may see it,
    # and never into an adopted child's restricted record.
    term = search.strip()
    if term and child_policy.can(user, "view_identity"):
        qs = qs.filter(
            Q(first_names__icontains=term) | Q(last_name__icontains=term) | Q(case_reference__iexact=term),
            restricted_at__isnull=True,
        )
    if not child_policy.can(user, "view_identity") and sort in {"name", "born", "-born"}:
        sort = "-added"  # sorting by identity would reveal it
    return qs.order_by(*CHILD_SORTS.get(sort, CHILD_SORTS["name"]))


def child_deadlines(child: Child) -> list[Deadline]:
    milestones = getattr(child, "_prefetched_objects_cache", {}).get("milestones")
    pairs = [(m.kind, m.date) for m in (milestones if milestones is not None else child.milestones.all())]
    return deadlines_for(latest_dates(pairs), child.stage)


@dataclass(frozen=True)
class WorklistEntry:
    child: Child
    deadline: Deadline
    overdue: bool


def worklist(
    *, user: Any, today: date, horizon_days: int = 30, team_id: int | None = None, mine: bool = False
) -> list[WorklistEntry]:
    """What is overdue or due within the horizon for the children in scope.

    Which children have anything on the list is kept between requests while
    the children and their milestones stay the same (nas.performance.cache):
    only those are read in full, and their deadlines worked out again here."""
    from nas.performance import stamp
    from nas.performance.cache import kept

    qs = (
        child_policy.scope(user)
        .filter(archived_at__isnull=True)
        .exclude(stage__in=[*TERMINAL, *STAGES_WITHOUT_DEADLINES])
    )
    if team_id:
        qs = qs.filter(team_id=team_id)
    if mine:
        qs = qs.filter(social_worker=user)
    horizon = today + timedelta(days=horizon_days)
    # The children in scope are read live (keys only): the scope may rest on other records.
    ids = ",".join(map(str, qs.order_by("pk").values_list("pk", flat=True)))
    listed = kept(
        "child-worklist",
        (hashlib.sha256(ids.encode()).hexdigest(), today.isoformat(), horizon_days),
        lambda: sorted({e.child.pk for e in _entries(qs, today, horizon)}),
        on=stamp.JOURNEYS,
    )
    return _entries(qs.filter(pk__in=listed), today, horizon)


def _entries(children: QuerySet[Child], today: date, horizon: date) -> list[WorklistEntry]:
    found = list(children.select_related("team", "social_worker"))
    # Each child's deadlines from (kind, date) pairs (child_deadlines' rules), not milestone objects.
    pairs: dict[int, list[tuple[str, date]]] = {}
    for child_id, kind, day in Milestone.objects.filter(child_id__in=[c.pk for c in found]).values_list(
        "child_id", "kind", "date"
    ):
        pairs.setdefault(child_id, []).append((kind, day))
    entries = []
    for child in found:
        for deadline in deadlines_for(latest_dates(pairs.get(child.pk, [])), child.stage):
            if deadline.done is not None:
                continue
            if (
                deadline.is_overdue(today)
                or (not deadline.earliest and deadline.due <= horizon)
                or deadline.is_open(today)
            ):
                entries.append(WorklistEntry(child, deadline, deadline.is_overdue(today)))
    return sorted(entries, key=lambda e: (not e.overdue, e.deadline.due, e.child.pk))
