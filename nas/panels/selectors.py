"""Reads of panels: meeting lists, the agenda with its decisions, and the
decisions waiting for the agency decision maker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from nas.panels import subjects
from nas.panels.models import AgendaItem, CentralMember, Decision, Meeting, PanelRole, Recommendation
from nas.panels.policies import central_members as central_policy
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


def central_list(*, user: Any) -> QuerySet[CentralMember]:
    """The caller's region's or agency's central list: those still on it
    first, then those who have left, most recent first; each with how many
    meetings they have sat on."""
    return (
        central_policy.scope(user)
        .annotate(sitting_count=Count("sittings"))
        .order_by(F("left_on").desc(nulls_first=True), "name", "pk")
    )


def central_list_on(*, organisation_id: int, day: date) -> QuerySet[CentralMember]:
    """Who was on the organisation's central list on `day` (the day someone
    leaves, they are no longer on it)."""
    return (
        CentralMember.objects.filter(organisation_id=organisation_id, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .order_by("name", "pk")
    )


def chair_candidates(members: list[CentralMember]) -> list[CentralMember]:
    """Of those on the list, who may chair: only someone independent of the
    agency, the listed chair and vice chair first."""
    rank: dict[str, int] = {PanelRole.CHAIR: 0, PanelRole.VICE_CHAIR: 1}
    return sorted((m for m in members if m.independent), key=lambda m: (rank.get(m.role, 2), m.name))
