"""Deadlines in the child's journey, computed from its dated milestones.

Each rule carries its official name and source. Nothing here is stored: a
corrected milestone date moves every deadline that depends on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nas.children.journey import TERMINAL, MilestoneKind, Stage
from nas.core.calendar import add_months


@dataclass(frozen=True)
class Deadline:
    code: str
    name: str | Promise
    source: str | Promise
    due: date
    done: date | None
    #: An 'earliest' deadline opens a window (not before); the others close one (by).
    earliest: bool = False
    #: Said instead of "Done" when the deadline was met otherwise than by the
    #: step itself (a referral not needed because the child was linked first).
    outcome: str | Promise = ""

    def is_overdue(self, today: date) -> bool:
        return not self.earliest and self.done is None and today > self.due

    def is_open(self, today: date) -> bool:
        return self.earliest and self.done is None and today >= self.due


Dates = dict[str, date]
Rule = Callable[[Dates, str], Deadline | None]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


@rule
def referral_to_region(dates: Dates, stage: str) -> Deadline | None:
    """Referral to the regional collaborative for family finding: within one
    month of the agency's authority to place the child (placement order or
    consent).

    Source: National Adoption Service for Wales performance framework (the
    service's one-month target, which the national team sets for every
    region). Family finding is a regional function under the Adoption and
    Children Act 2002 (Joint Adoption Arrangements) (Wales) Directions 2015.
    """
    authority = dates.get(MilestoneKind.AUTHORITY_TO_PLACE)
    if authority is None:
        return None
    return Deadline(
        "region_referral",
        _("Refer to the region for family finding"),
        _("NAS Wales performance framework: referral within 1 month of authority to place"),
        add_months(authority, 1),
        dates.get(MilestoneKind.REFERRED_TO_REGION),
    )


@rule
def referral_to_register(dates: Dates, stage: str) -> Deadline | None:
    """Referral to the national register (the Adoption Register for Wales):
    within one month of the date the agency was authorised to place the
    child for adoption, unless the child is already linked with a family.

    Source: Adoption Agencies (Wales) Regulations 2005, regulation 19A
    (referral to the Adoption Register for Wales), inserted by the Adoption
    Agencies (Wales) (Amendment) Regulations 2020, SI 2020/163 (W.36), in force
    1 April 2020. The Welsh Government's written statement laying those
    Regulations (20 February 2020) gives the required timescale: "within one
    month of the date on which the adoption agency was authorised to place the
    child for adoption".
    """
    authority = dates.get(MilestoneKind.AUTHORITY_TO_PLACE)
    if authority is None:
        return None
    referred = dates.get(MilestoneKind.REFERRED_TO_REGISTER)
    linked = dates.get(MilestoneKind.LINKED)
    return Deadline(
        "register_referral",
        _("Refer to the national register"),
        _("Adoption Agencies (Wales) Regulations 2005, reg. 19A: 1 month from authority to place"),
        add_months(authority, 1),
        referred or linked,
        outcome="" if referred or linked is None else _("Not needed: linked with a family"),
    )


@rule
def adoption_order_application(dates: Dates, stage: str) -> Deadline | None:
    """Adoption order application: the adopters may apply once the child has
    lived with them for 10 weeks.

    Source: Adoption and Children Act 2002, section 42(2)(a): an application
    may not be made unless the child has had his home with the applicants at
    all times during the period of 10 weeks preceding the application.
    """
    placed = dates.get(MilestoneKind.PLACED)
    if placed is None or stage != Stage.PLACED:
        return None
    return Deadline(
        "adoption_order_application",
        _("Adopters may apply for the adoption order"),
        _("Adoption and Children Act 2002, s.42(2)(a)"),
        placed + timedelta(weeks=10),
        dates.get(MilestoneKind.ADOPTION_ORDER),
        earliest=True,
    )


@rule
def matched_within_six_months(dates: Dates, stage: str) -> Deadline | None:
    """Children waiting more than 6 months from the 'should be placed for
    adoption' decision to a match decision.

    Source: National Adoption Service for Wales performance framework, the
    measure of children waiting more than 6 months from the 'should be placed'
    decision to a match (reported quarterly by every region).
    """
    decision = dates.get(MilestoneKind.SHOULD_BE_PLACED)
    if decision is None:
        return None
    return Deadline(
        "matched_within_six_months",
        _("Match within 6 months of the 'should be placed' decision"),
        _("NAS Wales performance framework: children waiting over 6 months"),
        add_months(decision, 6),
        dates.get(MilestoneKind.MATCH_DECISION),
    )


#: Stages before the 'should be placed' decision. Every rule above starts from
#: that decision, authority to place or the placement, which a child at these
#: stages has not reached, so worklists need not read these children's
#: milestones at all (most children looked after are here). A rule that starts
#: earlier must take its stages out of this set.
STAGES_WITHOUT_DEADLINES = frozenset({Stage.IN_CARE, Stage.ADOPTION_PLAN, Stage.REPORT_COMPLETED})


def deadlines_for(dates: Dates, stage: str) -> list[Deadline]:
    if stage in TERMINAL and stage != Stage.ADOPTED:
        return []
    found = (rule_fn(dates, stage) for rule_fn in RULES)
    return sorted((d for d in found if d is not None), key=lambda d: d.due)


def latest_dates(milestones: Iterable[tuple[str, date]]) -> Dates:
    """The latest date of each kind (a link after a disruption replaces the first)."""
    dates: Dates = {}
    for kind, when in milestones:
        if kind not in dates or when >= dates[kind]:
            dates[kind] = when
    return dates
