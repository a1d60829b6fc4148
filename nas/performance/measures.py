"""The measures of the performance framework, defined once.

Each measure has its code, name, definition, source, unit, target and
direction, and is computed from the journeys' dated milestones, never typed
in. The codes:

- NAS-C… the children's measures, NAS-A… the adopters', NAS-S… adoption
  support's, NAS-F… the inter-agency fees: the National Adoption Service
  for Wales performance framework, which the regions report against every
  quarter. The framework's own document could not be read here; the
  measures follow what the service reports publicly (average time from
  becoming looked after to placement, and from authority to place; children
  waiting more than six months for a match; plans changed away from
  adoption: NAS Annual Report 2017-18; Community Care, 11 April 2017,
  "Adoption waiting times in Wales halved since national agency set up")
  and the statutory timescales of the Adoption Agencies (Wales) Regulations
  2005 as amended by SI 2020/163 (W.36). The numeric targets the lead gave
  (13 months to placement, 8 months from enquiry to approval) are marked as
  the service's targets, not as published figures.
- A1, A2, A3, A10: England's adoption scorecard (Department for
  Education), shown alongside for comparison only. Confirmed from the DfE's
  "Adoption scorecards and thresholds published" (14 January 2014): A1 and
  A2 thresholds of 14 months and 4 months for the 2013 to 2016 average,
  measured over three years; LG Inform metric 912 (A2: the match decision
  counts as zero days when it came before court authority; children with no
  placement order are left out); Analysis of adoption scorecard information
  2011-2014 (A10 counts, for a child adopted by their foster carers, to the
  day the fostering placement began). 426 and 121 days are those months in
  days as the DfE states its thresholds; the day figures themselves were
  not found in a source read here.

Computation is set-based: `compute_all(periods, scopes)` runs one grouped
query per family of measures (every measure with the same anchor milestone
shares a query), grouped by local authority (or owner, or region) and by
quarter in one pass, and adds the quarters and organisations up for every
period and scope asked for. Snapshot measures (who is waiting at a
quarter's end) are turned into two grouped queries of entries and exits and
a running sum, so forty quarters cost no more than one.

Which region a record counts in: see scopes.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Greatest, TruncQuarter
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from nas.adopters.journey import MilestoneKind as HK
from nas.adopters.models import Enquiry, HouseholdDates
from nas.adopters.models import Milestone as HouseholdMilestone
from nas.children.codes import EarlyPermanence
from nas.children.journey import MilestoneKind as CK
from nas.children.models import JourneyDates
from nas.children.models import Milestone as ChildMilestone
from nas.performance import periods as P
from nas.performance.models import CalendarDay
from nas.performance.scopes import Scope
from nas.performance.sql import AddDays, AddMonths, DaysBetween
from nas.performance.workdays import EPOCH, ensure_days
from nas.support.deadlines import ASSESSMENT_WORKING_DAYS
from nas.support.models import SupportCase

#: Changes whenever a definition changes; a submitted return records the version it was computed with.
MEASURES_VERSION = "2025.1"
DAYS_PER_MONTH = 365.25 / 12
#: Amber: within 10% of the target (10 percentage points for a percentage).
AMBER_BAND = 0.10
AMBER_POINTS = 10.0


class Unit:
    MONTHS, DAYS, COUNT, PERCENT, POUNDS, RATIO = "months", "days", "count", "percent", "pounds", "ratio"


class Direction:
    LOWER, HIGHER, NONE = "lower", "higher", ""


class Subject:
    CHILDREN, ADOPTERS, SUPPORT = "children", "adopters", "support"
    #: Households set against children (an authority, with no adopters of its own, has no figure).
    SUFFICIENCY = "sufficiency"


class Rag:
    GREEN, AMBER, RED, NONE = "green", "amber", "red", ""


AREAS = ("same_region", "elsewhere_in_wales", "outside_wales", "unknown")
AREA_LABELS = {
    "same_region": _("In the same region"),
    "elsewhere_in_wales": _("Elsewhere in Wales"),
    "outside_wales": _("Outside Wales"),
    "unknown": _("Not known"),
}


@dataclass(frozen=True)
class Measure:
    code: str
    name: str | Promise
    definition: str | Promise
    source: str | Promise
    unit: str
    subject: str
    family: str
    direction: str = Direction.NONE
    target: float | None = None
    #: "period": events in the period; "snapshot": at the period's last day;
    #: "three_years": events in the three years ending with the period.
    window: str = "period"
    #: What the source confirmed, and what it did not.
    confirmed: str | Promise = ""
    breakdown: tuple[str, ...] = ()
    #: England's scorecard measure shown beside this one.
    compare: str = ""
    scorecard: bool = False

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS[self.unit])


UNIT_LABELS: dict[str, Promise] = {
    Unit.MONTHS: _("months"),
    Unit.DAYS: _("days"),
    Unit.COUNT: _("number"),
    Unit.PERCENT: _("per cent"),
    Unit.POUNDS: _("pounds"),
    Unit.RATIO: _("households per child"),
}

NAS_FRAMEWORK = _("National Adoption Service for Wales performance framework")
REGS_2020 = _("Adoption Agencies (Wales) Regulations 2005 as amended by SI 2020/163 (W.36)")
SCORECARD = _("Department for Education, adoption scorecard (England)")

MEASURES: list[Measure] = [
    Measure(
        "NAS-C1",
        _("Average time from entering care to placement with adopters"),
        _(
            "For each placement for adoption made in the period, the time from the day the child "
            "entered care to the day they moved in with the adopters; the average, in months. A child "
            "placed again after a disruption counts again."
        ),
        format_lazy(
            _("{framework}: time from becoming looked after to placement; benchmark 13 months"),
            framework=NAS_FRAMEWORK,
        ),
        Unit.MONTHS,
        Subject.CHILDREN,
        "placed",
        Direction.LOWER,
        13,
        confirmed=_(
            "The measure is reported by the service (NAS Annual Report 2017-18: 14.5 months); "
            "the 13-month benchmark is the service's, not confirmed from a published document."
        ),
        compare="A1",
    ),
    Measure(
        "NAS-C2",
        _("Average time from authority to place to the match decision"),
        _(
            "For each agency decision maker's match decision made in the period, the time from the "
            "authority to place (placement order or consent) to the decision; the average, in months. "
            "A decision made before the authority counts as no time."
        ),
        format_lazy(
            _("{framework}: time from authority to place to the match decision"),
            framework=NAS_FRAMEWORK,
        ),
        Unit.MONTHS,
        Subject.CHILDREN,
        "match",
        Direction.LOWER,
        confirmed=_("No Welsh target was found; England's A2 threshold (4 months) is shown beside it."),
        compare="A2",
    ),
    Measure(
        "NAS-C3",
        _("Average time from the 'should be placed' decision to placement"),
        _(
            "For each placement for adoption made in the period, the time from the agency decision "
            "maker's decision that the child should be placed for adoption to the day the child moved "
            "in; the average, in months."
        ),
        format_lazy(
            _("{framework}: time from the 'should be placed for adoption' decision to placement"),
            framework=NAS_FRAMEWORK,
        ),
        Unit.MONTHS,
        Subject.CHILDREN,
        "placed",
        Direction.LOWER,
        confirmed=_("No published target was found."),
    ),
    Measure(
        "NAS-C4",
        _("Children waiting more than 6 months from the 'should be placed' decision"),
        _(
            "On the last day of the period, the children whose 'should be placed' decision is more than "
            "6 months old and who have had no match decision and no change of plan since; the average "
            "wait of those children, in months, is shown with it."
        ),
        format_lazy(
            _("{framework}: children waiting more than 6 months from the decision to a match"),
            framework=NAS_FRAMEWORK,
        ),
        Unit.COUNT,
        Subject.CHILDREN,
        "waiting_children",
        Direction.LOWER,
        window="snapshot",
        confirmed=_(
            # xgettext:no-python-format
            "Reported by the service (Community Care, 11 April 2017: a 43% reduction in children "
            "who wait more than six months for a match)."
        ),
    ),
    Measure(
        "NAS-C5",
        _("Plans changed away from adoption"),
        _(
            "Children whose 'should be placed for adoption' decision ceased in the period because the "
            "plan changed away from adoption, by the reason (SSDA903 REASON_PLACED_CEASED)."
        ),
        format_lazy(
            _("{framework}: plans changed away from adoption"),
            framework=NAS_FRAMEWORK,
        ),
        Unit.COUNT,
        Subject.CHILDREN,
        "plan_changed",
        breakdown=("RD1", "RD2", "RD3", "RD4"),
        # xgettext:no-python-format
        confirmed=_("Reported by the service (a 48% drop in plans changed, Community Care, 11 April 2017)."),
    ),
    Measure(
        "NAS-C6",
        _("Children placed, by place"),
        _(
            "Placements for adoption made in the period: with adopters of the child's own region, "
            "elsewhere in Wales, or outside Wales (as the placement recorded it; 'not known' where "
            "it did not say)."
        ),
        format_lazy(
            _("{framework}: children placed, by placement area"),
            framework=NAS_FRAMEWORK,
        ),
        Unit.COUNT,
        Subject.CHILDREN,
        "placed",
        breakdown=AREAS,
    ),
    Measure(
        "NAS-C7",
        _("Disruptions before the adoption order"),
        _("Placements for adoption that ended in the period before an adoption order was made."),
        format_lazy(
            _("{framework}: disruptions before the adoption order"),
            framework=NAS_FRAMEWORK,
        ),
        Unit.COUNT,
        Subject.CHILDREN,
        "disrupted",
        Direction.LOWER,
    ),
    Measure(
        "NAS-C8",
        _("Children referred to the national register within 1 month"),
        _(
            "Of the children referred to the national register (the Adoption Register for Wales) in the "
            "period, the percentage referred within one month of the authority to place."
        ),
        _(
            "Adoption Agencies (Wales) Regulations 2005, reg. 19A (inserted by SI 2020/163 (W.36)): "
            "referral within 1 month of the authority to place"
        ),
        Unit.PERCENT,
        Subject.CHILDREN,
        "child_register",
        Direction.HIGHER,
        100,
    ),
    Measure(
        "NAS-C9",
        _("Life-story work given by the adoption order"),
        _(
            "Of the children adopted in the period, the percentage whose life-story book and later-life "
            "letter were both given to the adopters on or before the day of the adoption order (each a "
            "current document of its kind on the child's record, dated the day it was given)."
        ),
        _(
            "Adoption UK, The Adoption Barometer 2021: almost half of new adoptive families had not "
            "received their child's life-story materials by the adoption order"
        ),
        Unit.PERCENT,
        Subject.CHILDREN,
        "life_story",
        Direction.HIGHER,
        100,
        confirmed=_(
            "The finding is Adoption UK's (survey of adoptive families, published June 2021). That both are "
            "due by the adoption order is the service's standard; no Welsh regulation setting that "
            "deadline was confirmed."
        ),
    ),
    Measure(
        "NAS-A1",
        _("Adopter enquiries"),
        _(
            "Enquiries about adopting received in the period: households whose journey began with an "
            "enquiry in the period, and enquiries made through the public form that did not become a "
            "household's record."
        ),
        format_lazy(
            _("{framework}: adopter enquiries"),
            framework=NAS_FRAMEWORK,
        ),
        Unit.COUNT,
        Subject.ADOPTERS,
        "enquiries",
        Direction.HIGHER,
        breakdown=("households", "enquiry_forms"),
    ),
    Measure(
        "NAS-A2",
        _("Adopter approvals"),
        _("Households approved as suitable to adopt in the period."),
        format_lazy(
            _("{framework}: adopter approvals"),
            framework=NAS_FRAMEWORK,
        ),
        Unit.COUNT,
        Subject.ADOPTERS,
        "approved",
        Direction.HIGHER,
    ),
    Measure(
        "NAS-A3",
        _("Average time from enquiry to approval"),
        _(
            "For each household approved in the period, the time from their enquiry to the approval; the "
            "average, in months."
        ),
        format_lazy(
            _("{framework}: time from enquiry to approval; target 8 months"),
            framework=NAS_FRAMEWORK,
        ),
        Unit.MONTHS,
        Subject.ADOPTERS,
        "approved",
        Direction.LOWER,
        8,
        confirmed=_("The 8-month target is the service's; not confirmed from a published document."),
    ),
    Measure(
        "NAS-A4",
        _("Adopters waiting more than 3 months from approval to a match"),
        _(
            "On the last day of the period, the approved households whose approval is more than 3 months "
            "old and who have not been matched, withdrawn or deregistered since; the average wait is "
            "shown with it."
        ),
        format_lazy(
            _(
                "{framework}: adopters waiting more than 3 months from approval to match "
                "(compare England's A12)"
            ),
            framework=NAS_FRAMEWORK,
        ),
        Unit.COUNT,
        Subject.ADOPTERS,
        "waiting_adopters",
        Direction.LOWER,
        window="snapshot",
    ),
    Measure(
        "NAS-A5",
        _("Stage 1 completed within 2 months"),
        _(
            "Of the Stage 1s (checks and preparation) that ended in the period, the percentage that "
            "ended within two months of the registration of interest being accepted."
        ),
        format_lazy(
            _("{regulations}, Part 4: Stage 1 limited to two months"),
            regulations=REGS_2020,
        ),
        Unit.PERCENT,
        Subject.ADOPTERS,
        "stage_one",
        Direction.HIGHER,
        100,
    ),
    Measure(
        "NAS-A6",
        _("Stage 2 decided within 4 months"),
        _(
            "Of the Stage 2 assessments decided in the period (approval, or the decision maker's "
            "qualifying determination), the percentage decided within four months of the notice to go "
            "on to Stage 2."
        ),
        format_lazy(
            _("{regulations}, reg. 30B(1): Stage 2 limited to four months"),
            regulations=REGS_2020,
        ),
        Unit.PERCENT,
        Subject.ADOPTERS,
        "stage_two",
        Direction.HIGHER,
        100,
    ),
    Measure(
        "NAS-A7",
        _("Adopters referred to the national register within 1 month"),
        _(
            "Of the approved households referred to the Adoption Register for Wales in the period, the "
            "percentage referred within one month of approval."
        ),
        format_lazy(
            _("{regulations}, Part 4: referral within one month of approval"),
            regulations=REGS_2020,
        ),
        Unit.PERCENT,
        Subject.ADOPTERS,
        "adopter_register",
        Direction.HIGHER,
        100,
    ),
    Measure(
        "NAS-R1",
        _("Sufficiency ratio: approved households waiting per child waiting"),
        _(
            "On the last day of the period, the approved households waiting for a child (from approval "
            "until a match, withdrawal or deregistration: NAS-A4's wait, from its first day) for each "
            "child waiting for a family (from the 'should be placed' decision until the match decision "
            "or a change of plan: NAS-C4's wait, from its first day). Below 1, fewer families wait than "
            "children. An authority has no adopters of its own, so no figure."
        ),
        format_lazy(
            _(
                "{framework}: the case the service was founded on, that the children waiting for "
                "adoptive placements outnumber the placements available; the ratio is this system's "
                "measure of it"
            ),
            framework=NAS_FRAMEWORK,
        ),
        Unit.RATIO,
        Subject.SUFFICIENCY,
        "sufficiency",
        Direction.HIGHER,
        window="snapshot",
        confirmed=_("Added by this system; no published definition or target was found."),
    ),
    Measure(
        "NAS-S1",
        _("Support assessments within their timescale"),
        _(
            "Of the assessments of needs for adoption support completed in the period, the percentage "
            "completed within 42 working days of the request (working days exclude Welsh bank holidays)."
        ),
        _(
            "Adoption Support Services (Local Authorities) (Wales) Regulations 2005 (SI 2005/1512 (W.116)), "
            "regs. 7-9, with the 42 working days of the Social Services and Well-being (Wales) Act 2014 "
            "Part 3 Code of Practice"
        ),
        Unit.PERCENT,
        Subject.SUPPORT,
        "support",
        Direction.HIGHER,
        100,
    ),
    Measure(
        "NAS-F1",
        _("Inter-agency fees paid"),
        _(
            "The inter-agency fees recorded on placements made in the period, in pounds. Placements "
            "without a fee figure are counted as not known."
        ),
        format_lazy(
            _("{framework}: inter-agency fees; the fee recorded with each placement"),
            framework=NAS_FRAMEWORK,
        ),
        Unit.POUNDS,
        Subject.CHILDREN,
        "placed",
        breakdown=("with_fee", "no_fee", "unknown"),
    ),
    Measure(
        "NAS-F2",
        _("Inter-agency fees saved by in-region placements"),
        _(
            "For each placement in the period with adopters of the child's own region, the fee a "
            "placement in another region would have carried: the one-child fee between regions in force "
            "on the day (the dated inter-agency fee table). Sibling groups placed together carry a lower "
            "fee per child, so this is an upper estimate."
        ),
        format_lazy(
            _("{framework}: fees saved; CoramBAAF inter-agency fees as in the fee table"),
            framework=NAS_FRAMEWORK,
        ),
        Unit.POUNDS,
        Subject.CHILDREN,
        "placed",
        Direction.HIGHER,
    ),
    Measure(
        "A1",
        _("England A1: entering care to moving in with the adoptive family"),
        _(
            "For children adopted in the three years ending with the period, the average time in days "
            "from entering care to moving in with the family that adopted them."
        ),
        format_lazy(
            _("{scorecard}, A1; threshold 14 months (426 days) for the 2013 to 2016 average"),
            scorecard=SCORECARD,
        ),
        Unit.DAYS,
        Subject.CHILDREN,
        "adopted",
        Direction.LOWER,
        426,
        window="three_years",
        scorecard=True,
        confirmed=_(
            "Definition and the 14-month threshold confirmed (DfE, 14 January 2014); 426 days is "
            "14 months as the DfE states its threshold in days, not found in a source read here."
        ),
    ),
    Measure(
        "A2",
        _("England A2: authority to place to the match decision"),
        _(
            "For children adopted in the three years ending with the period, the average time in days "
            "from court authority to place to the match decision (no time if matched before the "
            "authority; children with no authority to place left out)."
        ),
        format_lazy(
            _("{scorecard}, A2; threshold 4 months (121 days) for the 2013 to 2016 average"),
            scorecard=SCORECARD,
        ),
        Unit.DAYS,
        Subject.CHILDREN,
        "adopted",
        Direction.LOWER,
        121,
        window="three_years",
        scorecard=True,
        confirmed=_(
            "Definition confirmed (LG Inform metric 912) and the 4-month threshold (DfE, 14 January "
            "2014); 121 days is 4 months as the DfE states it."
        ),
    ),
    Measure(
        "A3",
        _("England A3: children who waited less than 14 months"),
        _(
            "Of the children adopted in the three years ending with the period, the percentage who moved "
            "in with their adoptive family less than 14 months after entering care."
        ),
        format_lazy(
            _("{scorecard}, A3 (number and percentage; no threshold)"),
            scorecard=SCORECARD,
        ),
        Unit.PERCENT,
        Subject.CHILDREN,
        "adopted",
        Direction.HIGHER,
        window="three_years",
        scorecard=True,
        confirmed=_("Definition confirmed (DfE, 14 January 2014); the scorecard sets no threshold for A3."),
    ),
    Measure(
        "A10",
        _("England A10: A1 adjusted for foster carer adoptions"),
        _(
            "As A1, but for a child adopted by their foster carers the time runs to the day the child "
            "began living with those carers. Here that is the day of the link with the family that "
            "adopted them, for children on an early permanence route (foster for adoption, concurrent "
            "planning) or recorded as placed with their foster carers."
        ),
        format_lazy(
            _("{scorecard}, A10; threshold as A1, 14 months (426 days)"),
            scorecard=SCORECARD,
        ),
        Unit.DAYS,
        Subject.CHILDREN,
        "adopted",
        Direction.LOWER,
        426,
        window="three_years",
        scorecard=True,
        confirmed=_(
            "Definition confirmed (Analysis of adoption scorecard information 2011-2014); this "
            "service keeps no date of the fostering placement, so the link's date stands for it."
        ),
    ),
]

BY_CODE: dict[str, Measure] = {m.code: m for m in MEASURES}


def get(code: str) -> Measure | None:
    return BY_CODE.get(code)


# --- Figures ---------------------------------------------------------------


@dataclass
class Stats:
    """What a group of cases adds up to; groups add up to larger ones."""

    n: int = 0
    total: float = 0
    met: int = 0
    parts: dict[str, int] = field(default_factory=dict)

    def add(self, other: Stats) -> None:
        self.n += other.n
        self.total += other.total
        self.met += other.met
        for key, value in other.parts.items():
            self.parts[key] = self.parts.get(key, 0) + value


@dataclass(frozen=True)
class Figure:
    measure: str
    value: float | None
    #: The cases behind the figure (the denominator of an average or percentage).
    cases: int
    parts: dict[str, int]
    #: For snapshot measures, the average wait in months of the children or households counted.
    average_wait: float | None = None

    @property
    def rag(self) -> str:
        return rag(BY_CODE[self.measure], self.value)

    def as_json(self) -> dict[str, Any]:
        return {
            "value": None if self.value is None else round(self.value, 2),
            "cases": self.cases,
            "parts": dict(self.parts),
            "average_wait": None if self.average_wait is None else round(self.average_wait, 2),
            "rag": self.rag,
        }


def rag(measure: Measure, value: float | None) -> str:
    """Red, amber or green against the target. Green meets the target; amber
    misses it by no more than 10% of the target (10 percentage points for a
    percentage); red misses it by more. No target, or no cases: not rated."""
    if value is None or measure.target is None or not measure.direction:
        return Rag.NONE
    target = measure.target
    band = AMBER_POINTS if measure.unit == Unit.PERCENT else target * AMBER_BAND
    if measure.direction == Direction.LOWER:
        value, target = -value, -target
    if value >= target:
        return Rag.GREEN
    if value >= target - band:
        return Rag.AMBER
    return Rag.RED


def _value(measure: Measure, stats: Stats) -> float | None:
    if measure.unit == Unit.COUNT:
        return float(stats.n)
    if measure.unit == Unit.POUNDS:
        return stats.total / 100
    if stats.n == 0:
        return None
    if measure.unit == Unit.PERCENT:
        return 100 * stats.met / stats.n
    if measure.unit == Unit.MONTHS:
        return stats.total / stats.n / DAYS_PER_MONTH
    return stats.total / stats.n


def display(measure: Measure, value: float | None) -> str:
    """The figure as the reports print it."""
    if value is None:
        return "–"
    if measure.unit == Unit.MONTHS:
        return f"{value:.1f}"
    if measure.unit == Unit.PERCENT:
        return f"{value:.0f}%"
    if measure.unit == Unit.POUNDS:
        return f"£{value:,.0f}"
    if measure.unit == Unit.RATIO:
        return f"{value:.2f}"
    return f"{value:,.0f}"


def display_target(measure: Measure) -> str:
    if measure.target is None:
        return ""
    sign = "≤" if measure.direction == Direction.LOWER else "≥"
    return f"{sign} {display(measure, measure.target)}"


# --- The queries -------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Which organisations' records to read (None: all)."""

    authorities: frozenset[int] | None = None
    owners: frozenset[int] | None = None
    support_regions: frozenset[int] | None = None

    def children(self, prefix: str = "child__") -> Q:
        if self.authorities is None:
            return Q()
        return Q(**{f"{prefix}local_authority_id__in": self.authorities})

    def households(self) -> Q:
        return Q() if self.owners is None else Q(household__owner_id__in=self.owners)

    def support(self) -> Q:
        return Q() if self.support_regions is None else Q(region_id__in=self.support_regions)


