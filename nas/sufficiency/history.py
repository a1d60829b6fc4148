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

Each side is one statement (nas.sufficiency.history._events): every record
is read once, with its organisation, its groups
(nas.sufficiency.characteristics) and, for each stage, the quarter it
entered and the quarter it left, moving on or lost; its events are then
counted by stage, organisation and quarter, every group in the same pass.
The stages' definitions below are the only ones: the statement is built
from them through the ORM. Every scope's flows are then sliced from the
same counts (Flows.stage).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from django.db import connections, models
from django.db.models import Case, F, FilteredRelation, Min, Q, Value, When
from django.db.models.functions import Cast, Coalesce, TruncQuarter

from nas.adopters.journey import MilestoneKind as HK
from nas.adopters.models import HouseholdDates
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
    _tables: dict[tuple[str, str], tuple[list[int], Any]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def stage(
        self, stage: str, group: str, members: frozenset[int] | None
    ) -> tuple[list[float], list[float], list[float]]:
        """The stage's entries, moved on and lost, quarter by quarter, summed
        over the organisations in `members` (every organisation when None)."""
        organisations, table = self._table(stage, group)
        if members is not None:
            table = table[[i for i, org in enumerate(organisations) if org in members]]
        entries, forward, lost = table.sum(axis=0).T.tolist()
        return entries, forward, lost

    def _table(self, stage: str, group: str) -> tuple[list[int], Any]:
        """The counts of one stage and group as an array (organisation,
        quarter, [entries, forward, lost]), made once and sliced for each scope."""
        key = (stage, group)
        if key not in self._tables:
            by_org = self.counts.get(stage, {}).get(group, {})
            organisations = sorted(by_org)
            table = np.zeros((len(organisations), self.last - self.first + 1, 3))
            for row, org in enumerate(organisations):
                kept = [i for i in by_org[org] if self.first <= i <= self.last]
                if kept:
                    table[row, np.array(kept) - self.first] = [by_org[org][i] for i in kept]
            self._tables[key] = (organisations, table)
        return self._tables[key]

    def chain(self, stages: tuple[str, ...], group: str, members: frozenset[int] | None) -> model.Chain:
        return model.Chain([model.from_flows(*self.stage(s, group, members)) for s in stages])


def _quarter(field: Any) -> Cast:
    """The first day of the quarter, as a date (not a time stamp: lighter to read)."""
    return Cast(TruncQuarter(field, output_field=models.DateField()), models.DateField())


def _day(value: Any) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if hasattr(value, "date") and callable(value.date):
        return value.date()
    return value


def _flag(condition: Q) -> Any:
    """1 where the condition holds, else 0 (always 1 for no condition)."""
    if not condition:
        return Value(1)
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=models.IntegerField())


