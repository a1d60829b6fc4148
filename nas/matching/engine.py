"""The matching engine: which approved families could meet a child's (or a
sibling group's) needs, and how well, each suggestion explained criterion by
criterion.

Plain Python and NumPy, no database: the pages, the API, the national
assignment, the equity report and the offline evaluation all call it with
`ChildNeeds` and a `FamilySet` built from `FamilyOffer`s (by an adapter such
as `nas.matching.adapters.family_offers_from`).

Two steps, as a family finder works:

1. Hard constraints, over every family at once (NumPy arrays built once per
   family set): the approval range (every child's age, the number of
   children, whether they take a sibling group), needs beyond what the family
   can meet, disability, the contact they can manage, and location limits
   (never in an authority the plan rules out, which can include the child's
   own and its neighbours). A family outside any of them is never suggested.
2. A weighted score for the families left, with each criterion's contribution
   in words ("meets medium developmental needs: +12"). Contributions are whole
   points and the score is their sum, so the explanation always adds up.

Identity (ethnicity, religion, culture, language) is weighed, never a hard
constraint: the Adoption and Children Act 2002, s.1(5), as it applied in
Wales, requires the agency to give due consideration to the child's
religious persuasion, racial origin and cultural and linguistic background
(s.1(5) was repealed for England only, by the Children and Families Act 2014,
s.3). Waiting time counts for both sides. Suggestions are listed in the
child's region first, then the rest of Wales (the national register), with
the inter-agency fee for a placement across regions or with an agency.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from typing import Any, NamedTuple

import numpy as np
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

# --- Vocabulary ------------------------------------------------------------

NEED_LEVELS = ("none", "low", "medium", "high")
NEED_RANK = {level: rank for rank, level in enumerate(NEED_LEVELS)}
NEED_KINDS = ("health", "developmental", "behavioural")
#: Contact from least to most demanding for a family.
CONTACT_LEVELS = ("none", "letterbox", "direct_siblings", "direct_birth_family")
CONTACT_RANK = {level: rank for rank, level in enumerate(CONTACT_LEVELS)}
#: The child's language (nas.children.codes.WelshLanguage) that a Welsh-speaking home serves.
WELSH_SPEAKING = frozenset({"welsh", "bilingual"})

NEED_LABELS = {"none": _("no"), "low": _("low"), "medium": _("medium"), "high": _("high")}
CONTACT_LABELS = {
    "none": _("no contact"),
    "letterbox": _("letterbox contact"),
    "direct_siblings": _("direct contact with siblings"),
    "direct_birth_family": _("direct contact with the birth family"),
}

#: The scored criteria, in the order explanations list them.
CRITERIA = (
    "health",
    "developmental",
    "behavioural",
    "disability",
    "age",
    "siblings",
    "contact",
    "ethnicity",
    "religion",
    "language",
    "child_waiting",
    "family_waiting",
    "region",
)
CRITERION_LABELS = {
    "health": _("Health needs"),
    "developmental": _("Developmental needs"),
    "behavioural": _("Emotional and behavioural needs"),
    "disability": _("Disability"),
    "age": _("Age within the approval range"),
    "siblings": _("Sibling group"),
    "contact": _("Contact plan"),
    "ethnicity": _("Ethnicity"),
    "religion": _("Religion"),
    "language": _("Welsh language"),
    "child_waiting": _("Child's waiting time"),
    "family_waiting": _("Family's waiting time"),
    "region": _("In the child's region"),
}
#: Points at a full match (the weights in force come from the active WeightSet).
DEFAULT_WEIGHTS: dict[str, int] = {
    "health": 18,
    "developmental": 18,
    "behavioural": 18,
    "disability": 10,
    "age": 8,
    "siblings": 12,
    "contact": 6,
    "ethnicity": 8,
    "religion": 4,
    "language": 8,
    "child_waiting": 15,
    "family_waiting": 10,
    "region": 5,
}
#: Waiting time earns its full points at this many days (a year and a half:
#: the point at which the Welsh performance framework counts a child as
#: waiting long; beyond it every extra day counts the same).
WAITING_CAP_DAYS = 548

HARD_CONSTRAINTS = ("age", "group_size", "siblings", "needs", "disability", "contact", "location")
HARD_CONSTRAINT_LABELS = {
    "age": _("A child's age is outside the family's approval range"),
    "group_size": _("More children than the family is approved for"),
    "siblings": _("The family is not approved for a sibling group"),
    "needs": _("Needs beyond what the family can meet"),
    "disability": _("The family cannot care for a disabled child"),
    "contact": _("Contact the family cannot manage"),
    "location": _("The family lives in an authority the plan rules out"),
}

# --- Inputs ----------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """One child of a sibling group, as the hard constraints see them."""

    age_years: int
    age_months: int = 0
    health: str = "none"
    developmental: str = "none"
    behavioural: str = "none"
    disability: bool = False

    @property
    def age_in_months(self) -> int:
        return self.age_years * 12 + self.age_months

    def need(self, kind: str) -> str:
        return str(getattr(self, kind))


@dataclass(frozen=True)
class ChildNeeds:
    """A child waiting for a family, or a sibling group to be placed together
    (one unit: the first child's needs here, the brothers and sisters in
    `siblings`). No name, no case reference, no place beyond the authority."""

    key: str
    age_years: int
    age_months: int = 0
    health: str = "none"
    developmental: str = "none"
    behavioural: str = "none"
    disability: bool = False
    siblings: tuple[Member, ...] = ()
    ethnicity: str = ""
    religion: str = ""
    language: str = "english"
    contact_plan: str = "letterbox"
    #: Authority codes the child must not be placed in (with the child's own
    #: and its neighbours where the plan says so: see neighbours.authorities_to_avoid).
    avoid_authorities: frozenset[str] = frozenset()
    waiting_days: int = 0
    region: str = ""
    local_authority: str = ""

    @property
    def group_size(self) -> int:
        return 1 + len(self.siblings)

    @property
    def age_in_months_first(self) -> int:
        return self.age_years * 12 + self.age_months

    @cached_property
    def members(self) -> tuple[Member, ...]:
        first = Member(
            self.age_years,
            self.age_months,
            self.health,
            self.developmental,
            self.behavioural,
            self.disability,
        )
        return (first, *self.siblings)

    @cached_property
    def _need_ranks(self) -> dict[str, int]:
        return {kind: max(NEED_RANK[m.need(kind)] for m in self.members) for kind in NEED_KINDS}

    def need_rank(self, kind: str) -> int:
        """The highest level of this need across the group."""
        return self._need_ranks[kind]

    @cached_property
    def any_disability(self) -> bool:
        return any(m.disability for m in self.members)


@dataclass(frozen=True)
class FamilyOffer:
    """An approved household as family finding sees it: the approval range
    and what they can offer. No names or address beyond the authority."""

    key: str
    min_age_years: int
    max_age_years: int
    max_children: int = 1
    takes_sibling_groups: bool = False
    max_health: str = "low"
    max_developmental: str = "low"
    max_behavioural: str = "low"
    disability: bool = False
    contact: str = "letterbox"
    welsh_speaking: bool = False
    ethnicities: frozenset[str] = frozenset()
    religion: str = ""
    local_authority: str = ""
    region: str = ""
    #: The region or voluntary agency that approved them.
    owner: str = ""
    owner_is_agency: bool = False
    waiting_days: int = 0

    def max_need(self, kind: str) -> str:
        return str(getattr(self, f"max_{kind}"))


# --- Fees ------------------------------------------------------------------

REGION_TO_REGION = "region_to_region"
REGION_TO_AGENCY = "region_to_agency"


@dataclass(frozen=True)
class FeeRate:
    kind: str
    children: int
    amount: int  # pounds
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True)
class Fee:
    kind: str
    amount: int
    children: int
    #: True when the table has no rate for this many children and the amount
    #: is the one-child rate for each child, to be confirmed.
    estimated: bool = False


@dataclass(frozen=True)
class FeeTable:
    rates: tuple[FeeRate, ...] = ()

    def fee(self, kind: str, children: int, on: date) -> Fee | None:
        current = [
            r
            for r in self.rates
            if r.kind == kind and r.valid_from <= on and (r.valid_to is None or on <= r.valid_to)
        ]
        exact = [r for r in current if r.children == children]
        if exact:
            return Fee(kind, exact[0].amount, children)
        single = [r for r in current if r.children == 1]
        if single:
            return Fee(kind, single[0].amount * children, children, estimated=True)
        return None


def fee_kind(child: ChildNeeds, family: FamilyOffer) -> str | None:
    """Which fee a placement carries: none inside the child's own region."""
    if family.owner_is_agency:
        return REGION_TO_AGENCY
    if family.owner and family.owner != child.region:
        return REGION_TO_REGION
    return None


