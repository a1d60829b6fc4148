"""Keeps each child's JourneyDates equal to what the milestones say
(nas.core.journey_dates does the rewriting)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, Max, Min, OuterRef, Q, Subquery

from nas.children.journey import MilestoneKind as K
from nas.children.models import JourneyDates, Milestone
from nas.core.journey_dates import DatesTable

#: What ends the wait from the 'should be placed' decision (NAS-C4).
WAIT_ENDS = (K.MATCH_DECISION, K.PLAN_CHANGED)

#: The child's latest 'should be placed' decision: a decision can be made
#: again after a reversal (nas.children.rules.one_decision_at_a_time), and
#: the wait NAS-C4 counts is the one from the latest decision.
_LATEST_DECISION = Subquery(
    Milestone.objects.filter(child_id=OuterRef("child_id"), kind=K.SHOULD_BE_PLACED)
    .order_by("-date")
    .values("date")[:1]
)

TABLE = DatesTable(
    dates=JourneyDates,
    milestones=Milestone,
    owner="child",
    columns={
        "entered_care": Max("date", filter=Q(kind=K.ENTERED_CARE)),
        "should_be_placed": Max("date", filter=Q(kind=K.SHOULD_BE_PLACED)),
        "authority_to_place": Max("date", filter=Q(kind=K.AUTHORITY_TO_PLACE)),
        "adoption_order": Max("date", filter=Q(kind=K.ADOPTION_ORDER)),
        "last_placed": Max("date", filter=Q(kind=K.PLACED)),
        "last_match_decision": Max("date", filter=Q(kind=K.MATCH_DECISION)),
        "last_linked": Max("date", filter=Q(kind=K.LINKED)),
        # The first end on or after the latest decision: a reversal of an
        # earlier decision does not end the wait from a new one.
        "wait_ended": Min("date", filter=Q(kind__in=WAIT_ENDS, date__gte=_LATEST_DECISION)),
    },
    copied={"local_authority_id": F("child__local_authority_id")},
)


def refresh(children: Iterable[int] | None = None) -> int:
    """Rewrite the journey dates of these children (every child when None)
    from their milestones; returns the number of rows written."""
    return TABLE.refresh(children)
