"""Reads of panels: meeting lists, the agenda with its decisions, and the
decisions waiting for the agency decision maker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from nas.panels import subjects
from nas.panels.models import AgendaItem, Decision, Meeting, Recommendation
from nas.panels.policies import meetings as meeting_policy
from nas.panels.services import decision_due


def meeting_list(*, user: Any) -> QuerySet[Meeting]:
    return (
        meeting_policy.scope(user)
        .filter(archived_at__isnull=True)
        .annotate(
            item_count=Count("items", distinct=True),
            decided_count=Count("items__decision", distinct=True),
        )
        .order_by("-date", "-pk")
    )


@dataclass(frozen=True)
class AwaitingDecision:
    item: AgendaItem
    due: date
    overdue: bool


def awaiting_decision(*, user: Any, today: date) -> list[AwaitingDecision]:
    """Items with a recommendation and final minutes but no decision yet, for
    the decision maker of the meeting's region or agency. A deferred item is
    not one: the panel made no recommendation, and the subject comes back to a
    later meeting."""
    items = (
        AgendaItem.objects.filter(
            meeting__in=meeting_policy.scope(user),
            meeting__minutes_final_on__isnull=False,
            decision__isnull=True,
        )
        .exclude(recommendation__in=["", Recommendation.DEFERRED])
        .exclude(Q(kind="child_case"))
        .exclude(subject_type__in=[t for t, s in subjects.registered().items() if s.decided_by is not None])
        .select_related("meeting")
        .order_by("meeting__minutes_final_on", "position")
    )
    found = []
    for item in items:
        due = decision_due(item)
        assert due is not None
        found.append(AwaitingDecision(item, due, today > due))
    return found


def decisions_about(subject_type: str, subject_id: int) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(subject_type=subject_type, subject_id=subject_id)
        .select_related("decided_by", "agenda_item__meeting")
        .order_by("decided_on", "pk")
    )
