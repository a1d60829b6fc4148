"""The synthetic history as events in time, in memory: no database.

Children enter care in each authority at a rate weighted by the authority's
share of children looked after; most leave by other routes (home, special
guardianship, turning 18) and only ever have their entry into care on
record. For some, adoption becomes the plan: the Child's Adoption Report,
the decision that they should be placed, authority to place, referrals,
then family finding against a pool of approved households, and linking,
matching panel, the decision, introductions, placement and the adoption
order, or a change of plan or a disruption with its coded reason.
Households enquire, go through Stage 1 and Stage 2, panel and approval,
wait, and are linked and matched, or withdraw or have their approval ended.

Family finding is where waiting comes from: a household takes a child only
within its approval range (age, number of children, needs, disability,
contact), and most ranges are for one or two young children without a
disability, so older children, brothers and sisters and disabled children
wait longest, as they do in Wales.

The simulation starts long enough before the history's first day for the
numbers looked after and waiting to have settled (18 years for children in
care, six for adoption), and keeps only what touches the history's ten (or
however many) years. Events after the last day are not kept: the history
ends today. Everything is drawn from `random.Random` streams seeded from
the run's seed, so the same seed gives the same history.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from nas.synthetic import calibration as cal
from nas.synthetic import names

YEAR = 365.25
LEVELS = {"none": 0, "low": 1, "medium": 2, "high": 3}
LEVEL_NAMES = ("none", "low", "medium", "high")
CONTACT_BITS = {"none": 0, "letterbox": 1, "direct_siblings": 2, "direct_birth_family": 4}
ARRIVAL_REGULARITY = 8
REGISTER_DUTY_FROM = date(2020, 4, 1).toordinal()  # SI 2020/163 (W.36), reg. 19A


# --- What the simulation hands the writer ----------------------------------------


@dataclass(slots=True)
class Placement:
    """A child placed with a household: what the PLACED milestone's detail needs."""

    household: int  # index into Plan.households
    together: int  # children placed together with this household at once
    with_foster_carers: bool


@dataclass(slots=True)
class ChildPlan:
    authority: str
    born: int
    entered: int
    sex: str
    first_names: str
    last_name: str
    ethnicity: str
    language: str
    health: str = "none"
    developmental: str = "none"
    behavioural: str = "none"
    disability: bool = False
    contact_plan: str = "letterbox"
    early_permanence: str = "none"
    legal_status: str = "C2"
    group: int | None = None  # index into Plan.groups
    #: (day, kind, detail); detail may hold "household" as an index into Plan.households.
    milestones: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    placements: dict[int, Placement] = field(default_factory=dict)  # day -> placement
    left_care: int | None = None
    leaving_reason: str = ""
    avoid_own_authority: bool = False
    with_foster_carers: bool = False
    adopters_sex: str = ""
    keep: bool = False


@dataclass(slots=True)
class GroupPlan:
    authority: str
    name: str
    placed_together: bool


@dataclass(slots=True)
class HouseholdPlan:
    owner: str
    residence: str  # authority code, "" outside Wales
    kind: str
    language: str
    opened: int
    applicants: list[tuple[str, str, int]]  # first names, last name, born
    milestones: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    approval_range: dict[str, Any] | None = None
    approved: int | None = None
    #: The approved period ends here (placed, withdrawn or deregistered).
    approval_ends: int | None = None
    children: dict[int, list[int]] = field(default_factory=dict)  # day -> child indices
    web_enquiry: bool = False
    keep: bool = False


@dataclass(slots=True)
class EnquiryPlan:
    owner: str
    residence: str
    received: int
    first_names: str
    last_name: str
    kind: str
    language: str
    status: str
    household: int | None = None


@dataclass(slots=True)
class SupportPlan:
    region: str
    person_kind: str
    first_names: str
    last_name: str
    born: int | None
    adoption_date: int | None
    child: int | None  # index into Plan.children
    household: int | None  # index into Plan.households
    requested: int
    summary: str
    assessed: int | None = None
    notice: int | None = None
    representations_by: int | None = None
    representations_on: int | None = None
    decided: int | None = None
    decision: str = ""
    services: list[tuple[str, int, int | None]] = field(default_factory=list)  # kind, starts, ends
    plan_agreed: int | None = None
    reviews: list[int] = field(default_factory=list)
    closed: int | None = None
    outcome: str = ""


@dataclass
class Plan:
    start: int
    until: int
    children: list[ChildPlan]
    groups: list[GroupPlan]
    households: list[HouseholdPlan]
    enquiries: list[EnquiryPlan]
    support: list[SupportPlan]


@dataclass(frozen=True)
class Geography:
    """The organisations by code: each region's authorities, the regions'
    lead authorities, and the voluntary agencies."""

    regions: dict[str, list[str]]
    leads: dict[str, str]
    agencies: list[str]

    @classmethod
    def from_reference(cls) -> Geography:
        from nas.organisations.reference import REGIONS, VOLUNTARY_AGENCIES

        return cls(
            regions={code: [la[0] for la in las] for code, _en, _cy, _lead, las in REGIONS},
            leads={code: lead for code, _en, _cy, lead, _las in REGIONS},
            agencies=[code for code, _en, _cy in VOLUNTARY_AGENCIES],
        )

    def region_of(self, authority: str) -> str:
        for region, authorities in self.regions.items():
            if authority in authorities:
                return region
        return ""


# --- Helpers ---------------------------------------------------------------------


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Any:
    total = sum(w for _, w in pairs)
    pick = rng.random() * total
    for value, weight in pairs:
        pick -= weight
        if pick < 0:
            return value
    return pairs[-1][0]


def _interval(rng: random.Random, per_day: float) -> float:
    """Days to the next arrival. Erlang rather than exponential: arrivals as
    regular as a service's intake, so a year's count varies a third as much as
    a Poisson count would (a modelling choice; the published yearly figures
    move by about a tenth from year to year)."""
    return rng.gammavariate(ARRIVAL_REGULARITY, 1 / (ARRIVAL_REGULARITY * per_day))


def _lognormal(rng: random.Random, median_spread: tuple[float, float]) -> int:
    median, spread = median_spread
    return max(1, round(rng.lognormvariate(math.log(median), spread)))


def _years_before(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year - years)
    except ValueError:  # 29 February
        return start.replace(year=start.year - years, day=28)