#: The child's journey dates (nas.children.models.JourneyDates), from a milestone.
JOURNEY = "journey__"
#: The child's authority, read from the journey dates (one join, not two).
EVENT_SCOPE = F("journey__local_authority_id")


def _journey(name: str) -> F:
    return F(JOURNEY + name)


CHILD_SCOPE = F("child__local_authority_id")
HOUSEHOLD_SCOPE = F("household__owner_id")


def _fee() -> models.Case:
    """The child's share of the inter-agency fee recorded on the placement, in
    pence; a JSON null and a missing key both mean not known (SQLite would
    cast 'null' to 0)."""
    known = Q(detail__has_key="inter_agency_fee_pence") & ~Q(detail__inter_agency_fee_pence=None)
    return models.Case(
        models.When(known, then=Cast(KT("detail__inter_agency_fee_pence"), models.BigIntegerField())),
        default=None,
        output_field=models.BigIntegerField(),
    )


def placed_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    """Placements for adoption made between lo and hi, with the child's
    entering care and 'should be placed' decision joined."""
    return ChildMilestone.objects.filter(f.children(), kind=CK.PLACED, date__gte=lo, date__lte=hi).annotate(
        area=Coalesce(KT("detail__placement_area"), Value("unknown"), output_field=models.TextField()),
        fee=_fee(),
        entered=_journey("entered_care"),
        decided=_journey("should_be_placed"),
    )


