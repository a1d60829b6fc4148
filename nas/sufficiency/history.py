"""The milestone history the forecast learns from, as quarterly flows of
each stage, read with set-based queries grouped by organisation and quarter
(never a loop over children or households), for every scope at once.

Children (from their journey dates, nas.children.models.JourneyDates):

- waiting: the framework's wait (NAS-C4's start and stop:
  nas.performance.measures.WAITS) from the 'should be placed' decision; it
  moves on at the match decision, or is lost at a change of plan;
- matched: from the match decision to the placement (children placed).

Households (nas.adopters.models.HouseholdDates, with the day the journey
ended: withdrawal, not suitable at Stage 1, not approved, deregistration):

- Stage 1 (with the break): from the registration of interest accepted,
  moving on when Stage 2 begins, or lost when the journey ends;
- Stage 2 (with panel and decision): from Stage 2's start, moving on at
  approval (households approved), or lost;
- waiting: the framework's wait (NAS-A4's start and stop) from approval,
  moving on at the match, or lost at withdrawal or deregistration.

Each stage is two queries: entries by the quarter they entered, and exits
by the quarter they left, with a flag for moving on; each counts the groups
of nas.sufficiency.characteristics in the same pass.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Count, F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncQuarter

from nas.adopters.journey import MilestoneKind as HK
from nas.adopters.models import HouseholdDates
from nas.adopters.models import Milestone as HouseholdMilestone
from nas.children.models import JourneyDates
from nas.performance import periods as P
from nas.performance.sql import DaysBetween
from nas.sufficiency import characteristics as C
from nas.sufficiency import model
from nas.sufficiency.pipeline import waits_from_first_day

HOUSEHOLD_ENDS = (
    HK.ROI_DECLINED,
    HK.STAGE_ONE_NOT_SUITABLE,
    HK.NOT_APPROVED,
    HK.WITHDRAWN,
    HK.DEREGISTERED,
)
FIVE_YEARS_DAYS = 1826


@dataclass(frozen=True)
class StageQuery:
    code: str
    entry: str
    exit: Any
    forward: Q
    #: Only who entered the stage and also meets this.
    only: Q = Q()


def _children_stages() -> tuple[StageQuery, ...]:
    wait, _ = waits_from_first_day()
    matched = Q(last_match_decision__isnull=False)
    return (
        StageQuery("waiting", wait.dates_start, F(wait.dates_stop), matched),
        StageQuery(
            "matched",
            wait.dates_stop,
            F("last_placed"),
            Q(pk__isnull=False),
            only=matched & (Q(last_placed__gte=F(wait.dates_stop)) | Q(last_placed__isnull=True)),
        ),
    )


def _household_stages() -> tuple[StageQuery, ...]:
    _, wait = waits_from_first_day()
    return (
        StageQuery(
            "stage_one",
            "roi_accepted",
            Coalesce("stage_two_started", "ended"),
            Q(stage_two_started__isnull=False),
        ),
        StageQuery(
            "stage_two",
            "stage_two_started",
            Coalesce("approved", "ended"),
            Q(approved__isnull=False),
        ),
        StageQuery(
            "waiting",
            wait.dates_start,
            F(wait.dates_stop),
            Q(ended__isnull=True) | Q(ended__gt=F(wait.dates_stop)),
        ),
    )


CHILD_STAGE_CODES = ("waiting", "matched")
HOUSEHOLD_STAGE_CODES = ("stage_one", "stage_two", "waiting")


@dataclass
class Flows:
    """counts[stage][group][organisation][quarter index] = (entries, forward, lost)."""

    first: int
    last: int
    counts: dict[str, dict[str, dict[int, dict[int, list[int]]]]]

    def stage(
        self, stage: str, group: str, members: frozenset[int] | None
    ) -> tuple[list[float], list[float], list[float]]:
        entries, forward, lost = ([0.0] * (self.last - self.first + 1) for _ in range(3))
        for org, quarters in self.counts.get(stage, {}).get(group, {}).items():
            if members is not None and org not in members:
                continue
            for index, (e, f, lo) in quarters.items():
                if self.first <= index <= self.last:
                    i = index - self.first
                    entries[i] += e
                    forward[i] += f
                    lost[i] += lo
        return entries, forward, lost

    def chain(self, stages: tuple[str, ...], group: str, members: frozenset[int] | None) -> model.Chain:
        return model.Chain([model.from_flows(*self.stage(s, group, members)) for s in stages])


def _quarter(field: Any) -> TruncQuarter:
    return TruncQuarter(field, output_field=models.DateField())


def _day(value: Any) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if hasattr(value, "date") and callable(value.date):
        return value.date()
    return value


def _read(
    queryset: models.QuerySet[Any],
    stage: StageQuery,
    groups: tuple[tuple[str, Q], ...],
    scope_field: str,
    before: date,
    into: dict[str, dict[int, dict[int, list[int]]]],
) -> None:
    """Two grouped queries: entries, then exits (moved on or lost)."""
    entered = queryset.filter(stage.only, **{f"{stage.entry}__isnull": False, f"{stage.entry}__lt": before})
    counts = {code: Count("pk", filter=condition) if condition else Count("pk") for code, condition in groups}
    rows = (
        entered.annotate(q=_quarter(stage.entry), org=F(scope_field))
        .values("org", "q")
        .annotate(**counts)
        .order_by()
    )
    for row in rows:
        index = P.quarter_index(_day(row["q"]))
        for code, _c in groups:
            into[code][row["org"]].setdefault(index, [0, 0, 0])[0] += row[code]
    exits = (
        entered.annotate(left_on=stage.exit)
        .filter(left_on__isnull=False, left_on__lt=before, left_on__gte=F(stage.entry))
        .annotate(
            q=_quarter("left_on"),
            org=F(scope_field),
            moved=models.Case(
                models.When(stage.forward, then=True), default=False, output_field=models.BooleanField()
            ),
        )
        .values("org", "q", "moved")
        .annotate(**counts)
        .order_by()
    )
    for row in exits:
        index = P.quarter_index(_day(row["q"]))
        for code, _c in groups:
            cell = into[code][row["org"]].setdefault(index, [0, 0, 0])
            cell[1 if row["moved"] else 2] += row[code]


def _nested() -> dict[str, dict[int, dict[int, list[int]]]]:
    return defaultdict(lambda: defaultdict(dict))


def flows(before: date) -> tuple[Flows, Flows]:
    """The children's and the households' flows of every quarter before `before`, by organisation."""
    group_list = C.groups("child__", "household__", Q(_age_days__gte=FIVE_YEARS_DAYS))
    wait, _ = waits_from_first_day()
    children = C.child_group_fields(JourneyDates.objects.all(), "child__").annotate(
        _age_days=DaysBetween(F(wait.dates_start), F("child__date_of_birth"))
    )
    ended = (
        HouseholdMilestone.objects.filter(household=OuterRef("household"), kind__in=HOUSEHOLD_ENDS)
        .order_by()
        .values("household")
        .annotate(first=Min("date"))
        .values("first")
    )
    households = C.household_group_fields(HouseholdDates.objects.all(), "household__").annotate(
        ended=Subquery(ended, output_field=models.DateField())
    )
    child_counts: dict[str, Any] = {}
    for stage in _children_stages():
        child_counts[stage.code] = _nested()
        _read(
            children,
            stage,
            tuple((g.code, g.children) for g in group_list),
            "local_authority_id",
            before,
            child_counts[stage.code],
        )
    household_counts: dict[str, Any] = {}
    for stage in _household_stages():
        household_counts[stage.code] = _nested()
        _read(
            households,
            stage,
            tuple((g.code, g.households) for g in group_list),
            "household__owner_id",
            before,
            household_counts[stage.code],
        )
    indices = [
        index
        for counts in (child_counts, household_counts)
        for by_group in counts.values()
        for by_org in by_group.values()
        for quarters in by_org.values()
        for index in quarters
    ]
    last = P.quarter_index(before) - 1
    first = min(indices, default=last)
    return Flows(first, last, child_counts), Flows(first, last, household_counts)