class _Pool:
    """Approved households waiting for a child, as columns, so one child's
    search over thousands of households is a few vector operations. Entries
    are appended in the order households start waiting (so the first match
    is the household that has waited longest) and never removed: a household
    that stops waiting is marked so, and one that waits again is appended anew."""

    COLUMNS = (
        "household",
        "owner",
        "residence",
        "age_min",
        "age_max",
        "max_children",
        "disability",
        "health",
        "developmental",
        "behavioural",
        "contact",
        "waiting",
    )

    def __init__(self) -> None:
        self.size = 0
        self.capacity = 256
        self.cols = {name: np.zeros(self.capacity, dtype=np.int32) for name in self.COLUMNS}
        self.entry_of: dict[int, int] = {}  # household -> its current entry

    def add(self, household: int, values: dict[str, int]) -> None:
        if self.size == self.capacity:
            self.capacity *= 2
            for name, column in self.cols.items():
                grown = np.zeros(self.capacity, dtype=np.int32)
                grown[: self.size] = column[: self.size]
                self.cols[name] = grown
        for name, value in values.items():
            self.cols[name][self.size] = value
        self.cols["household"][self.size] = household
        self.cols["waiting"][self.size] = 1
        self.entry_of[household] = self.size
        self.size += 1

    def stop(self, household: int) -> None:
        entry = self.entry_of.pop(household, None)
        if entry is not None:
            self.cols["waiting"][entry] = 0

    def is_waiting(self, household: int) -> bool:
        return household in self.entry_of

    def first_match(self, lo: int, need: dict[str, int], owner: int | None, avoid: int) -> int | None:
        """The longest-waiting household from entry `lo` on that can take the unit."""
        hi = self.size
        if lo >= hi:
            return None
        c = {name: column[lo:hi] for name, column in self.cols.items()}
        mask = (
            (c["waiting"] == 1)
            & (c["age_max"] >= need["age_max"])
            & (c["age_min"] <= need["age_min"])
            & (c["max_children"] >= need["children"])
            & (c["disability"] >= need["disability"])
            & (c["health"] >= need["health"])
            & (c["developmental"] >= need["developmental"])
            & (c["behavioural"] >= need["behavioural"])
        )
        if need["contact"]:
            mask &= (c["contact"] & need["contact"]) != 0
        if owner is not None:
            mask &= c["owner"] == owner
        if avoid >= 0:
            mask &= c["residence"] != avoid
        hits = np.flatnonzero(mask)
        if not hits.size:
            return None
        # The household whose range fits most closely, so families open to
        # brothers and sisters or older children are kept for them; of those
        # alike, the one that has waited longest.
        fit = c["max_children"][hits] * 1000 + c["age_max"][hits] * 10 + c["disability"][hits]
        return int(c["household"][hits[int(np.argmin(fit))]])


@dataclass(slots=True)
class _Unit:
    """Children searched for together: a sibling group to be placed together, or one child."""

    children: list[int]
    authority: str
    region: str
    authority_to_place: int
    give_up: int
    needs_change: int | None
    seen_own: int = 0
    seen_all: int = 0


# --- The simulation --------------------------------------------------------------


