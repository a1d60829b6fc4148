"""The regional manager's performance work on the home page: interventions
whose response or review is due, and quarterly returns of ended quarters
still to be submitted. A return is shown as due one month after its quarter
ends: the national team's timetable as assumed here (no statutory date
applies, and none was found published); change RETURN_DUE_DAYS if the team
sets another."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nas.accounts.roles import Role
from nas.core.worklist import WorkItem, WorkSection, register
from nas.organisations.models import Organisation
from nas.performance import measures
from nas.performance import periods as P
from nas.performance.models import (
    EntryKind,
    Intervention,
    InterventionEntry,
    InterventionReview,
    InterventionStatus,
    QuarterlyReturn,
    ReturnStatus,
)
from nas.performance.policies import figures as figures_policy
from nas.performance.policies import managed_region_id
from nas.performance.selectors import latest_complete_quarter

HORIZON_DAYS = 30
RETURN_DUE_DAYS = 30


@register
def performance_work(user: Any) -> list[WorkSection]:
    region_id = managed_region_id(user)
    if region_id is None:
        return []
    today = timezone.localdate()
    soon = today + timedelta(days=HORIZON_DAYS)
    last_response = (
        InterventionEntry.objects.filter(intervention=OuterRef("pk"), kind=EntryKind.RESPONSE)
        .order_by("-at")
        .values("at")[:1]
    )
    next_review = (
        InterventionReview.objects.filter(intervention=OuterRef("pk"), held_on__isnull=True)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    interventions = (
        Intervention.objects.filter(region_id=region_id, status=InterventionStatus.OPEN)
        .annotate(
            last_response=Subquery(last_response),
            last_director=Max("entries__at", filter=~Q(entries__kind=EntryKind.RESPONSE)),
            next_review=Subquery(next_review),
        )
        .order_by("response_due_on")
    )
    items = []
    for intervention in interventions:
        name = measures.get(intervention.measure)
        title = f"{intervention.measure}: {name.name if name else ''}"
        href = reverse("performance:intervention-detail", args=[intervention.pk])
        awaiting = intervention.last_response is None or (
            intervention.last_director is not None and intervention.last_director > intervention.last_response
        )
        if awaiting:
            items.append(
                WorkItem(
                    title,
                    href,
                    intervention.response_due_on,
                    intervention.response_due_on < today,
                    _("The region's response is due"),
                )
            )
        elif intervention.next_review is not None and intervention.next_review <= soon:
            items.append(
                WorkItem(
                    title,
                    href,
                    intervention.next_review,
                    intervention.next_review < today,
                    _("Review by the Director of Operations"),
                )
            )
    returns = [
        r
        for r in QuarterlyReturn.objects.filter(region_id=region_id).exclude(status=ReturnStatus.SUBMITTED)
        if P.parse(r.quarter).end < today
    ]
    return_items = [
        WorkItem(
            _("Quarterly return %(quarter)s, version %(number)s")
            % {"quarter": r.quarter, "number": r.revision},
            reverse("performance:return-detail", args=[r.pk]),
            P.parse(r.quarter).end + timedelta(days=RETURN_DUE_DAYS),
            P.parse(r.quarter).end + timedelta(days=RETURN_DUE_DAYS) < today,
            str(ReturnStatus(r.status).label),
        )
        for r in returns
    ]
    sections = []
    if items:
        sections.append(WorkSection("performance_interventions", gettext_lazy("Interventions"), items))
    if return_items:
        sections.append(
            WorkSection("performance_returns", gettext_lazy("Quarterly returns to submit"), return_items)
        )
    return sections


@register
def missing_returns(user: Any) -> list[WorkSection]:
    """The Director of Operations (and the national team reading the
    dashboard): regions with no submitted return for an ended quarter, the
    latest quarter and the one before, due RETURN_DUE_DAYS after it ends."""
    if not user.has_role(Role.DIRECTOR_OF_OPERATIONS, Role.PERFORMANCE_ANALYST) or not figures_policy.can(
        user, "dashboard"
    ):
        return []
    today = timezone.localdate()
    latest = latest_complete_quarter(today)
    quarters = [P.from_index(P.quarter_index(latest.start) - 1), latest]
    submitted = set(
        QuarterlyReturn.objects.filter(
            quarter__in=[q.code for q in quarters], status=ReturnStatus.SUBMITTED
        ).values_list("region_id", "quarter")
    )
    items = []
    for quarter in reversed(quarters):
        due = quarter.end + timedelta(days=RETURN_DUE_DAYS)
        for region in Organisation.objects.regions().filter(active=True).order_by("name_en"):
            if (region.pk, quarter.code) in submitted:
                continue
            items.append(
                WorkItem(
                    _("%(region)s: no return submitted for %(quarter)s")
                    % {"region": region.name, "quarter": quarter.label},
                    reverse("performance:returns"),
                    due,
                    due < today,
                )
            )
    return [WorkSection("missing_returns", gettext_lazy("Quarterly returns not yet submitted"), items)]
