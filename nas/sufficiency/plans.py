"""Reads of the regions' plans: each action with its latest month's
progress, and each plan's status in a line, in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from nas.organisations.models import Organisation
from nas.sufficiency.models import ActionStatus, PlanAction, PlanProgress, Progress


@dataclass
class ActionRow:
    action: PlanAction
    latest: PlanProgress | None
    #: This month's progress is recorded.
    this_month: bool


@dataclass
class PlanStatus:
    region: Organisation
    rows: list[ActionRow] = field(default_factory=list)

    @property
    def open_actions(self) -> int:
        return sum(1 for r in self.rows if r.action.status == ActionStatus.OPEN)

    @property
    def counts(self) -> dict[str, int]:
        """Open actions by their latest progress ("none" when no month is recorded yet)."""
        found = Counter(
            r.latest.status if r.latest else "none" for r in self.rows if r.action.status == ActionStatus.OPEN
        )
        return {key: found.get(key, 0) for key in (*Progress.values, "none")}

    @property
    def missing_this_month(self) -> int:
        return sum(1 for r in self.rows if r.action.status == ActionStatus.OPEN and not r.this_month)


def plans(regions: list[Organisation], today: date) -> list[PlanStatus]:
    month = today.replace(day=1)
    actions = (
        PlanAction.objects.filter(region__in=regions)
        .select_related("intervention")
        .prefetch_related(Prefetch("progress", queryset=PlanProgress.objects.order_by("-month")))
        .order_by("due_on", "pk")
    )
    by_region: dict[int, PlanStatus] = {r.pk: PlanStatus(r) for r in regions}
    for action in actions:
        entries = list(action.progress.all())
        latest = entries[0] if entries else None
        by_region[action.region_id].rows.append(
            ActionRow(action, latest, any(e.month == month for e in entries))
        )
    return [by_region[r.pk] for r in regions]


def plan(region: Organisation, today: date) -> PlanStatus:
    return plans([region], today)[0]
