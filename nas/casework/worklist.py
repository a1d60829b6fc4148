"""Casework on the home page: the person's open tasks (their own, and their
team's that nobody has taken), overdue first."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nas.access import scope
from nas.casework import policies, records, selectors
from nas.core.worklist import WorkItem, WorkSection, register

SHOWN = 20


@register
def my_tasks(user: Any) -> list[WorkSection]:
    if scope.is_national(user):
        return []
    tasks = selectors.my_tasks(user=user)[:SHOWN]
    if not tasks:
        return []
    today = timezone.localdate()
    named = records.describe_many(((t.record_type, t.record_id) for t in tasks), user)
    items = [
        WorkItem(
            title=task.title,
            href=reverse("casework:task-detail", args=[task.pk]),
            due=task.due_on,
            overdue=task.due_on < today,
            detail=named.get((task.record_type, task.record_id), ("", ""))[0]
            + ("" if task.assignee_id else " · " + _("for the team")),
            reads=((policies.tasks.record_type, task.pk),) if policies.tasks.audited_reads else (),
        )
        for task in tasks
    ]
    return [WorkSection(key="casework_tasks", title=gettext_lazy("My tasks"), items=items)]


@register
def statutory_visits_and_reviews(user: Any) -> list[WorkSection]:
    """The statutory visits and reviews of the children allocated to this
    person that are overdue or due in the next SHOWN_AHEAD_DAYS days."""
    from nas.casework import statutory

    if not scope.is_local(user):
        return []
    today = timezone.localdate()
    rows = [
        r
        for r in selectors.my_cases(user=user)
        if r.due_label and r.on is not None and r.on <= today + timedelta(days=statutory.SHOWN_AHEAD_DAYS)
    ]
    if not rows:
        return []
    items = [
        WorkItem(
            title=row.name,
            href=row.url,
            due=row.on,
            overdue=row.overdue,
            detail=row.due_label,
            reads=records.audit_key(row.record_type, row.record_id),
        )
        for row in sorted(rows, key=lambda r: r.on or today)
    ]
    return [
        WorkSection(
            key="statutory_visits", title=gettext_lazy("Statutory visits and reviews due"), items=items
        )
    ]
