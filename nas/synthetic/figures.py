"""The published figures, measured directly on the records: what the
calibration test checks and what `generate_national_data` prints.

Each figure is one method of `Figures`, read from the dated milestones as
any report would. When the performance framework (nas.performance) lands,
each method can be replaced by the framework's measure of the same name
without touching the test's ranges (tests/synthetic/test_calibration.py).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from nas.adopters.models import Milestone as HouseholdMilestone
from nas.children.journey import MilestoneKind
from nas.children.models import Child, Milestone

DAYS_A_MONTH = 365.25 / 12
KINDS = [
    MilestoneKind.ENTERED_CARE,
    MilestoneKind.AUTHORITY_TO_PLACE,
    MilestoneKind.REFERRED_TO_REGISTER,
    MilestoneKind.PLACED,
    MilestoneKind.ADOPTION_ORDER,
    MilestoneKind.PLAN_CHANGED,
]


def financial_years(first_day: date, last_day: date) -> list[tuple[date, date]]:
    """The complete financial years (1 April to 31 March) between two days."""
    year = first_day.year if first_day <= date(first_day.year, 4, 1) else first_day.year + 1
    years = []
    while date(year + 1, 3, 31) <= last_day:
        years.append((date(year, 4, 1), date(year + 1, 3, 31)))
        year += 1
    return years


@dataclass
class _Child:
    born: date
    in_group: bool
    disabled: bool
    archived: date | None
    dates: dict[str, list[date]]
    foster_carers: bool

    def first(self, kind: str) -> date | None:
        days = self.dates.get(kind)
        return days[0] if days else None


class Figures:
    """Loads the children's and households' dated steps once (a few value
    queries) and measures from them."""

    def __init__(self) -> None:
        self.children: dict[int, _Child] = {}
        for pk, born, group, disabled, archived in Child.objects.values_list(
            "pk", "date_of_birth", "sibling_group_id", "disability", "archived_at"
        ):
            self.children[pk] = _Child(
                born=born,
                in_group=group is not None,
                disabled=disabled,
                archived=timezone.localtime(archived).date() if archived else None,
                dates=defaultdict(list),
                foster_carers=False,
            )
        for child_id, kind, day, detail in (
            Milestone.objects.filter(kind__in=KINDS)
            .order_by("child_id", "sequence")
            .values_list("child_id", "kind", "date", "detail")
        ):
            child = self.children[child_id]
            child.dates[kind].append(day)
            if kind == MilestoneKind.PLACED:
                child.foster_carers = bool(detail.get("with_foster_carers"))
        self.approvals = list(
            HouseholdMilestone.objects.filter(kind="approved").values_list("date", flat=True)
        )

    def looked_after_on(self, day: date) -> int:
        """Children looked after on a day: entered care, not yet adopted, and
        not yet left care by another route (a closed case is archived)."""
        count = 0
        for c in self.children.values():
            entered = c.first(MilestoneKind.ENTERED_CARE)
            adopted = c.first(MilestoneKind.ADOPTION_ORDER)
            if entered is None or entered > day:
                continue
            if (adopted is not None and adopted <= day) or (c.archived is not None and c.archived <= day):
                continue
            count += 1
        return count

    def _placed_in(self, first_day: date, last_day: date) -> list[_Child]:
        return [
            c
            for c in self.children.values()
            if any(first_day <= d <= last_day for d in c.dates.get(MilestoneKind.PLACED, []))
        ]

    def placed_in(self, first_day: date, last_day: date) -> int:
        """Children placed for adoption in a period (once each)."""
        return len(self._placed_in(first_day, last_day))

    def approved_in(self, first_day: date, last_day: date) -> int:
        """Adopter households approved in a period."""
        return sum(1 for d in self.approvals if first_day <= d <= last_day)

    def months_care_to_placed(self, first_day: date, last_day: date) -> float:
        """Mean months from entering care to the first placement for adoption,
        for the children first placed in the period."""
        waits = []
        for c in self.children.values():
            placed, entered = c.first(MilestoneKind.PLACED), c.first(MilestoneKind.ENTERED_CARE)
            if placed is not None and entered is not None and first_day <= placed <= last_day:
                waits.append((placed - entered).days / DAYS_A_MONTH)
        return statistics.mean(waits) if waits else 0.0

    def on_register(self, day: date) -> list[_Child]:
        """Children on the national register on a day: referred, and neither
        placed nor with a changed plan since."""
        found = []
        for c in self.children.values():
            referred = c.first(MilestoneKind.REFERRED_TO_REGISTER)
            if referred is None or referred > day:
                continue
            ended = [
                d
                for kind in (MilestoneKind.PLACED, MilestoneKind.PLAN_CHANGED)
                for d in c.dates.get(kind, [])
                if referred <= d <= day
            ]
            if not ended:
                found.append(c)
        return found

    def sibling_share_on_register(self, day: date) -> float:
        waiting = self.on_register(day)
        return sum(c.in_group for c in waiting) / len(waiting) if waiting else 0.0

    def foster_carer_share(self, first_day: date, last_day: date) -> float:
        """Share of the adoption orders in a period for children placed with their foster carers."""
        adopted = [
            c
            for c in self.children.values()
            if (order := c.first(MilestoneKind.ADOPTION_ORDER)) is not None and first_day <= order <= last_day
        ]
        return sum(c.foster_carers for c in adopted) / len(adopted) if adopted else 0.0

    def months_waiting_by_group(self, first_day: date, last_day: date) -> dict[str, float]:
        """Mean months from authority to place to the first placement, for the
        children placed in the period: older (four or more at authority to
        place) and younger, in a sibling group or alone, disabled or not."""
        groups: dict[str, list[float]] = defaultdict(list)
        for c in self.children.values():
            authority, placed = c.first(MilestoneKind.AUTHORITY_TO_PLACE), c.first(MilestoneKind.PLACED)
            if authority is None or placed is None or not first_day <= placed <= last_day:
                continue
            months = (placed - authority).days / DAYS_A_MONTH
            age = (authority - c.born).days / 365.25
            groups["aged 4 or more" if age >= 4 else "under 4"].append(months)
            groups["in a sibling group" if c.in_group else "alone"].append(months)
            groups["disabled" if c.disabled else "not disabled"].append(months)
        return {name: statistics.mean(values) for name, values in groups.items() if values}

    def plan_changes_in(self, first_day: date, last_day: date) -> int:
        return sum(
            1
            for c in self.children.values()
            if any(first_day <= d <= last_day for d in c.dates.get(MilestoneKind.PLAN_CHANGED, []))
        )