def _fee_saved_case() -> models.Expression:
    """The one-child fee between regions in force on the placement's day, in pence."""
    from nas.matching.models import FeeKind, InterAgencyFee

    rates = InterAgencyFee.objects.filter(kind=FeeKind.REGION_TO_REGION, children=1).order_by("-valid_from")
    whens = [
        models.When(
            Q(date__gte=rate.valid_from) & (Q(date__lte=rate.valid_to) if rate.valid_to else Q()),
            then=Value(rate.amount * 100),
        )
        for rate in rates
    ]
    if not whens:
        return Value(0, output_field=models.BigIntegerField())
    return models.Case(*whens, default=Value(0), output_field=models.BigIntegerField())


Row = tuple[str, int, date, Stats]  # measure, scope id, quarter start, stats


def match_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    return (
        ChildMilestone.objects.filter(f.children(), kind=CK.MATCH_DECISION, date__gte=lo, date__lte=hi)
        .filter(**{f"{JOURNEY}authority_to_place__isnull": False})
        .annotate(days=Greatest(DaysBetween(F("date"), _journey("authority_to_place")), Value(0)))
    )


def plan_changed_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    return (
        ChildMilestone.objects.filter(f.children(), kind=CK.PLAN_CHANGED, date__gte=lo, date__lte=hi)
        .filter(**{f"{JOURNEY}should_be_placed__isnull": False})
        .annotate(reason=Coalesce(KT("detail__reason"), Value("RD4"), output_field=models.TextField()))
    )


