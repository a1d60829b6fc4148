"""Family finding's work on the home page: expressions of interest waiting
for an answer, and matches waiting for the child's agency decision maker."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nas.accounts.roles import Role
from nas.core.worklist import WorkItem, WorkSection, register
from nas.matching.models import LinkState
from nas.matching.panel_subject import RECORD_TYPE, describe
from nas.matching.policies import links
from nas.panels.models import AgendaItem
from nas.panels.services import decision_due


@register
def answers_waiting(user: Any) -> list[WorkSection]:
    if not links.can(user, "list"):
        return []
    waiting = (
        links.scope(user)
        .filter(state=LinkState.INTEREST, archived_at__isnull=True)
        .select_related(
            "child",
            "child__matching_profile",
            "household",
            "household__matching_profile",
        )
        .order_by("created_at")[:50]
    )
    items = [
        WorkItem(
            title=describe(link),
            href=reverse("matching:link-detail", args=[link.pk]),
            detail=str(_("Interest expressed: waiting for your answer")),
        )
        for link in waiting
        if links.can(user, "respond", link)
    ]
    if not items:
        return []
    return [
        WorkSection(
            key="link_answers", title=_("Expressions of interest waiting for your answer"), items=items
        )
    ]


@register
def match_decisions(user: Any) -> list[WorkSection]:
    if not links.can(user, "list") or not user.has_role(Role.AGENCY_DECISION_MAKER):
        return []
    waiting = list(
        links.scope(user)
        .filter(state=LinkState.MATCHING_PANEL, archived_at__isnull=True)
        .select_related("child", "child__matching_profile", "household", "household__matching_profile")
        .order_by("updated_at")[:50]
    )
    items_by_link = {
        item.subject_id: item
        for item in AgendaItem.objects.filter(
            subject_type=RECORD_TYPE,
            subject_id__in=[link.pk for link in waiting],
            meeting__minutes_final_on__isnull=False,
            decision__isnull=True,
        )
        .exclude(recommendation="")
        .select_related("meeting")
    }
    today = timezone.localdate()
    entries = []
    for link in waiting:
        item = items_by_link.get(link.pk)
        if item is None or not links.can(user, "decide", link):
            continue
        due = decision_due(item)
        entries.append(
            WorkItem(
                title=describe(link),
                href=reverse("matching:link-decision", args=[link.pk]),
                due=due,
                overdue=bool(due and today > due),
                detail=str(_("The matching panel has made its recommendation")),
            )
        )
    if not entries:
        return []
    return [WorkSection(key="match_decisions", title=_("Matches waiting for your decision"), items=entries)]