def _events(
    queryset: models.QuerySet[Any],
    stages: tuple[StageQuery, ...],
    groups: tuple[tuple[str, Q], ...],
    scope_field: str,
    before: date,
) -> tuple[str, list[Any]]:
    """One statement for every stage of a side: each record is read once
    (a common table expression) with its organisation, a 0/1 flag for each
    group, and for each stage the quarter it entered and the quarter it left
    (moved on: 1, lost: 2); its events are then counted by stage, kind,
    organisation and quarter, every group in the same pass.

    Who entered a stage: `only`, and the entry date before `before`. Who left
    it: entered, with the exit date on or after the entry and before `before`."""
    rows = queryset.annotate(
        _org=F(scope_field), **{f"_g{i}": _flag(c) for i, (_code, c) in enumerate(groups)}
    )
    entered_any = Q()
    for j, stage in enumerate(stages):
        entered = stage.only & Q(**{f"{stage.entry}__isnull": False, f"{stage.entry}__lt": before})
        entered_any |= entered
        rows = rows.annotate(**{f"_left{j}": stage.exit})
        # (An exit on or after the entry is not null.)
        left = entered & Q(**{f"_left{j}__gte": F(stage.entry), f"_left{j}__lt": before})
        rows = rows.annotate(
            **{
                f"_in{j}": Case(When(entered, then=_quarter(stage.entry)), default=None),
                f"_out{j}": Case(When(left, then=_quarter(f"_left{j}")), default=None),
                # Moved on (1) or lost (2), asked only of those who left.
                f"_how{j}": Case(
                    When(
                        left,
                        then=Case(When(stage.forward, then=Value(1)), default=Value(2)),
                    ),
                    default=None,
                    output_field=models.IntegerField(),
                ),
            }
        )
    flags = [f"_g{i}" for i in range(len(groups))]
    columns = ["_org", *flags, *(f"_{k}{j}" for j in range(len(stages)) for k in ("in", "out", "how"))]
    base = rows.filter(entered_any).values(*columns).order_by()
    sql, params = base.query.get_compiler(using=base.db).as_sql()
    # Only names made here (the column aliases above and the stages' numbers)
    # enter the text; every value is a parameter of the ORM's statement.
    flag_list = ", ".join(f'"{f}"' for f in flags)
    branches = []
    for j in range(len(stages)):
        entries = f'SELECT {j} AS stage, 0 AS how, "_org" AS org, "_in{j}" AS q, {flag_list} FROM base'  # noqa: S608
        exits = f'SELECT {j}, "_how{j}", "_org", "_out{j}", {flag_list} FROM base'  # noqa: S608
        branches += [f'{entries} WHERE "_in{j}" IS NOT NULL', f'{exits} WHERE "_out{j}" IS NOT NULL']
    sums = ", ".join(f'SUM("{f}")' for f in flags)
    union = " UNION ALL ".join(branches)
    statement = (
        f"WITH base AS ({sql}) SELECT stage, how, org, q, {sums} "  # noqa: S608
        f"FROM ({union}) AS events GROUP BY stage, how, org, q"
    )
    return statement, list(params)


def _read(
    queryset: models.QuerySet[Any],
    stages: tuple[StageQuery, ...],
    groups: tuple[tuple[str, Q], ...],
    scope_field: str,
    before: date,
) -> dict[str, Any]:
    """counts[stage][group][organisation][quarter index] = [entries, forward, lost], in one query."""
    counts: dict[str, Any] = {stage.code: _nested() for stage in stages}
    sql, params = _events(queryset, stages, groups, scope_field, before)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    indices: dict[Any, int] = {}
    codes = [code for code, _c in groups]
    for stage_index, how, org, quarter, *numbers in found:
        into = counts[stages[stage_index].code]
        if quarter not in indices:
            indices[quarter] = P.quarter_index(_day(quarter))
        index = indices[quarter]
        for code, n in zip(codes, numbers, strict=True):
            into[code][org].setdefault(index, [0, 0, 0])[how] += int(n or 0)
    return counts


def _nested() -> dict[str, dict[int, dict[int, list[int]]]]:
    return defaultdict(lambda: defaultdict(dict))


def flows(before: date) -> tuple[Flows, Flows]:
    """The children's and the households' flows of every quarter before `before`, by organisation."""
    group_list = C.groups("child__", "household__", Q(_age_days__gte=FIVE_YEARS_DAYS))
    wait, _ = waits_from_first_day()
    children = C.child_group_fields(JourneyDates.objects.all(), "child__").annotate(
        _age_days=DaysBetween(F(wait.dates_start), F("child__date_of_birth"))
    )
    # The day each household's journey ended: one join to its ending milestones,
    # grouped by household (not a subquery asked again for each use).
    households = (
        C.household_group_fields(HouseholdDates.objects.all(), "household__")
        .annotate(
            _ends=FilteredRelation(
                "household__milestones", condition=Q(household__milestones__kind__in=HOUSEHOLD_ENDS)
            )
        )
        .annotate(ended=Min("_ends__date"))
    )
    child_counts = _read(
        children,
        _children_stages(),
        tuple((g.code, g.children) for g in group_list),
        "local_authority_id",
        before,
    )
    household_counts = _read(
        households,
        _household_stages(),
        tuple((g.code, g.households) for g in group_list),
        "household__owner_id",
        before,
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