# --- Outputs ---------------------------------------------------------------

_MESSAGES = {
    "need_met": _("meets %(level)s %(need)s needs"),
    "need_none": _("no %(need)s needs to meet"),
    "disability_met": _("can care for a disabled child"),
    "disability_none": _("no disability"),
    "age_in_range": _("aged %(age)s, in the range %(low)s to %(high)s years"),
    "siblings_together": _("takes the %(count)s brothers and sisters together"),
    "siblings_single": _("a single child"),
    "contact_met": _("can manage %(contact)s"),
    "ethnicity_shared": _("shares the child's ethnicity"),
    "ethnicity_not_shared": _("does not share the child's ethnicity (weighed, never a bar)"),
    "ethnicity_unknown": _("the child's ethnicity is not recorded"),
    "religion_shared": _("shares the child's religion"),
    "religion_not_shared": _("does not share the child's religion (weighed, never a bar)"),
    "religion_none": _("no religion recorded for the child"),
    "language_met": _("a Welsh-speaking home for a Welsh-speaking child"),
    "language_not_met": _("not a Welsh-speaking home (weighed, never a bar)"),
    "language_none": _("the child does not need a Welsh-speaking home"),
    # %(days)s is worded by days_words ("1 day", "12 days").
    "child_waiting": _("the child has waited %(days)s"),
    "family_waiting": _("the family has waited %(days)s since approval"),
    "in_region": _("in the child's region"),
    "outside_region": _("outside the child's region"),
}
_NEED_NAMES = {
    "health": _("health"),
    "developmental": _("developmental"),
    "behavioural": _("emotional and behavioural"),
}


