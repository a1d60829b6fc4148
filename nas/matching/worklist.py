"""Family finding's work on the home page: expressions of interest waiting
for an answer, and matches waiting for the child's agency decision maker."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from nas.access import scope
from nas.accounts.roles import Role
from nas.core.worklist import WorkItem, WorkSection, register
from nas.matching import figures
from nas.matching.models import ACTIVE_STATES, Link, LinkState
from nas.matching.panel_subject import RECORD_TYPE, describe
from nas.matching.policies import links
from nas.matching.policies import profiles as profiles_policy
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
    return [
        WorkSection(
            key="match_decisions", title=_("Matches waiting for your decision"), items=entries, decision=True
        )
    ]


@register
def families_to_find(user: Any) -> list[WorkSection]:
    """A region's family finder: the children published to the region who wait
    for a family (nas.matching.figures) with no link going, longest wait first."""
    if not user.has_role(Role.FAMILY_FINDER) or scope.family_finding_region_id(user) is None:
        return []
    going = Link.objects.filter(child_id=OuterRef("child_id"), state__in=list(ACTIVE_STATES))
    profiles = list(
        profiles_policy.scope(user)
        .filter(
            region_id=scope.family_finding_region_id(user),
            archived_at__isnull=True,
            child__stage__in=figures.CHILD_WAITING_STAGES,
            child__archived_at__isnull=True,
        )
        .exclude(Exists(going))
        .order_by("published_to_region_at", "pk")
    )
    items = [
        WorkItem(
            title=str(_("Profile %(reference)s") % {"reference": profile.reference}),
            href=reverse("matching:profile-suggestions", args=[profile.pk]),
            detail=str(_("Published to the region on %(day)s: no link yet, see the suggested families"))
            % {"day": date_format(timezone.localtime(profile.published_to_region_at), "j F Y")},
        )
        for profile in profiles
        if profile.published_to_region_at is not None
    ]
    return [
        WorkSection(
            key="families_to_find",
            title=_("Children waiting for a family in your region, with no link yet"),
            items=items,
            more_href=reverse("matching:profile-list") + "?publication=region",
        )
    ]