class Simulation:
    def __init__(
        self,
        *,
        seed: int,
        scale: float,
        years: int,
        until: date,
        geography: Geography | None = None,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> None:
        self.seed, self.scale, self.years = seed, scale, years
        self.geo = geography or Geography.from_reference()
        self.until = until.toordinal()
        self.start = _years_before(until, years).toordinal()
        self.care_from = _years_before(until, years + 18).toordinal()
        self.adoption_from = _years_before(until, years + 6).toordinal()
        self.progress = progress or (lambda stage, done, total: None)
        weights = {code: n for code, n, _white in cal.AUTHORITIES}
        self.authorities = [la for las in self.geo.regions.values() for la in las if la in weights]
        self.weight = {la: weights[la] / sum(weights.values()) for la in self.authorities}
        self.white = {code: white / n for code, n, white in cal.AUTHORITIES}
        self.region_index = {code: i for i, code in enumerate(self.geo.regions)}
        self.owners = [*self.geo.regions, *self.geo.agencies]
        self.owner_index = {code: i for i, code in enumerate(self.owners)}
        self.authority_index = {code: i for i, code in enumerate(self.authorities)}
        self.children: list[ChildPlan] = []
        self.groups: list[GroupPlan] = []
        self.households: list[HouseholdPlan] = []
        self.enquiries: list[EnquiryPlan] = []
        self.support: list[SupportPlan] = []
        self.pool = _Pool()
        self.events: list[tuple[int, int, str, Any]] = []
        self._event_seq = 0

    def rng(self, stream: str) -> random.Random:
        return random.Random(f"{self.seed}:{stream}")

    # -- Public ---------------------------------------------------------------

    def run(self) -> Plan:
        self.progress("simulating", 0, 4)
        self._children_entering_care()
        self.progress("simulating", 1, 4)
        self._households_opening()
        self.progress("simulating", 2, 4)
        self._run_events()
        self.progress("simulating", 3, 4)
        self._support_requests()
        self._enquiries_going_nowhere()
        self._keep_what_touches_the_history()
        self.progress("simulating", 4, 4)
        return Plan(
            self.start, self.until, self.children, self.groups, self.households, self.enquiries, self.support
        )

    # -- Events ---------------------------------------------------------------

    def _push(self, day: int, kind: str, payload: Any) -> None:
        self._event_seq += 1
        heapq.heappush(self.events, (day, self._event_seq, kind, payload))

    def _run_events(self) -> None:
        handlers: dict[str, Callable[[int, Any], None]] = {
            "search": self._search,
            "household_waits": self._household_waits,
            "household_gives_up": self._household_gives_up,
        }
        while self.events:
            day, _seq, kind, payload = heapq.heappop(self.events)
            if day > self.until:
                break
            handlers[kind](day, payload)

    # -- Children ---------------------------------------------------------------

    def _children_entering_care(self) -> None:
        rng = self.rng("children")
        mean_family = sum(n * w for n, w in cal.FAMILY_SIZES) / sum(w for _, w in cal.FAMILY_SIZES)
        arrivals: list[tuple[int, int, str]] = []
        for la in self.authorities:
            per_day_today = cal.ENTRIES_PER_YEAR * self.scale * self.weight[la] / mean_family / YEAR
            t = float(self.care_from)
            while True:
                years_ago = (self.until - t) / YEAR
                rate = per_day_today * (1 - cal.ENTRIES_GROWTH) ** years_ago
                t += _interval(rng, rate)
                if t > self.until:
                    break
                arrivals.append((int(t), self.authority_index[la], la))
        arrivals.sort()
        for n, (day, _index, la) in enumerate(arrivals):
            self._family_enters_care(rng, day, la)
            if n % 2000 == 0:
                self.progress("children entering care", n, len(arrivals))

    def _language(self, rng: random.Random, la: str) -> str:
        welsh = cal.WELSH_SPEAKING.get(la, cal.WELSH_SPEAKING_ELSEWHERE)
        pick = rng.random()
        if pick < welsh * 0.55:
            return "welsh"
        if pick < welsh:
            return "bilingual"
        return "other" if pick > 0.985 else "english"

    def _ethnicity(self, rng: random.Random, la: str) -> str:
        if rng.random() < self.white.get(la, 0.95):
            return str(_weighted(rng, cal.WHITE_CODES))
        codes = _weighted(rng, [(group, n) for n, group in cal.NON_WHITE_GROUPS])
        return str(rng.choice(codes))

    def _family_enters_care(self, rng: random.Random, day: int, la: str) -> None:
        size = int(_weighted(rng, cal.FAMILY_SIZES))
        low, high = _weighted(rng, [((lo, hi), w) for lo, hi, w in cal.ENTRY_AGES])
        ages = [rng.randint(low, high - 1)]
        for _ in range(size - 1):
            older = ages[-1] + (0 if rng.random() < 0.04 else rng.randint(330, 1200))
            if older >= 18 * 365 - 30:
                break
            ages.append(older)
        last = names.last_name(rng)
        ethnicity = self._ethnicity(rng, la)
        language = self._language(rng, la)
        family: list[ChildPlan] = []
        for age in ages:
            sex = "1" if rng.random() < 0.52 else "2"
            child = ChildPlan(
                authority=la,
                born=day - age,
                entered=day,
                sex=sex,
                first_names=names.first_name(rng, sex),
                last_name=last,
                ethnicity=ethnicity,
                language=language,
                legal_status=_weighted(rng, (("C2", 62), ("C1", 18), ("V2", 16), ("L2", 4))),
            )
            child.milestones.append((day, "entered_care", {}))
            self._needs(rng, child, age)
            family.append(child)
        young = [c.entered - c.born < cal.ADOPTION_AGE_LIMIT for c in family]
        chance = next((p for limit, p in cal.ADOPTION_PLAN_CHANCE if ages[0] < limit), 0.0)
        if sum(young) >= 3:
            chance *= cal.LARGE_GROUP_PLAN_FACTOR
        adoption = day >= self.adoption_from and rng.random() < chance
        planned: list[int] = []
        for child, is_young in zip(family, young, strict=True):
            if adoption and is_young:
                self.children.append(child)
                planned.append(len(self.children) - 1)
                continue
            self._leaves_care(rng, child)
            # Children who left care before the history begins are of no use to it.
            if child.left_care is not None and child.left_care < self.start:
                continue
            self.children.append(child)
        if planned:
            self._adoption_plan(rng, planned)

    def _needs(self, rng: random.Random, child: ChildPlan, age: int) -> None:
        older = min(age / (6 * 365), 1.0)
        for name in ("health", "developmental", "behavioural"):
            weights = (
                ("none", 42 - 20 * older),
                ("low", 34),
                ("medium", 19 + 10 * older),
                ("high", 4 + 6 * older),
            )
            setattr(child, name, _weighted(rng, weights))
        child.disability = rng.random() < 0.07 + 0.03 * older

    def _leaves_care(self, rng: random.Random, child: ChildPlan, after: int | None = None) -> None:
        """A child whose plan is not (or no longer) adoption leaves care some day, or turns 18."""
        since = after if after is not None else child.entered
        eighteen = _years_before(date.fromordinal(child.born), -18).toordinal()
        age_years = (since - child.born) / YEAR
        stay_weight = next(w for lo, w in reversed(cal.STAY_UNTIL_18) if age_years >= lo)
        routes = [
            (name, stay_weight if name == "18" else weight)
            for name, weight, _median, _spread in cal.LEAVING_CARE
        ]
        if after is not None:
            routes = [("plan_changed", 60), ("18", stay_weight)]
        route = _weighted(rng, routes)
        if route == "18":
            left = eighteen
        elif route == "plan_changed":
            left = since + _lognormal(rng, (300, 0.5))
        else:
            median, spread = next((m, s) for n, _w, m, s in cal.LEAVING_CARE if n == route)
            left = since + _lognormal(rng, (median * 30.4, spread))
            if left >= eighteen:
                left, route = eighteen, "18"
        child.left_care = left
        child.leaving_reason = cal.LEAVING_CARE_LABELS[route]

    # -- The adoption journey -----------------------------------------------------

    def _milestone(
        self, indices: list[int], day: int, kind: str, detail: dict[str, Any] | None = None
    ) -> None:
        for i in indices:
            self.children[i].milestones.append((day, kind, dict(detail or {})))

    def _adoption_plan(self, rng: random.Random, family: list[int]) -> None:
        first = self.children[family[0]]
        la, region = first.authority, self.geo.region_of(first.authority)
        youngest_age = first.entered - first.born
        if len(family) > 1:
            self.groups.append(
                GroupPlan(
                    authority=la,
                    name=f"The {first.last_name} children",
                    placed_together=rng.random() >= cal.SIBLINGS_PLACED_APART.get(len(family), 0.8),
                )
            )
            for i in family:
                self.children[i].group = len(self.groups) - 1
        together = len(family) == 1 or self.groups[-1].placed_together
        contact = _weighted(rng, (("letterbox", 82), ("none", 6), ("direct_birth_family", 4)))
        for i in family:
            self.children[i].contact_plan = contact if together else "direct_siblings"
        day = first.entered + _lognormal(rng, cal.TO_PERMANENCE_PLAN)
        self._milestone(family, day, "permanence_plan")
        day += _lognormal(rng, cal.TO_CHILDS_REPORT)
        if rng.random() < cal.NEEDS_CHANGE / 2:
            self._plan_changes(rng, family, day, "RD1")
            return
        self._milestone(family, day, "childs_adoption_report")
        day += _lognormal(rng, cal.TO_SHOULD_BE_PLACED)
        should_be_placed = day
        self._milestone(family, day, "should_be_placed")
        support = day + _lognormal(rng, cal.TO_SUPPORT_NEEDS)
        consent = len(family) == 1 and youngest_age < 90 and rng.random() < cal.CONSENT_SHARE * 4
        day += _lognormal(rng, cal.TO_CONSENT if consent else cal.TO_PLACEMENT_ORDER)
        if not consent and rng.random() < cal.COURT_REFUSES:
            if support < day and rng.random() < 0.8:
                self._milestone(family, support, "support_needs_assessed")
            self._plan_changes(rng, family, day, "RD2")
            return
        self._milestone(
            family, day, "authority_to_place", {"basis": "consent" if consent else "placement_order"}
        )
        for i in family:
            self.children[i].legal_status = "V2" if consent else "E1"
        authority_to_place = day
        if rng.random() < 0.85:
            self._milestone(family, max(support, should_be_placed), "support_needs_assessed")
        self._milestone(family, day + _lognormal(rng, cal.TO_REGION_REFERRAL), "referred_to_region")
        for i in family:
            self.children[i].avoid_own_authority = rng.random() < 0.3
        # Foster carers who adopt: early permanence for babies, long-standing carers for others.
        fc_pick = rng.random()
        if together and youngest_age < 365 and fc_pick < cal.EARLY_PERMANENCE_SHARE * 2.2:
            route = "foster_for_adoption" if rng.random() < 0.85 else "concurrent_planning"
            for i in family:
                self.children[i].early_permanence = route
            self._foster_carers_adopt(rng, family, authority_to_place, early=True)
            return
        if together and youngest_age >= 365 and fc_pick < cal.FOSTER_CARERS_ADOPT * 1.6:
            self._foster_carers_adopt(rng, family, authority_to_place, early=False)
            return
        # Brothers and sisters placed apart are placed in pairs where they can be.
        units = [family] if together else [family[n : n + 2] for n in range(0, len(family), 2)]
        for members in units:
            unit = _Unit(
                children=members,
                authority=la,
                region=region,
                authority_to_place=authority_to_place,
                give_up=authority_to_place + _lognormal(rng, cal.GIVE_UP_AFTER),
                needs_change=authority_to_place + rng.randint(30, 500)
                if rng.random() < cal.NEEDS_CHANGE
                else None,
            )
            self._push(authority_to_place + _lognormal(rng, cal.FAMILY_FINDING_START), "search", unit)

    def _plan_changes(self, rng: random.Random, indices: list[int], day: int, reason: str) -> None:
        self._milestone(indices, day, "plan_changed", {"reason": reason, "note": ""})
        for i in indices:
            self._leaves_care(rng, self.children[i], after=day)

    def _register_referral(self, rng: random.Random, unit: _Unit, linked: int | None) -> None:
        """Referral to the national register: within a month of authority to
        place since 1 April 2020 (reg. 19A), unless linked first; before that,
        when the region had not found a family in about two months (a
        modelling choice: before the duty, referral was the regions' practice)."""
        atp = unit.authority_to_place
        if atp >= REGISTER_DUTY_FROM:
            day = atp + _lognormal(rng, cal.TO_REGISTER_REFERRAL)
        else:
            day = atp + 45 + _lognormal(rng, (20, 0.5))
        if linked is None or day < linked:
            self._milestone(unit.children, day, "referred_to_register")

    def _need(self, unit: _Unit, day: int) -> dict[str, int]:
        members = [self.children[i] for i in unit.children]
        ages = [int((day - c.born) / YEAR) for c in members]
        plan = members[0].contact_plan
        return {
            "age_max": max(ages),
            "age_min": min(ages),
            "children": len(members),
            "disability": int(any(c.disability for c in members)),
            "health": max(LEVELS[c.health] for c in members),
            "developmental": max(LEVELS[c.developmental] for c in members),
            "behavioural": max(LEVELS[c.behavioural] for c in members),
            "contact": CONTACT_BITS[plan],
        }

    def _search(self, day: int, unit: _Unit) -> None:
        rng = self.rng(f"search:{unit.children[0]}:{day}")
        if unit.needs_change is not None and day >= unit.needs_change:
            self._register_referral(rng, unit, None)
            self._plan_changes(rng, unit.children, unit.needs_change, "RD1")
            return
        if day >= unit.give_up:
            self._register_referral(rng, unit, None)
            self._plan_changes(rng, unit.children, unit.give_up, "RD3")
            return
        need = self._need(unit, day)
        avoid = (
            self.authority_index[unit.authority]
            if self.children[unit.children[0]].avoid_own_authority
            else -1
        )
        found: int | None
        if day - unit.authority_to_place < cal.OWN_REGION_FIRST:
            found = self.pool.first_match(unit.seen_own, need, self.owner_index[unit.region], avoid)
            unit.seen_own = self.pool.size
        else:
            found = self.pool.first_match(unit.seen_all, need, None, avoid)
            unit.seen_all = self.pool.size
        if found is None:
            self._push(day + cal.RETRY_EVERY, "search", unit)
            return
        self._register_referral(rng, unit, day)
        self._link(rng, unit, found, day)

    def _link(self, rng: random.Random, unit: _Unit, household: int, day: int) -> None:
        """Linked, matching panel, decision, introductions, placement, and the
        adoption order or a disruption."""
        self.pool.stop(household)
        hh = self.households[household]
        members = unit.children
        self._milestone(members, day, "linked", {"household": household})
        hh.milestones.append((day, "linked", {}))
        youngest = min(day - self.children[i].born for i in members)
        panel = day + _lognormal(rng, cal.TO_MATCHING_PANEL)
        decision = panel + _lognormal(rng, cal.TO_MATCH_DECISION)
        introductions = decision + _lognormal(rng, cal.TO_INTRODUCTIONS)
        placed = introductions + _lognormal(
            rng, (cal.INTRODUCTIONS_LAST[0] * (0.7 if youngest < 365 else 1.4), cal.INTRODUCTIONS_LAST[1])
        )
        self._milestone(members, panel, "matching_panel")
        self._milestone(members, decision, "match_decision", {"household": household})
        hh.milestones.append((decision, "matched", {}))
        self._milestone(members, introductions, "introductions")
        if rng.random() < cal.INTRODUCTIONS_END:
            ended = introductions + rng.randint(2, 10)
            self._milestone(members, ended, "disrupted", {"reason": _disruption_reason(rng), "note": ""})
            hh.milestones.append((ended, "link_ended", {"note": ""}))
            again = ended + rng.randint(30, 120)
            self._push(again, "household_waits", household)
            self._push(again + _lognormal(rng, cal.PATIENCE), "household_gives_up", household)
            unit.needs_change = None
            unit.give_up = max(unit.give_up, ended + 180)
            self._push(ended + rng.randint(30, 90), "search", unit)
            return
        self._place(rng, unit, household, placed, with_foster_carers=False)

    def _place(
        self, rng: random.Random, unit: _Unit | None, household: int, placed: int, *, with_foster_carers: bool
    ) -> None:
        members = unit.children if unit is not None else []
        hh = self.households[household]
        hh.milestones.append((placed, "placed", {}))
        hh.approval_ends = placed
        hh.children[placed] = list(members)
        adopters = _adopters_sex(rng, hh)
        for i in members:
            child = self.children[i]
            child.milestones.append((placed, "placed", {}))
            child.placements[placed] = Placement(household, len(members), with_foster_carers)
            child.with_foster_carers = with_foster_carers
            child.adopters_sex = adopters
        if rng.random() < cal.PLACEMENT_DISRUPTS:
            ended = placed + rng.randint(30, 240)
            self._milestone(members, ended, "disrupted", {"reason": _disruption_reason(rng), "note": ""})
            if unit is not None and rng.random() < 0.6:
                unit.authority_to_place = ended  # the search starts again, in the own region first
                unit.seen_own = unit.seen_all = 0
                unit.give_up = ended + _lognormal(rng, cal.GIVE_UP_AFTER)
                unit.needs_change = None
                self._push(ended + rng.randint(45, 120), "search", unit)
            else:
                self._plan_changes(rng, members, ended + rng.randint(20, 90), "RD4")
            return
        order = placed + max(75, _lognormal(rng, cal.TO_ADOPTION_ORDER))
        self._milestone(members, order, "adoption_order")
        for i in members:
            self.children[i].left_care = order
            self.children[i].leaving_reason = ""

    def _foster_carers_adopt(self, rng: random.Random, family: list[int], atp: int, *, early: bool) -> None:
        """The child's foster carers adopt: a household of the child's region,
        approved for this child (early permanence carers were dual-approved
        before the baby came to them), linked soon after authority to place."""
        first = self.children[family[0]]
        region = self.geo.region_of(first.authority)
        approved = first.entered - rng.randint(20, 200) if early else atp + rng.randint(60, 200)
        opened = approved - _lognormal(rng, (260, 0.25))
        household = self._new_household(
            rng,
            owner=region,
            residence=first.authority,
            opened=opened,
            kind="early_permanence" if early else "domestic",
            web_enquiry=False,
        )
        hh = self.households[household]
        approval_range = {
            "age_min": 0,
            "age_max": max(2, int((atp - first.born) / YEAR) + 2),
            "max_children": max(2, len(family)),
            "sibling_group": True,
            "health_needs": "high",
            "developmental_needs": "high",
            "behavioural_needs": "high",
            "disability": any(self.children[i].disability for i in family),
            "contact": ["letterbox", "direct_siblings", "direct_birth_family"],
        }
        self._assessment(rng, household, approved_on=approved, approval_range=approval_range)
        link = max(atp, hh.approved or approved) + _lognormal(rng, (21, 0.4))
        hh.milestones.append((link, "linked", {}))
        self._milestone(family, link, "linked", {"household": household})
        unit = _Unit(
            children=family,
            authority=first.authority,
            region=region,
            authority_to_place=atp,
            give_up=0,
            needs_change=None,
        )
        self._register_referral(rng, unit, link)
        panel = link + _lognormal(rng, (35, 0.3))
        decision = panel + _lognormal(rng, cal.TO_MATCH_DECISION)
        self._milestone(family, panel, "matching_panel")
        self._milestone(family, decision, "match_decision", {"household": household})
        hh.milestones.append((decision, "matched", {}))
        placed = decision + _lognormal(rng, (7, 0.3))
        self._place(rng, unit, household, placed, with_foster_carers=True)

    # -- Households ---------------------------------------------------------------------

    def _owner_weights(self) -> list[tuple[str, float]]:
        region_weight = {
            region: sum(self.weight.get(la, 0) for la in las) for region, las in self.geo.regions.items()
        }
        pairs = [(region, w * (1 - cal.AGENCY_SHARE)) for region, w in region_weight.items()]
        for agency in self.geo.agencies:
            pairs.append((agency, cal.AGENCY_SHARE / max(1, len(self.geo.agencies))))
        return pairs

    def _residence(self, rng: random.Random, owner: str) -> str:
        if owner in self.geo.regions:
            las = self.geo.regions[owner]
        else:
            if rng.random() < cal.OUTSIDE_WALES_SHARE_OF_AGENCY:
                return ""
            las = self.authorities
        return str(_weighted(rng, [(la, self.weight[la]) for la in las]))

    def _households_opening(self) -> None:
        rng = self.rng("households")
        per_day = cal.HOUSEHOLDS_PER_YEAR * self.scale / YEAR
        owners = self._owner_weights()
        t = float(_years_before(date.fromordinal(self.adoption_from), 1).toordinal())
        n = 0
        while True:
            t += _interval(rng, per_day)
            if t > self.until:
                break
            owner = str(_weighted(rng, owners))
            kind = _weighted(rng, (("domestic", 93), ("early_permanence", 5), ("inter_country", 2)))
            household = self._new_household(
                rng,
                owner=owner,
                residence=self._residence(rng, owner),
                opened=int(t),
                kind=kind,
                web_enquiry=rng.random() < 0.6,
            )
            self._assessment(rng, household)
            n += 1
            if n % 500 == 0:
                self.progress("households", n, 0)

    def _new_household(
        self, rng: random.Random, *, owner: str, residence: str, opened: int, kind: str, web_enquiry: bool
    ) -> int:
        last = names.last_name(rng)
        applicants: list[tuple[str, str, int]] = []
        for _ in range(1 if rng.random() < 0.14 else 2):
            sex = "1" if rng.random() < 0.5 else "2"
            same_name = not applicants or rng.random() < 0.7
            applicants.append(
                (
                    names.first_name(rng, sex),
                    last if same_name else names.last_name(rng),
                    opened - rng.randint(26 * 365, 50 * 365),
                )
            )
        language = self._language(rng, residence) if residence else "english"
        self.households.append(
            HouseholdPlan(
                owner=owner,
                residence=residence,
                kind=kind,
                language="english" if language == "other" else language,
                opened=opened,
                applicants=applicants,
                web_enquiry=web_enquiry,
            )
        )
        index = len(self.households) - 1
        self.households[index].milestones.append((opened, "enquiry", {}))
        if web_enquiry:
            self.enquiries.append(
                EnquiryPlan(
                    owner=owner,
                    residence=residence,
                    received=opened,
                    first_names=applicants[0][0],
                    last_name=applicants[0][1],
                    kind=kind,
                    language="cy" if language == "welsh" else "en",
                    status="opened",
                    household=index,
                )
            )
        return index

    def _approval_range(self, rng: random.Random, kind: str) -> dict[str, Any]:
        age_max = int(_weighted(rng, cal.AGE_MAX))
        max_children = int(_weighted(rng, cal.MAX_CHILDREN))
        if kind == "early_permanence":
            age_max, max_children = min(age_max, 2), max_children
        level = lambda: str(_weighted(rng, cal.NEED_LEVELS))  # noqa: E731
        contact = ["letterbox"]
        if rng.random() < 0.5:
            contact.append("direct_siblings")
        if rng.random() < 0.12:
            contact.append("direct_birth_family")
        return {
            "age_min": 1 if age_max >= 4 and rng.random() < 0.15 else 0,
            "age_max": age_max,
            "max_children": max_children,
            "sibling_group": max_children >= 2,
            "health_needs": level(),
            "developmental_needs": level(),
            "behavioural_needs": level(),
            "disability": rng.random() < cal.DISABILITY_OPEN,
            "contact": contact,
        }

    def _withdraw(self, hh: HouseholdPlan, day: int, rng: random.Random) -> None:
        reason = _weighted(
            rng,
            (
                ("change_of_circumstances", 25),
                ("health", 10),
                ("relationship", 8),
                ("birth_child", 10),
                ("work_or_money", 12),
                ("other_agency", 5),
                ("not_ready", 25),
                ("other", 5),
            ),
        )
        hh.milestones.append((day, "withdrawn", {"reason": reason, "note": ""}))

    def _assessment(
        self,
        rng: random.Random,
        household: int,
        *,
        approved_on: int | None = None,
        approval_range: dict[str, Any] | None = None,
    ) -> None:
        """From the enquiry to approval, with withdrawals and decisions not to
        go on; an approved household starts waiting for a child. With
        `approved_on` (foster carers adopting), the steps are fitted to end then."""
        hh = self.households[household]
        fast = approved_on is not None
        m = hh.milestones
        day = hh.opened
        # The usual steps take about 280 days; foster carers' are spread to end on their approval.
        stretch = max(1.0, (approved_on - hh.opened) / 280) if approved_on is not None else 1.0

        def later(median: float, spread: float = 0.4) -> int:
            return max(1, round(_lognormal(rng, (median * stretch, spread))))

        if rng.random() < 0.65:
            day += later(21)
            m.append((day, "information_event", {}))
        if not fast and rng.random() < 0.12:
            self._withdraw(hh, day + later(30), rng)
            return
        day += later(18)
        m.append((day, "roi_received", {}))
        if not fast and rng.random() < 0.08:
            reason = _weighted(rng, (("capacity", 30), ("circumstances", 40), ("health", 10), ("other", 20)))
            m.append((day + later(10), "roi_declined", {"reason": reason, "note": ""}))
            return
        day += later(10)
        m.append((day, "roi_accepted", {}))
        stage_one = day
        checks = {
            "dbs_check": stage_one + later(30),
            "local_authority_check": stage_one + later(22),
            "medical": stage_one + later(35),
            "references": stage_one + later(38),
        }
        training_in_stage_two = rng.random() < 0.2
        if not training_in_stage_two:
            checks["preparation_training"] = stage_one + later(42)
        if not fast and rng.random() < 0.10:
            withdrawn = stage_one + rng.randint(14, 70)
            for kind, when in sorted(checks.items(), key=lambda kv: kv[1]):
                if when < withdrawn:
                    m.append((when, kind, {}))
            self._withdraw(hh, withdrawn, rng)
            return
        for kind, when in sorted(checks.items(), key=lambda kv: kv[1]):
            m.append((when, kind, {}))
        day = max(checks.values()) + later(6)
        if not fast and rng.random() < 0.04:
            m.append((day, "stage_one_not_suitable", {"reason": "checks", "note": ""}))
            return
        m.append((day, "stage_one_completed", {}))
        day += later(18, 0.7)
        if not fast and rng.random() < 0.05:
            self._withdraw(hh, day, rng)
            return
        m.append((day, "stage_two_started", {}))
        stage_two = day
        if training_in_stage_two:
            m.append((stage_two + later(30), "preparation_training", {}))
        if not fast and rng.random() < 0.08:
            self._withdraw(hh, stage_two + rng.randint(20, 100), rng)
            return
        day = stage_two + later(105, 0.3)
        if training_in_stage_two:
            day = max(day, m[-1][0] + 1)
        hh.approval_range = approval_range or self._approval_range(rng, hh.kind)
        m.append((day, "par_completed", {}))
        day += later(24)
        m.append((day, "panel_recommendation", {"recommendation": "recommended"}))
        day += later(9, 0.3)
        m.append((day, "panel_minutes_final", {}))
        day += later(7, 0.3)
        if not fast and rng.random() < 0.03:
            m.append((day, "qualifying_determination", {}))
            if rng.random() < 0.5:
                m.append((day + later(25), "review_requested", {"reason": "irm", "note": ""}))
            day += later(60)
            if rng.random() < 0.6:
                m.append((day, "not_approved", {}))
                return
        if approved_on is not None:
            day = max(day, approved_on)
        m.append((day, "approved", {}))
        hh.approved = day
        if hh.kind == "inter_country":
            ends = day + _lognormal(rng, (500, 0.4))
            hh.milestones.append((ends, "deregistered", {"reason": "adopted_other_route", "note": ""}))
            hh.approval_ends = ends
            return
        if fast:
            return
        # It waits for a child from its referral to the register (so no link comes first).
        referred = day + later(12, 0.5)
        hh.milestones.append((referred, "referred_to_register", {}))
        self._push(referred, "household_waits", household)
        self._push(referred + _lognormal(rng, cal.PATIENCE), "household_gives_up", household)

    def _household_waits(self, day: int, household: int) -> None:
        hh = self.households[household]
        r = hh.approval_range or {}
        self.pool.add(
            household,
            {
                "owner": self.owner_index[hh.owner],
                "residence": self.authority_index.get(hh.residence, -1),
                "age_min": r["age_min"],
                "age_max": r["age_max"],
                "max_children": r["max_children"],
                "disability": int(r["disability"]),
                "health": LEVELS[r["health_needs"]],
                "developmental": LEVELS[r["developmental_needs"]],
                "behavioural": LEVELS[r["behavioural_needs"]],
                "contact": sum(CONTACT_BITS[c] for c in r["contact"]),
            },
        )

    def _household_gives_up(self, day: int, household: int) -> None:
        if not self.pool.is_waiting(household):
            return
        self.pool.stop(household)
        hh = self.households[household]
        rng = self.rng(f"gives-up:{household}")
        if rng.random() < 0.55:
            reason = _weighted(
                rng, (("adopters_request", 50), ("change_of_circumstances", 35), ("adopted_other_route", 15))
            )
            hh.milestones.append((day, "deregistered", {"reason": reason, "note": ""}))
        else:
            self._withdraw(hh, day, rng)
        hh.approval_ends = day

    # -- Adoption support ---------------------------------------------------------------

    def _support_requests(self) -> None:
        rng = self.rng("support")
        first = self.start - 2 * 365
        for index, child in enumerate(self.children):
            adopted = next((d for d, kind, _ in child.milestones if kind == "adoption_order"), None)
            placement = next(iter(child.placements.values()), None)
            region = self.geo.region_of(child.authority)
            if adopted is not None and placement is not None and rng.random() < 0.3:
                hh_index = placement.household
                hh = self.households[hh_index]
                requested = adopted + _lognormal(rng, (700, 0.8))
                if first <= requested <= self.until:
                    owner_region = hh.owner if hh.owner in self.geo.regions else region
                    if rng.random() < 0.6:
                        first_names, last, born = hh.applicants[0]
                        self._support_case(
                            rng,
                            owner_region,
                            "adoptive_parent",
                            first_names,
                            last,
                            born,
                            None,
                            None,
                            hh_index,
                            requested,
                        )
                    else:
                        self._support_case(
                            rng,
                            owner_region,
                            "child",
                            child.first_names,
                            hh.applicants[0][1],
                            child.born,
                            adopted,
                            index,
                            None,
                            requested,
                        )
            if placement is not None and rng.random() < 0.12:
                requested = min(child.placements) + _lognormal(rng, (90, 0.6))
                if first <= requested <= self.until:
                    sex = "2" if rng.random() < 0.8 else "1"
                    self._support_case(
                        rng,
                        region,
                        "birth_parent",
                        names.first_name(rng, sex),
                        child.last_name,
                        child.born - rng.randint(17 * 365, 40 * 365),
                        None,
                        None,
                        None,
                        requested,
                    )
        # Adopted adults and families from adoptions older than the simulation.
        per_day = 110 * self.scale / YEAR
        regions = [(r, sum(self.weight.get(la, 0) for la in las)) for r, las in self.geo.regions.items()]
        t = float(first)
        while True:
            t += rng.expovariate(per_day)
            if t > self.until:
                break
            born = int(t) - rng.randint(18 * 365, 60 * 365)
            sex = "2" if rng.random() < 0.55 else "1"
            self._support_case(
                rng,
                str(_weighted(rng, regions)),
                "adopted_adult",
                names.first_name(rng, sex),
                names.last_name(rng),
                born,
                born + rng.randint(100, 2000),
                None,
                None,
                int(t),
            )

    def _support_case(
        self,
        rng: random.Random,
        region: str,
        kind: str,
        first_names: str,
        last_name: str,
        born: int | None,
        adoption_date: int | None,
        child: int | None,
        household: int | None,
        requested: int,
    ) -> None:
        case = SupportPlan(
            region=region,
            person_kind=kind,
            first_names=first_names,
            last_name=last_name,
            born=born,
            adoption_date=adoption_date,
            child=child,
            household=household,
            requested=requested,
            summary=_weighted(rng, SUPPORT_REQUESTS[kind]),
        )
        self.support.append(case)
        u = self.until
        if rng.random() < 0.08:
            closed = requested + rng.randint(10, 60)
            if closed <= u:
                case.closed, case.outcome = closed, "declined"
            return
        assessed = requested + _lognormal(rng, (48, 0.35))
        if assessed > u:
            return
        case.assessed = assessed
        case.notice = assessed + rng.randint(0, 5)
        case.representations_by = case.notice + 28
        if case.notice > u:
            case.notice = case.representations_by = None
            return
        if rng.random() < 0.45:
            on = case.notice + rng.randint(3, 20)
            if on <= u:
                case.representations_on = on
        decided = (case.representations_on or case.representations_by) + rng.randint(1, 12)
        if decided > u:
            return
        case.decided = decided
        case.decision = "provide" if rng.random() < 0.8 else "not_provide"
        if case.decision == "not_provide":
            closed = decided + rng.randint(7, 30)
            if closed <= u:
                case.closed, case.outcome = closed, "no_services"
            return
        lasts = _lognormal(rng, (330, 0.5))
        for _ in range(1 if rng.random() < 0.6 else 2):
            kind_of_service = _weighted(rng, SERVICES)
            starts = decided + rng.randint(0, 14)
            if starts <= u:
                ends = starts + lasts if rng.random() < 0.7 else None
                case.services.append((kind_of_service, starts, ends))
        if not case.services:
            return
        plan = max(decided + rng.randint(3, 20), min(s for _, s, _ in case.services))
        if plan > u:
            return
        case.plan_agreed = plan
        closes = plan + lasts + rng.randint(0, 60)
        review = plan + rng.randint(300, 365)
        while review < min(closes, u):
            case.reviews.append(review)
            review += rng.randint(300, 365)
        if closes <= u:
            case.closed = closes
            case.outcome = _weighted(rng, (("needs_met", 75), ("moved", 8), ("declined", 10), ("other", 7)))

    # -- Enquiries that go no further ----------------------------------------------------

    def _enquiries_going_nowhere(self) -> None:
        rng = self.rng("enquiries")
        per_day = cal.ENQUIRIES_CLOSED_PER_YEAR * self.scale / YEAR
        owners = self._owner_weights()
        t = float(self.start)
        while True:
            t += rng.expovariate(per_day)
            if t > self.until:
                break
            owner = str(_weighted(rng, owners))
            sex = "2" if rng.random() < 0.6 else "1"
            residence = self._residence(rng, owner)
            self.enquiries.append(
                EnquiryPlan(
                    owner=owner,
                    residence=residence,
                    received=int(t),
                    first_names=names.first_name(rng, sex),
                    last_name=names.last_name(rng),
                    kind="domestic",
                    language="cy" if rng.random() < 0.05 else "en",
                    status="new" if self.until - t < 21 else "closed",
                )
            )

    # -- What is kept ------------------------------------------------------------------

    def _keep_what_touches_the_history(self) -> None:
        """Keep the children looked after at some time in the history, and the
        households and enquiries with something in it (or that a kept child
        was placed with); drop events after the last day, and side steps
        (a referral, say) that fell after the journey had ended."""
        from nas.adopters import journey as household_journey
        from nas.children import journey as child_journey

        start, until = self.start, self.until
        for child in self.children:
            child.milestones = _checked(
                _in_order([m for m in child.milestones if m[0] <= until], CHILD_ORDER), child_journey
            )
            child.placements = {d: p for d, p in child.placements.items() if d <= until}
            if child.left_care is not None and child.left_care > until:
                child.left_care, child.leaving_reason = None, ""
            child.keep = child.entered <= until and (child.left_care is None or child.left_care >= start)
            if child.keep:
                for placement in child.placements.values():
                    self.households[placement.household].keep = True
        for index, hh in enumerate(self.households):
            if hh.approved is not None:
                self._approval_reviews(index, hh)
            hh.milestones = _checked(
                _in_order([m for m in hh.milestones if m[0] <= until], HOUSEHOLD_ORDER), household_journey
            )
            hh.children = {d: c for d, c in hh.children.items() if d <= until}
            if hh.approved is not None and hh.approved > until:
                hh.approved = None
            if hh.opened <= until and (
                hh.milestones[-1][0] >= start or hh.milestones[-1][1] not in HOUSEHOLD_ENDS
            ):
                hh.keep = True
        self.enquiries = [
            e
            for e in self.enquiries
            if e.received <= until and (e.household is None or self.households[e.household].keep)
        ]
        self.support = [
            s for s in self.support if s.requested <= until and (s.closed is None or s.closed >= start)
        ]
        for case in self.support:
            if case.child is not None and not self.children[case.child].keep:
                case.child = None
            if case.household is not None and not self.households[case.household].keep:
                case.household = None

    def _approval_reviews(self, index: int, hh: HouseholdPlan) -> None:
        """A review of the approval every year while the household is approved
        and no child is placed (Adoption Agencies (Wales) Regulations 2005, reg. 30D)."""
        rng = self.rng(f"reviews:{index}")
        ends = min(hh.approval_ends or self.until, self.until)
        review = (hh.approved or 0) + 365
        while review < ends:
            outcome = "range_changed" if rng.random() < 0.15 else "continues"
            hh.milestones.append((review, "approval_review", {"reason": outcome, "note": ""}))
            review += rng.randint(340, 380)


def _checked(
    milestones: list[tuple[int, str, dict[str, Any]]], journey: Any
) -> list[tuple[int, str, dict[str, Any]]]:
    """The milestones the journey's state machine accepts, in order. A side
    step it would refuse (one recorded twice, or after the journey ended) is
    left out; a refused step of the main path is a fault of the simulation."""
    stage: str | None = None
    recorded: set[str] = set()
    kept = []
    for milestone in milestones:
        kind = milestone[1]
        transition = journey.TRANSITIONS[kind]
        allowed = (
            stage in transition.from_stages or (stage is None and not transition.from_stages)
        ) and not (kind in journey.ONCE_ONLY and kind in recorded)
        if not allowed:
            if transition.to_stage is None:
                continue
            raise AssertionError(f"{kind} cannot follow {stage} in {milestones}")
        kept.append(milestone)
        recorded.add(kind)
        stage = transition.to_stage or stage
    return kept


HOUSEHOLD_ENDS = frozenset(
    {"withdrawn", "deregistered", "not_approved", "roi_declined", "stage_one_not_suitable", "placed"}
)

#: Ties on one day follow the journey's order.
CHILD_ORDER = {
    kind: n
    for n, kind in enumerate(
        [
            "entered_care",
            "permanence_plan",
            "childs_adoption_report",
            "should_be_placed",
            "authority_to_place",
            "support_needs_assessed",
            "referred_to_region",
            "referred_to_register",
            "linked",
            "matching_panel",
            "match_decision",
            "introductions",
            "placed",
            "disrupted",
            "adoption_order",
            "plan_changed",
        ]
    )
}
HOUSEHOLD_ORDER = {
    kind: n
    for n, kind in enumerate(
        [
            "enquiry",
            "information_event",
            "roi_received",
            "roi_accepted",
            "roi_declined",
            "dbs_check",
            "local_authority_check",
            "medical",
            "references",
            "preparation_training",
            "stage_one_completed",
            "stage_one_not_suitable",
            "stage_two_started",
            "par_completed",
            "panel_recommendation",
            "panel_minutes_final",
            "qualifying_determination",
            "review_requested",
            "approved",
            "not_approved",
            "referred_to_register",
            "approval_review",
            "linked",
            "matched",
            "link_ended",
            "placed",
            "withdrawn",
            "deregistered",
        ]
    )
}


def _in_order(
    milestones: list[tuple[int, str, dict[str, Any]]], order: dict[str, int]
) -> list[tuple[int, str, dict[str, Any]]]:
    return sorted(milestones, key=lambda m: (m[0], order[m[1]]))


def _disruption_reason(rng: random.Random) -> str:
    return str(
        _weighted(
            rng,
            (
                ("child_needs", 35),
                ("adopter_circumstances", 20),
                ("relationship", 30),
                ("safeguarding", 5),
                ("other", 10),
            ),
        )
    )


def _adopters_sex(rng: random.Random, hh: HouseholdPlan) -> str:
    if len(hh.applicants) == 1:
        return "F1" if rng.random() < 0.85 else "M1"
    return str(_weighted(rng, (("MF", 86), ("FF", 7), ("MM", 7))))


SERVICES = (
    ("therapeutic", 35),
    ("counselling", 20),
    ("financial", 12),
    ("training", 10),
    ("support_group", 10),
    ("contact", 13),
)
SUPPORT_REQUESTS: dict[str, tuple[tuple[str, int], ...]] = {
    "adoptive_parent": (
        ("Help with the child's behaviour at home and at school", 40),
        ("Therapeutic parenting support", 30),
        ("Support with the child's contact with brothers and sisters", 15),
        ("Financial support towards the child's care", 15),
    ),
    "child": (
        ("Therapy for the child's early trauma", 50),
        ("Life story work", 30),
        ("Support in school", 20),
    ),
    "birth_parent": (
        ("Support for a birth parent after the adoption", 70),
        ("Help with letterbox contact", 30),
    ),
    "adopted_adult": (
        ("Counselling about the adoption", 60),
        ("Information about the birth family", 40),
    ),
}