class Contribution(NamedTuple):
    criterion: str
    points: int
    message: str
    params: Mapping[str, Any] = {}

    @property
    def label(self) -> str:
        return str(CRITERION_LABELS[self.criterion])

    @property
    def reason(self) -> str:
        language = get_language() or ""
        params = {
            k: _worded(language, v) if isinstance(v, Promise) else str(v) for k, v in self.params.items()
        }
        if self.message == "age_in_range":
            params["age"] = age_words(int(self.params["years"]), int(self.params["months"]))
        if self.message in {"child_waiting", "family_waiting"}:
            params["days"] = days_words(int(self.params["days"]))
        return _worded(language, _MESSAGES[self.message]) % params

    @property
    def text(self) -> str:
        """In the current language, e.g. "meets medium developmental needs: +12"."""
        return f"{self.reason}: {self.points:+d}"


TIER_REGION = "region"
TIER_NATIONAL = "national"


@dataclass(frozen=True)
class Suggestion:
    family: str
    score: int
    tier: str
    #: Whole points per criterion, in CRITERIA order; they add up to `score`.
    points: tuple[int, ...]
    fee: Fee | None
    _explainer: Callable[[], tuple[Contribution, ...]] = field(repr=False, compare=False)

    @cached_property
    def contributions(self) -> tuple[Contribution, ...]:
        """Every criterion with its points and the reason in words, worked
        out when the suggestion is shown (a list of fifty need not word them all)."""
        return self._explainer()


