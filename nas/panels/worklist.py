"""Decisions waiting for the agency decision maker, and panel business waiting
for the panel adviser, on their home pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nas.accounts.roles import Role
from nas.core.worklist import WorkItem, WorkSection, register
from nas.panels.policies import meetings
from nas.panels.selectors import awaiting_decision


@register
def decisions_waiting(user: Any) -> list[WorkSection]:
    if not meetings.can(user, "list") or not user.has_role(Role.AGENCY_DECISION_MAKER):
        return []
    entries = awaiting_decision(user=user, today=timezone.localdate())
    items = [
        WorkItem(
            title=str(entry.item),
            href=reverse("panels:decision", args=[entry.item.meeting_id, entry.item.pk]),
            due=entry.due,
            overdue=entry.overdue,
            detail=str(_("Decision after the panel's recommendation")),
        )
        for entry in entries
    ]
    return [
        WorkSection(
            key="panel_decisions",
            title=_("Panel recommendations waiting for your decision"),
            items=items,
            decision=True,
        )
    ]


@register
def panel_business(user: Any) -> list[WorkSection]:
    if not meetings.can(user, "create"):
        return []
    open_meetings = (
        meetings.scope(user)
        .filter(archived_at__isnull=True, minutes_final_on__isnull=True)
        .order_by("date", "pk")[:20]
    )
    items = [
        WorkItem(
            title=str(meeting),
            href=reverse("panels:detail", args=[meeting.pk]),
            due=meeting.date,
            detail=str(_("Agenda, recommendations and minutes to finish")),
        )
        for meeting in open_meetings
    ]
    return [
        WorkSection(key="panel_meetings", title=_("Panel meetings with minutes to finalise"), items=items)
    ]
