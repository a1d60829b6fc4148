"""The child's deadlines on the home page of local authority staff."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from nas.access import scope
from nas.accounts.roles import Role
from nas.children.journey import MilestoneKind, Stage
from nas.children.models import Milestone
from nas.children.policies import children as children_policy
from nas.children.selectors import worklist
from nas.core.worklist import Mapped, WorkItem, WorkSection, register


def child_read(pk: int) -> tuple[tuple[str, int], ...]:
    """A listed child is a read of their record (nas.core.worklist audits it)."""
    return ((children_policy.record_type, pk),) if children_policy.audited_reads else ()


@register
def child_deadlines(user: Any) -> list[WorkSection]:
    if not scope.is_local(user) or not user.has_role(
        Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.AGENCY_DECISION_MAKER
    ):
        return []
    # A social worker sees their own children; a manager or decision maker the whole authority's.
    mine = user.has_role(Role.SOCIAL_WORKER) and not user.has_role(
        Role.TEAM_MANAGER, Role.AGENCY_DECISION_MAKER
    )
    entries = worklist(user=user, today=timezone.localdate(), mine=mine)

    def item(entry: Any) -> WorkItem:
        return WorkItem(
            title=str(entry.child),
            href=reverse("children:detail", args=[entry.child.pk]),
            due=entry.deadline.due,
            overdue=entry.overdue,
            detail=str(entry.deadline.name),
            reads=child_read(entry.child.pk),
        )

    return [
        WorkSection(
            key="child_deadlines",
            title=_("Children: deadlines due and overdue"),
            # Overdue first already (the worklist's order).
            items=Mapped(entries, item),
            more_href=reverse("children:worklist"),
        )
    ]


@register
def should_be_placed_decisions(user: Any) -> list[WorkSection]:
    """The agency decision maker's own queue: children of the authority whose
    Child's Adoption Report is complete and who wait for the decision that they
    should be placed for adoption (Adoption Agencies (Wales) Regulations 2005,
    reg. 19), oldest report first."""
    if not scope.is_local(user) or not user.has_role(Role.AGENCY_DECISION_MAKER):
        return []
    reports = Milestone.objects.filter(child=OuterRef("pk"), kind=MilestoneKind.CHILDS_ADOPTION_REPORT)
    waiting = list(
        children_policy.scope(user)
        .filter(stage=Stage.REPORT_COMPLETED, archived_at__isnull=True)
        .annotate(report_on=Subquery(reports.order_by("-date").values("date")[:1]))
        .order_by("report_on", "pk")
    )
    items = [
        WorkItem(
            title=str(child),
            href=reverse("children:detail", args=[child.pk]),
            detail=str(
                _("Child's Adoption Report completed on %(day)s: should the child be placed for adoption?")
            )
            % {"day": date_format(child.report_on, "j F Y") if child.report_on else "–"},
            reads=child_read(child.pk),
        )
        for child in waiting
    ]
    return [
        WorkSection(
            key="should_be_placed",
            title=_("'Should be placed for adoption' decisions waiting for you"),
            items=items,
            decision=True,
        )
    ]
