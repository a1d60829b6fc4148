"""Keeps each child's JourneyDates equal to what the milestones say.

One grouped query over the milestones of the children named (or of every
child) and the rows rewritten, in the caller's transaction. A milestone
saved through the ORM refreshes its child (a signal, connected in
ChildrenConfig.ready); writes that bypass save() (bulk_create in the import
and the generators, the correction's update) call refresh() themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Min, Q

from nas.children.journey import MilestoneKind as K
from nas.children.models import JourneyDates, Milestone

#: What ends the wait from the 'should be placed' decision (NAS-C4).
WAIT_ENDS = (K.MATCH_DECISION, K.PLAN_CHANGED)
_BATCH = 5000


def _dates(children: Iterable[int] | None) -> Any:
    rows = Milestone.objects.all() if children is None else Milestone.objects.filter(child_id__in=children)
    return (
        rows.values("child_id", local_authority_id=F("child__local_authority_id"))
        .annotate(
            entered_care=Max("date", filter=Q(kind=K.ENTERED_CARE)),
            should_be_placed=Max("date", filter=Q(kind=K.SHOULD_BE_PLACED)),
            authority_to_place=Max("date", filter=Q(kind=K.AUTHORITY_TO_PLACE)),
            adoption_order=Max("date", filter=Q(kind=K.ADOPTION_ORDER)),
            last_placed=Max("date", filter=Q(kind=K.PLACED)),
            last_match_decision=Max("date", filter=Q(kind=K.MATCH_DECISION)),
            last_linked=Max("date", filter=Q(kind=K.LINKED)),
            wait_ended=Min("date", filter=Q(kind__in=WAIT_ENDS)),
        )
        .order_by()
    )


def refresh(children: Iterable[int] | None = None) -> int:
    """Rewrite the journey dates of these children (every child when None)
    from their milestones; returns the number of rows written."""
    ids = None if children is None else sorted(set(children))
    written = 0
    with transaction.atomic():
        if ids is None:
            JourneyDates.objects.all().delete()
            batches: list[list[int] | None] = [None]
        else:
            batches = [ids[i : i + _BATCH] for i in range(0, len(ids), _BATCH)]
        for batch in batches:
            if batch is not None:
                JourneyDates.objects.filter(child_id__in=batch).delete()
            rows = [JourneyDates(**row) for row in _dates(batch)]
            JourneyDates.objects.bulk_create(rows, batch_size=_BATCH)
            written += len(rows)
    return written


def on_milestone_saved(sender: type[Milestone], instance: Milestone, **kwargs: object) -> None:
    if kwargs.get("raw"):
        return  # fixtures load the rows as they are
    refresh([instance.child_id])