def disrupted_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    return ChildMilestone.objects.filter(f.children(), kind=CK.DISRUPTED, date__gte=lo, date__lte=hi)


def child_register_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    return ChildMilestone.objects.filter(
        f.children(), kind=CK.REFERRED_TO_REGISTER, date__gte=lo, date__lte=hi
    ).annotate(
        on_time=models.Case(
            models.When(
                Q(**{f"{JOURNEY}authority_to_place__isnull": True})
                | Q(date__lte=AddMonths(_journey("authority_to_place"), 1)),
                then=Value(True),
            ),
            default=Value(False),
            output_field=models.BooleanField(),
        )
    )


def adopted_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    """For each child adopted between lo and hi (the adoption order, made
    once), from the child's journey dates: entering care, the authority to
    place, and the last placement, match decision and link (the placement
    that led to the order is the child's last)."""
    foster_carers = Q(child__ssda903_details__placed_with_foster_carers="yes") | (
        (Q(child__ssda903_details__isnull=True) | Q(child__ssda903_details__placed_with_foster_carers=""))
        & ~Q(child__early_permanence=EarlyPermanence.NONE)
    )
    return JourneyDates.objects.filter(
        f.children(prefix=""),
        adoption_order__gte=lo,
        adoption_order__lte=hi,
        last_placed__isnull=False,
        entered_care__isnull=False,
    ).annotate(
        adopted=F("adoption_order"),
        a1_days=DaysBetween(F("last_placed"), F("entered_care")),
        a10_days=DaysBetween(
            models.Case(
                models.When(foster_carers & Q(last_linked__isnull=False), then=F("last_linked")),
                default=F("last_placed"),
                output_field=models.DateField(),
            ),
            F("entered_care"),
        ),
        a2_days=models.Case(
            models.When(
                Q(authority_to_place__isnull=False) & Q(last_match_decision__isnull=False),
                then=Greatest(DaysBetween(F("last_match_decision"), F("authority_to_place")), Value(0)),
            ),
            default=None,
            output_field=models.IntegerField(),
        ),
        a3_met=models.Case(
            models.When(last_placed__lt=AddMonths(F("entered_care"), 14), then=Value(True)),
            default=Value(False),
            output_field=models.BooleanField(),
        ),
    )