# --- The family set --------------------------------------------------------


class _Codes:
    """Small integer codes for strings, so comparisons are array operations."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {"": 0}

    def __call__(self, value: str) -> int:
        return self.index.setdefault(value, len(self.index))

    def get(self, value: str) -> int:
        return self.index.get(value, -1)


class FamilySet:
    """Approved families as columns of NumPy arrays, built once and reused
    for every child (see `cached_family_set`)."""

    def __init__(self, offers: Sequence[FamilyOffer]) -> None:
        self.offers = tuple(offers)
        n = len(self.offers)
        self.keys = [f.key for f in self.offers]
        self._position = {key: i for i, key in enumerate(self.keys)}
        self.authorities = _Codes()
        self.regions = _Codes()
        self.religions = _Codes()
        self.ethnicity_codes = _Codes()
        self.min_age = np.fromiter((f.min_age_years * 12 for f in self.offers), np.int32, n)
        self.max_age = np.fromiter((f.max_age_years * 12 + 11 for f in self.offers), np.int32, n)
        self.max_children = np.fromiter((f.max_children for f in self.offers), np.int32, n)
        self.takes_siblings = np.fromiter((f.takes_sibling_groups for f in self.offers), np.bool_, n)
        self.max_need = {
            kind: np.fromiter((NEED_RANK[f.max_need(kind)] for f in self.offers), np.int8, n)
            for kind in NEED_KINDS
        }
        self.disability = np.fromiter((f.disability for f in self.offers), np.bool_, n)
        self.contact = np.fromiter((CONTACT_RANK[f.contact] for f in self.offers), np.int8, n)
        self.welsh = np.fromiter((f.welsh_speaking for f in self.offers), np.bool_, n)
        self.authority = np.fromiter((self.authorities(f.local_authority) for f in self.offers), np.int32, n)
        self.region = np.fromiter((self.regions(f.region) for f in self.offers), np.int32, n)
        self.owner = np.fromiter((self.regions(f.owner) for f in self.offers), np.int32, n)
        self.agency = np.fromiter((f.owner_is_agency for f in self.offers), np.bool_, n)
        self.religion = np.fromiter(
            (self.religions(f.religion.strip().lower()) for f in self.offers), np.int32, n
        )
        # A household may share more than one heritage: one bit per ethnicity code.
        self.ethnicity_bits = np.fromiter(
            (sum(1 << min(self.ethnicity_codes(code), 62) for code in f.ethnicities) for f in self.offers),
            np.int64,
            n,
        )
        self.waiting = np.fromiter((f.waiting_days for f in self.offers), np.int32, n)

    def __len__(self) -> int:
        return len(self.offers)

    def region_code(self, child: ChildNeeds) -> int:
        """The code of the child's region in this set (-1: none, so no family is in region)."""
        return self.regions.get(child.region) if child.region else -1

    def position(self, key: str) -> int | None:
        return self._position.get(key)

    # -- hard constraints --

    def feasible(self, child: ChildNeeds) -> np.ndarray:
        """A boolean mask: the families that pass every hard constraint."""
        # The same rules as _constraint, fused: this runs for every child.
        ages = [m.age_in_months for m in child.members]
        mask = (
            (self.min_age <= min(ages))
            & (self.max_age >= max(ages))
            & (self.max_children >= child.group_size)
        )
        if child.group_size > 1:
            mask &= self.takes_siblings
        for kind in NEED_KINDS:
            if child.need_rank(kind):
                mask &= self.max_need[kind] >= child.need_rank(kind)
        if child.any_disability:
            mask &= self.disability
        if CONTACT_RANK[child.contact_plan]:
            mask &= self.contact >= CONTACT_RANK[child.contact_plan]
        for authority in child.avoid_authorities:
            code = self.authorities.get(authority)
            if code >= 0:
                mask &= self.authority != code
        return mask

    def _constraint(self, name: str, child: ChildNeeds) -> np.ndarray:
        members = child.members
        if name == "age":
            ages = [m.age_in_months for m in members]
            return (self.min_age <= min(ages)) & (self.max_age >= max(ages))
        if name == "group_size":
            return self.max_children >= child.group_size
        if name == "siblings":
            return self.takes_siblings if child.group_size > 1 else np.ones(len(self.offers), np.bool_)
        if name == "needs":
            ok = np.ones(len(self.offers), np.bool_)
            for kind in NEED_KINDS:
                ok &= self.max_need[kind] >= child.need_rank(kind)
            return ok
        if name == "disability":
            return self.disability if child.any_disability else np.ones(len(self.offers), np.bool_)
        if name == "contact":
            return self.contact >= CONTACT_RANK[child.contact_plan]
        if name == "location":
            codes = [c for c in (self.authorities.get(a) for a in child.avoid_authorities) if c >= 0]
            return ~np.isin(self.authority, codes) if codes else np.ones(len(self.offers), np.bool_)
        raise ValueError(name)

    def why_not(self, child: ChildNeeds, key: str) -> list[str]:
        """The hard constraints a family fails for this child (none: it may be suggested)."""
        i = self._position[key]
        return [name for name in HARD_CONSTRAINTS if not self._constraint(name, child)[i]]

    # -- scores --

    def points(self, child: ChildNeeds, weights: Mapping[str, int], index: np.ndarray) -> np.ndarray:
        """Whole points per criterion (rows, in CRITERIA order) for the families at `index`."""
        m = len(index)
        out = np.zeros((len(CRITERIA), m), np.int64)
        row = {name: i for i, name in enumerate(CRITERIA)}
        for kind in NEED_KINDS:
            out[row[kind]] = _whole(weights.get(kind, 0) * child.need_rank(kind) / 3)
        if child.any_disability:
            out[row["disability"]] = weights.get("disability", 0)
        age = child.age_in_months_first
        low, high = self.min_age[index], self.max_age[index]
        middle, half = (low + high) / 2, (high - low) / 2 + 1
        out[row["age"]] = np.rint(weights.get("age", 0) * (1 - np.abs(age - middle) / half)).astype(np.int64)
        if child.group_size > 1:
            out[row["siblings"]] = weights.get("siblings", 0)
        out[row["contact"]] = _whole(weights.get("contact", 0) * CONTACT_RANK[child.contact_plan] / 3)
        code = self.ethnicity_codes.get(child.ethnicity) if child.ethnicity else -1
        if code >= 0:
            shared = (self.ethnicity_bits[index] >> min(code, 62)) & 1
            out[row["ethnicity"]] = shared * weights.get("ethnicity", 0)
        religion = self.religions.get(child.religion.strip().lower()) if child.religion.strip() else -1
        if religion > 0:
            out[row["religion"]] = (self.religion[index] == religion) * weights.get("religion", 0)
        if child.language in WELSH_SPEAKING:
            out[row["language"]] = self.welsh[index] * weights.get("language", 0)
        out[row["child_waiting"]] = _whole(
            weights.get("child_waiting", 0) * min(child.waiting_days, WAITING_CAP_DAYS) / WAITING_CAP_DAYS
        )
        family_days = np.minimum(self.waiting[index], WAITING_CAP_DAYS)
        out[row["family_waiting"]] = np.rint(
            weights.get("family_waiting", 0) * family_days / WAITING_CAP_DAYS
        ).astype(np.int64)
        in_region = self.region[index] == self.region_code(child)
        out[row["region"]] = in_region * weights.get("region", 0)
        return out

    def explain(self, child: ChildNeeds, position: int, points: Iterable[Any]) -> tuple[Contribution, ...]:
        """Every criterion, in order, with its points and why."""
        return self._explain(child, _ChildReasons(child), position, list(points))

    def _explain(
        self, child: ChildNeeds, reasons: _ChildReasons, position: int, points: list[int]
    ) -> tuple[Contribution, ...]:
        family = self.offers[position]
        (health, developmental, behavioural, disability, age, siblings, contact, ethnicity, religion) = (
            points[:9]
        )
        language, child_waiting, family_waiting, region = points[9:]
        if not child.ethnicity:
            ethnic = "ethnicity_unknown"
        else:
            ethnic = "ethnicity_shared" if child.ethnicity in family.ethnicities else "ethnicity_not_shared"
        if not reasons.religion:
            faith = "religion_none"
        else:
            faith = (
                "religion_shared"
                if reasons.religion == family.religion.strip().lower()
                else "religion_not_shared"
            )
        if not reasons.welsh:
            tongue = "language_none"
        else:
            tongue = "language_met" if family.welsh_speaking else "language_not_met"
        in_region = bool(child.region) and family.region == child.region
        fixed = reasons.fixed
        return (
            Contribution("health", health, *fixed[0]),
            Contribution("developmental", developmental, *fixed[1]),
            Contribution("behavioural", behavioural, *fixed[2]),
            Contribution("disability", disability, *fixed[3]),
            Contribution(
                "age",
                age,
                "age_in_range",
                {
                    "years": child.age_years,
                    "months": child.age_months,
                    "low": family.min_age_years,
                    "high": family.max_age_years,
                },
            ),
            Contribution("siblings", siblings, *fixed[4]),
            Contribution("contact", contact, *fixed[5]),
            Contribution("ethnicity", ethnicity, ethnic),
            Contribution("religion", religion, faith),
            Contribution("language", language, tongue),
            Contribution("child_waiting", child_waiting, *fixed[6]),
            Contribution("family_waiting", family_waiting, "family_waiting", {"days": family.waiting_days}),
            Contribution("region", region, "in_region" if in_region else "outside_region"),
        )


