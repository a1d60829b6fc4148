"""Reads of children: lists, the timeline, and the team worklist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

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
    """What is overdue or due within the horizon for the children in scope."""
    qs = (
        child_policy.scope(user)
        .filter(archived_at__isnull=True)
        .exclude(stage__in=[*TERMINAL, *STAGES_WITHOUT_DEADLINES])
        .select_related("team", "social_worker")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.only("child_id", "kind", "date")))
    )
    if team_id:
        qs = qs.filter(team_id=team_id)
    if mine:
        qs = qs.filter(social_worker=user)
    horizon = today + timedelta(days=horizon_days)
    entries = []
    for child in qs:
        for deadline in child_deadlines(child):
            if deadline.done is not None:
                continue
            if (
                deadline.is_overdue(today)
                or (not deadline.earliest and deadline.due <= horizon)
                or deadline.is_open(today)
            ):
                entries.append(WorklistEntry(child, deadline, deadline.is_overdue(today)))
    return sorted(entries, key=lambda e: (not e.overdue, e.deadline.due, e.child.pk))
