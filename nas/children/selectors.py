"""Reads of children: lists, the timeline, and the team worklist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from nas.children.deadlines import STAGES_WITHOUT_DEADLINES, Deadline, deadlines_for, latest_dates
from nas.children.journey import TERMINAL, Stage
from nas.children.models import Child, Milestone
from nas.children.policies import children as child_policy
from nas.core.forms import CHOOSER_LIMIT, name_search
from nas.core.paging import KeptEntries

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
) -> KeptEntries[WorklistEntry]:
    """What is overdue or due within the horizon for the children in scope,
    overdue first, then by date.

    The list's order (each entry's key) is kept between requests while the
    children and their milestones stay the same (nas.performance.cache); the
    entries a page shows are read in full when it asks for them
    (nas.core.paging.KeptEntries), their deadlines worked out again then."""
    from nas.performance import stamp
    from nas.performance.cache import kept_entries

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
    return kept_entries(
        "child-worklist-keys",
        qs,
        (today.isoformat(), horizon_days),
        lambda children: _entries(children, today, horizon),
        _key,
        record_at=2,
        on=stamp.JOURNEYS,
    )


def _key(entry: WorklistEntry) -> tuple[bool, date, int, str]:
    """An entry's place on the worklist: overdue first, then by date."""
    return (not entry.overdue, entry.deadline.due, entry.child.pk, entry.deadline.code)


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
    return sorted(entries, key=_key)


# --- Making a sibling group: a search step, one child at a time --------------


@dataclass(frozen=True)
class SiblingDraft:
    """The group being made: the children chosen so far, and the matches of
    the search typed (the first CHOOSER_LIMIT of `total`)."""

    chosen: list[Child]
    matches: list[Child]
    total: int


def sibling_group_candidates(user: Any) -> QuerySet[Child]:
    """The children this person may put in a new sibling group: their own
    authority's, open, in no group yet, and neither adopted nor with the plan
    changed away from adoption."""
    return (
        child_policy.scope(user)
        .filter(archived_at__isnull=True, sibling_group__isnull=True, restricted_at__isnull=True)
        .exclude(stage__in=[Stage.ADOPTED, Stage.PLAN_CHANGED])
        .select_related("local_authority")
    )


def sibling_group_draft(*, user: Any, chosen_ids: list[int], term: str) -> SiblingDraft:
    """The chosen children (each must be a candidate: one that is not, an
    outsider's or a tampered id, is "not found") and the matches of `term` by
    name, date of birth or case reference, without those already chosen."""
    candidates = sibling_group_candidates(user)
    found = {child.pk: child for child in candidates.filter(pk__in=chosen_ids)}
    if len(found) != len(set(chosen_ids)):
        raise Http404
    chosen = [found[pk] for pk in dict.fromkeys(chosen_ids)]
    if not term:
        return SiblingDraft(chosen=chosen, matches=[], total=0)
    hits = name_search(
        candidates.exclude(pk__in=chosen_ids),
        term,
        names=("first_names", "last_name"),
        born="date_of_birth",
        reference="case_reference",
    ).order_by("last_name", "first_names", "pk")
    rows = list(hits[: CHOOSER_LIMIT + 1])
    total = len(rows) if len(rows) <= CHOOSER_LIMIT else hits.count()
    return SiblingDraft(chosen=chosen, matches=rows[:CHOOSER_LIMIT], total=total)