class _ChildReasons:
    """The parts of an explanation that depend on the child alone, worked out once per child."""

    def __init__(self, child: ChildNeeds) -> None:
        needs: list[tuple[str, Mapping[str, Any]]] = []
        for kind in NEED_KINDS:
            level = NEED_LEVELS[child.need_rank(kind)]
            name = _NEED_NAMES[kind]
            if level == "none":
                needs.append(("need_none", {"need": name}))
            else:
                needs.append(("need_met", {"level": NEED_LABELS[level], "need": name}))
        self.fixed: list[tuple[str, Mapping[str, Any]]] = [
            *needs,
            ("disability_met" if child.any_disability else "disability_none", {}),
            ("siblings_together", {"count": child.group_size})
            if child.group_size > 1
            else ("siblings_single", {}),
            ("contact_met", {"contact": CONTACT_LABELS[child.contact_plan]}),
            ("child_waiting", {"days": child.waiting_days}),
        ]
        self.religion = child.religion.strip().lower()
        self.welsh = child.language in WELSH_SPEAKING


_worded_cache: dict[tuple[str, int], str] = {}


def age_words(years: int, months: int) -> str:
    """ "1 year 9 months", "2 years", "11 months": a child's age in words, each
    unit singular or plural as the number needs, in the active language."""
    parts = []
    if years:
        parts.append(ngettext("%(n)s year", "%(n)s years", years) % {"n": years})
    if months or not years:
        parts.append(ngettext("%(n)s month", "%(n)s months", months) % {"n": months})
    return " ".join(parts)


