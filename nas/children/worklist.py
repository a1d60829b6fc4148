"""The child's deadlines on the home page of local authority staff."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nas.access import scope
from nas.access.lookup import audit_listed
from nas.accounts.roles import Role
from nas.children.policies import children as children_policy
from nas.children.selectors import worklist
from nas.core.worklist import WorkItem, WorkSection, register


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
    audit_listed(user, children_policy, (e.child for e in entries), where="home")
    items = [
        WorkItem(
            title=str(entry.child),
            href=reverse("children:detail", args=[entry.child.pk]),
            due=entry.deadline.due,
            overdue=entry.overdue,
            detail=str(entry.deadline.name),
        )
        for entry in entries
    ]
    return [WorkSection(key="child_deadlines", title=_("Children: deadlines due and overdue"), items=items)]