def _adopted(lo: date, hi: date, f: Filters) -> Iterable[Row]:
    rows = (
        adopted_queryset(lo, hi, f)
        .annotate(scope=F("local_authority_id"), quarter=_quarter("adoption_order"))
        .values("scope", "quarter")
        .annotate(
            n=Count("pk"),
            a1=Sum("a1_days"),
            a10=Sum("a10_days"),
            a2=Sum("a2_days"),
            a2_n=Count("a2_days"),
            a3=Count("pk", filter=Q(a3_met=True)),
        )
        .order_by()
    )
    for r in rows:
        scope, quarter = r["scope"], _day(r["quarter"])
        yield "A1", scope, quarter, Stats(n=r["n"], total=r["a1"] or 0)
        yield "A10", scope, quarter, Stats(n=r["n"], total=r["a10"] or 0)
        yield "A2", scope, quarter, Stats(n=r["a2_n"], total=r["a2"] or 0)
        yield "A3", scope, quarter, Stats(n=r["n"], met=r["a3"])


def life_story_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    """Children adopted between lo and hi, with whether their life-story
    book and later-life letter were both given by the order (NAS-C9)."""
    from nas.documents.life_story import given_on
    from nas.documents.models import DocumentKind

    return (
        JourneyDates.objects.filter(f.children(prefix=""), adoption_order__gte=lo, adoption_order__lte=hi)
        .annotate(
            book=given_on(DocumentKind.LIFE_STORY_BOOK, OuterRef("child_id")),
            letter=given_on(DocumentKind.LATER_LIFE_LETTER, OuterRef("child_id")),
        )
        .annotate(
            on_time=models.Case(
                models.When(
                    Q(book__lte=F("adoption_order")) & Q(letter__lte=F("adoption_order")), then=Value(True)
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )
    )


def _life_story(lo: date, hi: date, f: Filters) -> Iterable[Row]:
    rows = (
        life_story_queryset(lo, hi, f)
        .annotate(scope=F("local_authority_id"), quarter=_quarter("adoption_order"))
        .values("scope", "quarter")
        .annotate(n=Count("pk"), met=Count("pk", filter=Q(on_time=True)))
        .order_by()
    )
    for r in rows:
        yield "NAS-C9", r["scope"], _day(r["quarter"]), Stats(n=r["n"], met=r["met"])


def _household_dates(column: str, lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    """Households whose step (a column of their HouseholdDates: every step read
    is recorded at most once) fell between lo and hi, that day as `date`."""
    return HouseholdDates.objects.filter(
        f.households(), **{f"{column}__gte": lo, f"{column}__lte": hi}
    ).annotate(date=F(column))


def enquiry_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    """Households whose enquiry was made between lo and hi."""
    return _household_dates("enquiry", lo, hi, f)


def _enquiries(lo: date, hi: date, f: Filters) -> Iterable[Row]:
    rows = (
        enquiry_queryset(lo, hi, f)
        .annotate(scope=HOUSEHOLD_SCOPE, quarter=_quarter("date"))
        .values("scope", "quarter")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in rows:
        yield "NAS-A1", r["scope"], _day(r["quarter"]), Stats(n=r["n"], parts={"households": r["n"]})
    forms = enquiry_form_queryset(lo, hi, f)
    for r in (
        forms.annotate(scope=F("organisation_id"), quarter=_quarter("received_at"))
        .values("scope", "quarter")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        yield "NAS-A1", r["scope"], _day(r["quarter"]), Stats(n=r["n"], parts={"enquiry_forms": r["n"]})


def enquiry_form_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    """Enquiries from the public form that never became a household's record
    (those that did are counted by the household's enquiry milestone)."""
    # Received on a day from lo to hi where the service is (a range on the
    # timestamp itself, not a conversion of every row to a date).
    first = timezone.make_aware(datetime.combine(lo, time.min))
    after = timezone.make_aware(datetime.combine(hi + timedelta(days=1), time.min))
    qs = Enquiry.objects.filter(household__isnull=True, received_at__gte=first, received_at__lt=after)
    return qs if f.owners is None else qs.filter(organisation_id__in=f.owners)


def approved_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    return _household_dates("approved", lo, hi, f).annotate(days=DaysBetween(F("approved"), F("enquiry")))


def _approved(lo: date, hi: date, f: Filters) -> Iterable[Row]:
    rows = (
        approved_queryset(lo, hi, f)
        .annotate(scope=HOUSEHOLD_SCOPE, quarter=_quarter("date"))
        .values("scope", "quarter")
        .annotate(n=Count("pk"), total=Sum("days"), timed=Count("days"))
        .order_by()
    )
    for r in rows:
        scope, quarter = r["scope"], _day(r["quarter"])
        yield "NAS-A2", scope, quarter, Stats(n=r["n"])
        yield "NAS-A3", scope, quarter, Stats(n=r["timed"], total=r["total"] or 0)


def _on_time(expression: Q) -> models.Case:
    return models.Case(
        models.When(expression, then=Value(True)), default=Value(False), output_field=models.BooleanField()
    )


def stage_one_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    return (
        _household_dates("stage_one_decided", lo, hi, f)
        .filter(roi_accepted__isnull=False)
        .annotate(on_time=_on_time(Q(stage_one_decided__lte=AddMonths(F("roi_accepted"), 2))))
    )


def stage_two_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    """The first decision after Stage 2: the qualifying determination where
    there was one (it comes before a refusal or a later approval), otherwise
    the approval."""
    return (
        HouseholdDates.objects.filter(f.households(), stage_two_started__isnull=False)
        .annotate(date=Coalesce(F("qualifying_determination"), F("approved")))
        .filter(date__gte=lo, date__lte=hi)
        .annotate(on_time=_on_time(Q(date__lte=AddMonths(F("stage_two_started"), 4))))
    )


def adopter_register_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    return (
        _household_dates("referred_to_register", lo, hi, f)
        .filter(approved__isnull=False)
        .annotate(on_time=_on_time(Q(referred_to_register__lte=AddMonths(F("approved"), 1))))
    )


def _timed(code: str, queryset: Callable[[date, date, Filters], models.QuerySet[Any]]) -> Callable[..., Any]:
    def run(lo: date, hi: date, f: Filters) -> Iterable[Row]:
        rows = (
            queryset(lo, hi, f)
            .annotate(scope=HOUSEHOLD_SCOPE, quarter=_quarter("date"))
            .values("scope", "quarter")
            .annotate(n=Count("pk"), met=Count("pk", filter=Q(on_time=True)))
            .order_by()
        )
        for r in rows:
            yield code, r["scope"], _day(r["quarter"]), Stats(n=r["n"], met=r["met"])

    return run


def support_queryset(lo: date, hi: date, f: Filters) -> models.QuerySet[Any]:
    """Assessments completed between lo and hi, with the day 42 working days
    after the request (the working calendar is joined, not computed per row)."""
    first = SupportCase.objects.filter(assessed_on__gte=lo, assessed_on__lte=hi).order_by("requested_on")
    earliest = first.values_list("requested_on", flat=True).first()
    if earliest is not None:
        ensure_days(earliest, hi + timedelta(days=120))
    index = CalendarDay.objects.filter(day=OuterRef("requested_on")).values("working_index")[:1]
    deadline = CalendarDay.objects.filter(
        working=True, working_index=OuterRef("request_index") + ASSESSMENT_WORKING_DAYS
    ).values("day")[:1]
    return (
        SupportCase.objects.filter(f.support(), assessed_on__gte=lo, assessed_on__lte=hi)
        .annotate(request_index=Subquery(index))
        .annotate(due=Subquery(deadline, output_field=models.DateField()))
        .annotate(on_time=_on_time(Q(assessed_on__lte=F("due"))))
    )


def _support(lo: date, hi: date, f: Filters) -> Iterable[Row]:
    rows = (
        support_queryset(lo, hi, f)
        .annotate(scope=F("region_id"), quarter=_quarter("assessed_on"))
        .values("scope", "quarter")
        .annotate(n=Count("pk"), met=Count("pk", filter=Q(on_time=True)))
        .order_by()
    )
    for r in rows:
        yield "NAS-S1", r["scope"], _day(r["quarter"]), Stats(n=r["n"], met=r["met"])


# --- Snapshots: who is waiting on a quarter's last day ----------------------


@dataclass(frozen=True)
class Wait:
    """A wait from a start milestone until the first of the stop milestones,
    counted once it is longer than `months`."""

    code: str
    model: type[models.Model]
    owner: str
    start: str
    stops: tuple[str, ...]
    months: int
    #: The owner's journey dates (one row per child or household) holding the
    #: start and the first stop, read for the quarter-by-quarter counts.
    dates: type[models.Model]
    dates_start: str
    dates_stop: str
    #: The organisation the owner counts in, from the journey dates.
    dates_scope: str


WAITS = {
    "waiting_children": Wait(
        "NAS-C4",
        ChildMilestone,
        "child",
        CK.SHOULD_BE_PLACED,
        (CK.MATCH_DECISION, CK.PLAN_CHANGED),
        6,
        JourneyDates,
        "should_be_placed",
        "wait_ended",
        "local_authority_id",
    ),
    "waiting_adopters": Wait(
        "NAS-A4",
        HouseholdMilestone,
        "household",
        HK.APPROVED,
        (HK.MATCHED, HK.WITHDRAWN, HK.DEREGISTERED),
        3,
        HouseholdDates,
        "approved",
        "wait_ended",
        "household__owner_id",
    ),
}


def from_first_day(wait: Wait) -> Wait:
    """The same wait counted from its first day (the sufficiency ratio, NAS-R1)."""
    return replace(wait, months=0)


#: NAS-R1 sets the households waiting against the children waiting, each from the first day.
SUFFICIENCY_WAITS = (from_first_day(WAITS["waiting_children"]), from_first_day(WAITS["waiting_adopters"]))


def _owner_filter(wait: Wait, f: Filters) -> Q:
    return f.children() if wait.owner == "child" else f.households()


def _scope_of(wait: Wait) -> F:
    return CHILD_SCOPE if wait.owner == "child" else HOUSEHOLD_SCOPE


def waiting_queryset(wait: Wait, on: date, f: Filters) -> models.QuerySet[Any]:
    """The start milestones of everyone waiting longer than the wait's months on `on`."""
    manager = wait.model._default_manager
    stopped = manager.filter(**{wait.owner: OuterRef(wait.owner)}, kind__in=wait.stops, date__lte=on)
    return (
        manager.filter(_owner_filter(wait, f), kind=wait.start)
        .annotate(counted_from=AddDays(AddMonths(F("date"), wait.months), 1))
        .filter(counted_from__lte=on)
        .filter(~Exists(stopped))
    )


def _waiting(wait: Wait, hi: date, f: Filters) -> tuple[list[Row], list[Row]]:
    """Entries and exits by quarter. A wait enters the count at the first
    quarter's end after it passes `months`, and leaves it at the end of the
    quarter in which it stopped; a wait that stopped before it was counted
    appears in neither. Read from the owners' journey dates (the start and
    the first stop, kept equal to the milestones)."""
    start, stop = wait.dates_start, wait.dates_stop
    epoch = Value(EPOCH, output_field=models.DateField())
    quarter_counted = _quarter("counted_from")
    members = f.authorities if wait.owner == "child" else f.owners
    owners = Q() if members is None else Q(**{f"{wait.dates_scope}__in": members})
    started = (
        wait.dates._default_manager.filter(owners, **{f"{start}__isnull": False})
        .annotate(counted_from=AddDays(AddMonths(F(start), wait.months), 1))
        .annotate(next_quarter=AddMonths(quarter_counted, 3), scope=F(wait.dates_scope))
    )
    sums = {"n": Count("pk"), "total": Sum(DaysBetween(F(start), epoch))}
    entries = (
        started.filter(counted_from__lte=hi)
        .filter(Q(**{f"{stop}__isnull": True}) | Q(**{f"{stop}__gte": F("next_quarter")}))
        .annotate(quarter=quarter_counted)
        .values("scope", "quarter")
        .annotate(**sums)
        .order_by()
    )
    exits = (
        started.filter(**{f"{stop}__lte": hi, f"{stop}__gte": F("next_quarter")})
        .annotate(quarter=_quarter(stop))
        .values("scope", "quarter")
        .annotate(**sums)
        .order_by()
    )
    return (
        [
            (wait.code, r["scope"], _day(r["quarter"]), Stats(n=r["n"], total=r["total"] or 0))
            for r in entries
        ],
        [(wait.code, r["scope"], _day(r["quarter"]), Stats(n=r["n"], total=r["total"] or 0)) for r in exits],
    )


def _waiting_now(wait: Wait, on: date, f: Filters) -> dict[int, Stats]:
    epoch = Value(EPOCH, output_field=models.DateField())
    rows = (
        waiting_queryset(wait, on, f)
        .annotate(scope=_scope_of(wait))
        .values("scope")
        .annotate(n=Count("pk"), total=Sum(DaysBetween(F("date"), epoch)))
        .order_by()
    )
    return {r["scope"]: Stats(n=r["n"], total=r["total"] or 0) for r in rows}


def _child_events(lo: date, hi: date, f: Filters) -> Iterable[Row]:
    """The placed, match, plan-changed, disrupted and register families in two
    passes over the children's event milestones (the same rules as their own
    querysets, which the drill-down lists from): placements and changes of
    plan, whose detail says where, what fee and why; then the rest, which
    need no detail."""
    events = ChildMilestone.objects.filter(f.children(JOURNEY), date__gte=lo, date__lte=hi).annotate(
        scope=EVENT_SCOPE, quarter=_quarter("date")
    )
    with_detail = (
        events.filter(kind__in=[CK.PLACED, CK.PLAN_CHANGED])
        .annotate(
            ec=_journey("entered_care"),
            sbp=_journey("should_be_placed"),
            area=models.Case(
                models.When(
                    kind=CK.PLACED,
                    then=Coalesce(
                        KT("detail__placement_area"), Value("unknown"), output_field=models.TextField()
                    ),
                ),
                default=Value(""),
                output_field=models.TextField(),
            ),
            reason=models.Case(
                models.When(
                    kind=CK.PLAN_CHANGED,
                    then=Coalesce(KT("detail__reason"), Value("RD4"), output_field=models.TextField()),
                ),
                default=Value(""),
                output_field=models.TextField(),
            ),
            fee=_fee(),
        )
        .values("kind", "scope", "quarter", "area", "reason")
        .annotate(
            n=Count("pk"),
            ec_total=Sum(DaysBetween(F("date"), F("ec"))),
            ec_n=Count("ec"),
            sbp_total=Sum(DaysBetween(F("date"), F("sbp"))),
            sbp_n=Count("sbp"),
            fee_total=Sum("fee"),
            with_fee=Count("pk", filter=Q(fee__gt=0)),
            no_fee=Count("pk", filter=Q(fee=0)),
            saved=Sum(_fee_saved_case(), filter=Q(area="same_region")),
        )
        .order_by()
    )
    for r in with_detail:
        kind, scope, quarter = r["kind"], r["scope"], _day(r["quarter"])
        if kind == CK.PLACED:
            area = r["area"] if r["area"] in AREAS else "unknown"
            yield "NAS-C1", scope, quarter, Stats(n=r["ec_n"], total=r["ec_total"] or 0)
            yield "NAS-C3", scope, quarter, Stats(n=r["sbp_n"], total=r["sbp_total"] or 0)
            yield "NAS-C6", scope, quarter, Stats(n=r["n"], parts={area: r["n"]})
            unknown = r["n"] - r["with_fee"] - r["no_fee"]
            parts = {"with_fee": r["with_fee"], "no_fee": r["no_fee"], "unknown": unknown}
            yield "NAS-F1", scope, quarter, Stats(n=r["n"], total=r["fee_total"] or 0, parts=parts)
            same = r["n"] if area == "same_region" else 0
            yield "NAS-F2", scope, quarter, Stats(n=same, total=r["saved"] or 0)
        else:
            yield "NAS-C5", scope, quarter, Stats(n=r["sbp_n"], parts={r["reason"]: r["sbp_n"]})
    rest = (
        events.filter(kind__in=[CK.MATCH_DECISION, CK.DISRUPTED, CK.REFERRED_TO_REGISTER])
        .annotate(atp=_journey("authority_to_place"))
        .values("kind", "scope", "quarter")
        .annotate(
            n=Count("pk"),
            atp_total=Sum(Greatest(DaysBetween(F("date"), F("atp")), Value(0))),
            atp_n=Count("atp"),
            on_time=Count("pk", filter=Q(atp__isnull=True) | Q(date__lte=AddMonths(F("atp"), 1))),
        )
        .order_by()
    )
    for row in rest:
        kind, scope, quarter = row["kind"], row["scope"], _day(row["quarter"])
        if kind == CK.MATCH_DECISION:
            yield "NAS-C2", scope, quarter, Stats(n=row["atp_n"], total=row["atp_total"] or 0)
        elif kind == CK.DISRUPTED:
            yield "NAS-C7", scope, quarter, Stats(n=row["n"])
        else:
            yield "NAS-C8", scope, quarter, Stats(n=row["n"], met=row["on_time"])


FAMILIES: dict[str, Callable[[date, date, Filters], Iterable[Row]]] = {
    "adopted": _adopted,
    "life_story": _life_story,
    "enquiries": _enquiries,
    "approved": _approved,
    "stage_one": _timed("NAS-A5", stage_one_queryset),
    "stage_two": _timed("NAS-A6", stage_two_queryset),
    "adopter_register": _timed("NAS-A7", adopter_register_queryset),
    "support": _support,
    "child_events": _child_events,
}
#: Families computed together by one query.
RUNS_WITH = {f: "child_events" for f in ("placed", "match", "plan_changed", "disrupted", "child_register")}


def _quarter(field: str) -> TruncQuarter:
    """The first day of the quarter the date falls in, as a date (not a
    timestamp: no time zone to convert, cheaper to read back)."""
    return TruncQuarter(field, output_field=models.DateField())


def _day(value: Any) -> date:
    """Quarter starts come back as dates, datetimes or (SQLite) text."""
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if hasattr(value, "date") and callable(value.date):
        return value.date()
    return value


# --- compute_all -------------------------------------------------------------


class Results:
    """Figures by measure, period and scope."""

    def __init__(self) -> None:
        self._figures: dict[tuple[str, str, str], Figure | None] = {}

    def put(self, code: str, period: P.Period, scope: Scope, figure: Figure | None) -> None:
        self._figures[(code, period.code, scope.code)] = figure

    def get(self, code: str, period: P.Period | str, scope: Scope | str) -> Figure | None:
        period_code = period if isinstance(period, str) else period.code
        scope_code = scope if isinstance(scope, str) else scope.code
        return self._figures.get((code, period_code, scope_code))

    def __len__(self) -> int:
        return len(self._figures)


def _members(measure: Measure, scope: Scope) -> frozenset[int] | None:
    if measure.subject == Subject.CHILDREN:
        return scope.authorities
    if measure.subject == Subject.ADOPTERS:
        return scope.owners
    return scope.support_regions


def _union(values: Iterable[frozenset[int] | None]) -> frozenset[int] | None:
    found: set[int] = set()
    for value in values:
        if value is None:
            return None
        found |= value
    return frozenset(found)


def compute_all(
    periods: Sequence[P.Period], scopes: Sequence[Scope], codes: Sequence[str] | None = None
) -> Results:
    """Every measure (or those named) for every period and scope, in one
    grouped query per family of measures."""
    measures = [m for m in MEASURES if codes is None or m.code in codes]
    results = Results()
    if not periods or not scopes or not measures:
        return results
    filters = Filters(
        authorities=_union(s.authorities for s in scopes),
        owners=_union(s.owners for s in scopes),
        support_regions=_union(s.support_regions for s in scopes),
    )
    lo = min(p.start for p in periods)
    hi = max(p.end for p in periods)
    if any(m.window == "three_years" for m in measures):
        lo = min(lo, *(P.three_years_to(p).start for p in periods))
    # flows[code][quarter index][scope id] -> stats
    flows: dict[str, dict[int, dict[int, Stats]]] = defaultdict(lambda: defaultdict(dict))
    wanted = {m.code for m in measures}
    for family in dict.fromkeys(RUNS_WITH.get(m.family, m.family) for m in measures):
        if family in WAITS or family == "sufficiency":
            continue
        for code, scope_id, starts, stats in FAMILIES[family](lo, hi, filters):
            if code in wanted:
                _add(flows[code][P.quarter_index(starts)], scope_id, stats)
    snapshots: dict[str, dict[int, dict[int, Stats]]] = {}
    # A period not yet over is counted as it stands today, not at its future end.
    today = timezone.localdate()
    now: dict[str, dict[int, Stats]] = {}
    for family in dict.fromkeys(m.family for m in measures):
        if family in WAITS:
            snapshots[WAITS[family].code] = _running(*_waiting(WAITS[family], hi, filters), hi)
            if hi > today:
                now[WAITS[family].code] = _waiting_now(WAITS[family], today, filters)
        elif family == "sufficiency":
            for side, wait in zip(("children", "households"), SUFFICIENCY_WAITS, strict=True):
                snapshots[f"NAS-R1:{side}"] = _running(*_waiting(wait, hi, filters), hi)
                if hi > today:
                    now[f"NAS-R1:{side}"] = _waiting_now(wait, today, filters)
    # The quarters each period's window adds up, worked out once per window kind.
    windows = {
        (kind, period.code): [
            P.quarter_index(q.start)
            for q in (P.three_years_to(period) if kind == "three_years" else period).quarters()
        ]
        for kind in {m.window for m in measures if m.window != "snapshot"}
        for period in periods
    }
    for measure in measures:
        for scope in scopes:
            members = _members(measure, scope)
            # A quarter's figure for this scope, summed once however many windows hold it.
            by_quarter: dict[int, Stats] = {}
            for period in periods:
                if members is not None and not members:
                    results.put(measure.code, period, scope, None)
                    continue
                if measure.family == "sufficiency":
                    results.put(
                        measure.code, period, scope, _ratio_figure(scope, period, snapshots, now, today)
                    )
                    continue
                if measure.window == "snapshot":
                    if period.end > today:
                        stats, on = _sum(now[measure.code], members), today
                    else:
                        stats = _sum(snapshots[measure.code].get(P.quarter_index(period.end), {}), members)
                        on = period.end
                    results.put(measure.code, period, scope, _snapshot_figure(measure, stats, on))
                    continue
                stats = Stats()
                for index in windows[(measure.window, period.code)]:
                    if index not in by_quarter:
                        by_quarter[index] = _sum(flows[measure.code].get(index, {}), members)
                    stats.add(by_quarter[index])
                results.put(
                    measure.code,
                    period,
                    scope,
                    Figure(measure.code, _value(measure, stats), stats.n, _parts(measure, stats)),
                )
    return results


def _add(bucket: dict[int, Stats], scope_id: int, stats: Stats) -> None:
    if scope_id not in bucket:
        bucket[scope_id] = Stats()
    bucket[scope_id].add(stats)


def _sum(by_scope: dict[int, Stats], members: frozenset[int] | None) -> Stats:
    total = Stats()
    for scope_id, stats in by_scope.items():
        if members is None or scope_id in members:
            total.add(stats)
    return total


def _parts(measure: Measure, stats: Stats) -> dict[str, int]:
    if not measure.breakdown:
        return {}
    return {key: stats.parts.get(key, 0) for key in measure.breakdown}


def _running(entries: list[Row], exits: list[Row], hi: date) -> dict[int, dict[int, Stats]]:
    """Who is waiting at the end of each quarter: the running sum of entries less exits."""
    deltas: dict[int, dict[int, tuple[int, float]]] = defaultdict(dict)
    for rows, sign in ((entries, 1), (exits, -1)):
        for _code, scope_id, quarter, stats in rows:
            n, total = deltas[P.quarter_index(quarter)].get(scope_id, (0, 0.0))
            deltas[P.quarter_index(quarter)][scope_id] = (n + sign * stats.n, total + sign * stats.total)
    if not deltas:
        return {}
    running: dict[int, tuple[int, float]] = {}
    out: dict[int, dict[int, Stats]] = {}
    for index in range(min(deltas), P.quarter_index(hi) + 1):
        for scope_id, (n, total) in deltas.get(index, {}).items():
            was_n, was_total = running.get(scope_id, (0, 0.0))
            running[scope_id] = (was_n + n, was_total + total)
        out[index] = {scope_id: Stats(n=n, total=total) for scope_id, (n, total) in running.items() if n}
    return out


def _ratio_figure(
    scope: Scope,
    period: P.Period,
    snapshots: dict[str, dict[int, dict[int, Stats]]],
    now: dict[str, dict[int, Stats]],
    today: date,
) -> Figure | None:
    """NAS-R1: the households waiting over the children waiting on the period's
    last day (today for a period not yet over)."""
    if scope.owners is not None and not scope.owners:
        return None
    counts = []
    for side, members in (("children", scope.authorities), ("households", scope.owners)):
        key = f"NAS-R1:{side}"
        by_scope = now[key] if period.end > today else snapshots[key].get(P.quarter_index(period.end), {})
        counts.append(_sum(by_scope, members).n)
    children, households = counts
    value = households / children if children else None
    return Figure("NAS-R1", value, children, {"children": children, "households": households})


def _snapshot_figure(measure: Measure, stats: Stats, on: date) -> Figure:
    """`stats.total` is the sum of the start days (days since EPOCH), so the
    average wait is the day less their average."""
    wait = None
    if stats.n:
        wait = ((on - EPOCH).days - stats.total / stats.n) / DAYS_PER_MONTH
    return Figure(measure.code, float(stats.n), stats.n, {}, average_wait=wait)