def days_words(days: int) -> str:
    """ "1 day", "12 days": a wait in words, singular or plural as the number
    needs, in the active language."""
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}


def _worded(language: str, text: Promise) -> str:
    """One of this module's lazily translated texts in `language`, worked out
    once (a list of fifty suggestions words the same few dozen texts hundreds
    of times). Keyed by identity: the texts are module constants, and hashing
    a lazy text would translate it each time."""
    key = (language, id(text))
    found = _worded_cache.get(key)
    if found is None:
        found = _worded_cache[key] = str(text)
    return found


def _whole(value: float) -> int:
    return int(round(value))


# --- Suggestions -----------------------------------------------------------


def suggest(
    child: ChildNeeds,
    families: FamilySet,
    *,
    weights: Mapping[str, int] | None = None,
    fees: FeeTable | None = None,
    on: date | None = None,
    limit: int | None = 50,
) -> list[Suggestion]:
    """Families for a child (or sibling group), best first: the child's region
    first, then the rest of Wales; within each, the highest score, then the
    family who has waited longest. Only families passing every hard constraint."""
    weights = DEFAULT_WEIGHTS if weights is None else weights
    ranked = rank(child, families, weights=weights, limit=limit)
    fees = fees or FeeTable()
    on = on or timezone.localdate()
    reasons = _ChildReasons(child)
    fee_by_kind: dict[str | None, Fee | None] = {None: None}
    out = []
    for position, score, tier, points in ranked:
        family = families.offers[position]
        kind = fee_kind(child, family)
        if kind is not None and kind not in fee_by_kind:
            fee_by_kind[kind] = fees.fee(kind, child.group_size, on)
        out.append(
            Suggestion(
                family=family.key,
                score=score,
                tier=tier,
                points=tuple(points),
                fee=fee_by_kind[kind],
                _explainer=partial(families._explain, child, reasons, position, points),
            )
        )
    return out


