"""The pipelines now: children with a plan for adoption not yet placed, and
adopter households on the way to approval or approved and waiting, each by
stage and by what decides a match (nas.sufficiency.characteristics).

The stage is the one the journey kernel keeps from the dated milestones
(nas.children.journey, nas.adopters.journey); "family finding" is a child
with authority to place who has been referred to the region or the national
register (or whose placement ended and who waits again). Who is *waiting*
is not defined here: it is the performance framework's wait (NAS-C4 for a
child, from the 'should be placed' decision to the match decision or a
change of plan; NAS-A4 for a household, from approval to a match,
withdrawal or deregistration: nas.performance.measures.WAITS), counted from
its first day.

One grouped query for each side, whatever the number of children.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nas.adopters.journey import Stage as HS
from nas.adopters.models import Household
from nas.children.journey import MilestoneKind as CK
from nas.children.journey import Stage as CS
from nas.children.models import Child, Milestone
from nas.performance import measures as M
from nas.performance.scopes import Scope
from nas.sufficiency import characteristics as C


@dataclass(frozen=True)
class StageDef:
    code: str
    label: str | Promise
    stages: tuple[str, ...]


CHILD_STAGES = (
    StageDef("care_planning", _("Care planning"), (CS.ADOPTION_PLAN, CS.REPORT_COMPLETED)),
    StageDef("should_be_placed", _("Should be placed"), (CS.SHOULD_BE_PLACED,)),
    StageDef("authority_to_place", _("Authority to place"), (CS.AUTHORITY_TO_PLACE,)),
    StageDef("family_finding", _("Family finding"), (CS.AUTHORITY_TO_PLACE, CS.DISRUPTED)),
    StageDef("linked", _("Linked"), (CS.LINKED,)),
    StageDef("matched", _("Matched"), (CS.MATCHING_PANEL, CS.MATCHED, CS.INTRODUCTIONS)),
)
HOUSEHOLD_STAGES = (
    StageDef("enquiry", _("Enquiry"), (HS.ENQUIRY, HS.INFORMATION_EVENT, HS.REGISTRATION_OF_INTEREST)),
    StageDef("stage_one", _("Stage 1"), (HS.STAGE_ONE, HS.BETWEEN_STAGES)),
    StageDef("stage_two", _("Stage 2"), (HS.STAGE_TWO,)),
    StageDef("panel", _("Panel and decision"), (HS.PANEL, HS.QUALIFYING_DETERMINATION)),
    StageDef("approved", _("Approved and waiting"), (HS.APPROVED, HS.WAITING)),
    StageDef("linked", _("Linked"), (HS.LINKED,)),
)
REFERRALS = (CK.REFERRED_TO_REGION, CK.REFERRED_TO_REGISTER)


def waits_from_first_day() -> tuple[M.Wait, M.Wait]:
    """The framework's waits of children and households (NAS-C4, NAS-A4),
    counted from their first day instead of after 6 or 3 months."""
    return M.SUFFICIENCY_WAITS


def filters_for(scope: Scope) -> M.Filters:
    return M.Filters(
        authorities=scope.authorities, owners=scope.owners, support_regions=scope.support_regions
    )


@dataclass
class Table:
    """Counts by stage and by each dimension's value."""

    stages: tuple[StageDef, ...]
    #: stage code -> count
    totals: dict[str, int] = field(default_factory=dict)
    #: dimension code -> value -> stage code -> count
    cells: dict[str, dict[str, dict[str, int]]] = field(default_factory=lambda: defaultdict(dict))

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    def rows(self, dimension: C.Dimension) -> list[tuple[str | Promise, list[int], int]]:
        """(value label, count at each stage, total) for the dimension's values met."""
        by_value = self.cells.get(dimension.code, {})
        out = []
        for value, label in dimension.values:
            if value in by_value:
                counts = [by_value[value].get(s.code, 0) for s in self.stages]
                out.append((label, counts, sum(counts)))
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "stages": {s.code: self.totals.get(s.code, 0) for s in self.stages},
            "by": {
                dimension: {value: dict(stages) for value, stages in values.items()}
                for dimension, values in self.cells.items()
            },
        }


@dataclass
class Pipeline:
    scope: Scope
    on: date
    children: Table
    households: Table | None
    children_waiting: int
    households_waiting: int | None

    @property
    def ratio(self) -> float | None:
        """The sufficiency ratio: approved households waiting per child waiting."""
        if self.households_waiting is None or not self.children_waiting:
            return None
        return self.households_waiting / self.children_waiting


def _stage_case(stages: tuple[StageDef, ...], field_name: str, first: list[When] | None = None) -> Case:
    whens = list(first or [])
    whens += [When(**{f"{field_name}__in": s.stages}, then=Value(s.code)) for s in stages]
    return Case(*whens, default=Value(""), output_field=models.CharField())


def _fill(table: Table, rows: Any) -> Table:
    for row in rows:
        stage, n = row["pipeline_stage"], row["n"]
        if not stage:
            continue
        table.totals[stage] = table.totals.get(stage, 0) + n
        for code, annotation in zip(C.CODES, C.FIELDS, strict=True):
            cell = table.cells[code].setdefault(row[annotation], {})
            cell[stage] = cell.get(stage, 0) + n
    return table


def children_table(scope: Scope, on: date) -> Table:
    referred = Exists(Milestone.objects.filter(child=OuterRef("pk"), kind__in=REFERRALS))
    family_finding = [
        When(
            Q(stage=CS.AUTHORITY_TO_PLACE, _referred=True) | Q(stage=CS.DISRUPTED),
            then=Value("family_finding"),
        )
    ]
    stages = tuple(s for s in CHILD_STAGES if s.code != "family_finding")
    children = Child.objects.filter(archived_at__isnull=True).filter(filters_for(scope).children(prefix=""))
    rows = (
        C.child_dimensions(children.annotate(_referred=referred), on)
        .annotate(pipeline_stage=_stage_case(stages, "stage", family_finding))
        .values("pipeline_stage", *C.FIELDS)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _fill(Table(CHILD_STAGES), rows)


def households_table(scope: Scope) -> Table | None:
    if scope.owners is not None and not scope.owners:
        return None
    households = Household.objects.filter(archived_at__isnull=True)
    if scope.owners is not None:
        households = households.filter(owner_id__in=scope.owners)
    rows = (
        C.household_dimensions(households)
        .annotate(pipeline_stage=_stage_case(HOUSEHOLD_STAGES, "stage"))
        .values("pipeline_stage", *C.FIELDS)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _fill(Table(HOUSEHOLD_STAGES), rows)


def waiting_by_scope(scopes: list[Scope], on: date) -> dict[str, tuple[int, int | None]]:
    """Children and households waiting on `on` (the framework's waits from
    their first day), for each scope: two queries grouped by authority and
    by owner, added up for every scope."""
    children_wait, households_wait = waits_from_first_day()
    everyone = M.Filters()
    children = dict(
        M.waiting_queryset(children_wait, on, everyone)
        .values_list("child__local_authority_id")
        .annotate(n=Count("child", distinct=True))
        .order_by()
    )
    households = dict(
        M.waiting_queryset(households_wait, on, everyone)
        .values_list("household__owner_id")
        .annotate(n=Count("household", distinct=True))
        .order_by()
    )

    def total(counts: dict[int, int], members: frozenset[int] | None) -> int:
        return sum(n for pk, n in counts.items() if members is None or pk in members)

    return {
        s.code: (
            total(children, s.authorities),
            None if s.owners is not None and not s.owners else total(households, s.owners),
        )
        for s in scopes
    }


def waiting_now(scope: Scope, on: date) -> tuple[int, int | None]:
    return waiting_by_scope([scope], on)[scope.code]


def pipeline(scope: Scope, on: date) -> Pipeline:
    children, households = waiting_now(scope, on)
    return Pipeline(
        scope=scope,
        on=on,
        children=children_table(scope, on),
        households=households_table(scope),
        children_waiting=children,
        households_waiting=households,
    )