def rank(
    child: ChildNeeds, families: FamilySet, *, weights: Mapping[str, int], limit: int | None = None
) -> list[tuple[int, int, str, list[int]]]:
    """(position, score, tier, points per criterion) for the feasible families
    in suggestion order (the first `limit` of them)."""
    index = np.flatnonzero(families.feasible(child))
    if not len(index):
        return []
    points = families.points(child, weights, index)
    scores = points.sum(axis=0)
    outside = families.region[index] != families.region_code(child)
    # np.lexsort sorts by the last key first: tier, then score (high first), then family's wait.
    order = np.lexsort((index, -families.waiting[index], -scores, outside))
    if limit is not None:
        order = order[:limit]
    return [
        (position, score, TIER_NATIONAL if out else TIER_REGION, column)
        for position, score, out, column in zip(
            index[order].tolist(),
            scores[order].tolist(),
            outside[order].tolist(),
            points[:, order].T.tolist(),
            strict=True,
        )
    ]


def scores_for(
    child: ChildNeeds, families: FamilySet, *, weights: Mapping[str, int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(positions, scores) of the feasible families: the sparse row the
    national assignment needs, without explanations."""
    weights = DEFAULT_WEIGHTS if weights is None else weights
    index = np.flatnonzero(families.feasible(child))
    if not len(index):
        return index, np.zeros(0, np.int64)
    return index, families.points(child, weights, index).sum(axis=0)


_cache: dict[str, FamilySet] = {}
#: Family sets kept at once: one per region and one national, with room to spare.
CACHE_SIZE = 12


def cached_family_set(token: str, load: Iterable[FamilyOffer] | Any) -> FamilySet:
    """The family set for `token` (the scope, e.g. a region, and the newest
    change to any household), built once; `load` is called only when the token
    is new. The least recently used set goes first when the cache is full."""
    found = _cache.pop(token, None)
    if found is None:
        offers = load() if callable(load) else load
        found = FamilySet(list(offers))
        while len(_cache) >= CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
    _cache[token] = found
    return found


def validate_weights(weights: Mapping[str, Any]) -> dict[str, list[str]]:
    """Messages for weights that are not whole numbers from 0 to 100, by criterion."""
    errors: dict[str, list[str]] = {}
    for name in CRITERIA:
        value = weights.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            errors[name] = [str(_("Enter a whole number from 0 to 100"))]
    unknown = set(weights) - set(CRITERIA)
    if unknown:
        errors["__all__"] = [
            str(_("These are not criteria of the engine: %(names)s") % {"names": ", ".join(sorted(unknown))})
        ]
    return errors
