"""Reads for family finding: profiles in a person's scope, the shared view
of a profile, the national register's aggregates, weights and fees."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nas.access import scope as access_scope
from nas.adopters.journey import MilestoneKind as HouseholdMilestone
from nas.adopters.models import Household
from nas.children.codes import ContactPlan, Ethnicity, NeedLevel
from nas.children.journey import MilestoneKind
from nas.children.models import Child, Milestone
from nas.matching import adapters, assignment, engine, equity, figures
from nas.matching.adapters import age_on
from nas.matching.equity import AGE_BANDS, age_band
from nas.matching.models import (
    ACTIVE_STATES,
    OPEN_STATES,
    ChildProfile,
    FeeKind,
    HouseholdProfile,
    HouseholdSharedField,
    InterAgencyFee,
    Link,
    LinkEvent,
    SharedField,
    WeightSet,
)
from nas.matching.policies import household_profiles as household_profile_policy
from nas.matching.policies import links as link_policy
from nas.matching.policies import profiles as profile_policy
from nas.organisations.models import Organisation, OrganisationKind

PUBLICATION_FILTERS = ("", "unpublished", "region", "national")


PROFILE_SORTS = ("reference", "waiting")


def profile_list(
    *, user: Any, publication: str = "", search: str = "", sort: str = "reference"
) -> QuerySet[ChildProfile]:
    """The profiles in the person's scope. The search finds a reference, and
    for the staff of the child's own authority (who may see the child) the
    child's name or case reference too; "waiting" sorts the longest published first."""
    qs = (
        profile_policy.scope(user)
        .filter(archived_at__isnull=True)
        .select_related("region", "child", "child__local_authority", "child__sibling_group")
        .prefetch_related(
            Prefetch("child__sibling_group__children", queryset=Child.objects.only("pk", "sibling_group_id"))
        )
    )
    if publication == "unpublished":
        qs = qs.filter(published_to_region_at__isnull=True)
    elif publication == "region":
        qs = qs.filter(published_to_region_at__isnull=False, published_nationally_at__isnull=True)
    elif publication == "national":
        qs = qs.filter(published_nationally_at__isnull=False)
    if search:
        found = Q(reference__icontains=search)
        authority_id = access_scope.owning_local_authority_id(user)
        if authority_id is not None:
            found |= Q(child__local_authority_id=authority_id, child__restricted_at__isnull=True) & (
                Q(child__first_names__icontains=search)
                | Q(child__last_name__icontains=search)
                | Q(child__case_reference__icontains=search)
            )
        qs = qs.filter(found)
    if sort == "waiting":
        return qs.order_by(F("published_to_region_at").asc(nulls_last=True), "reference")
    return qs.order_by("reference")


def group_size(profile: ChildProfile) -> int:
    group = profile.child.sibling_group
    if group is None or not group.placed_together:
        return 1
    return max(1, len(group.children.all()))


@dataclass(frozen=True)
class Row:
    key: str
    label: str | Promise
    value: Any


def shared_view(profile: ChildProfile, today: date) -> list[Row]:
    """What anyone who may see the profile sees: never a name, a case
    reference, a date of birth or a place smaller than the region."""
    child = profile.child
    years, _months = age_on(child.date_of_birth, today)
    rows = [
        Row("age_band", _("Age"), age_band(years)),
        Row("children", _("Children to be placed together"), group_size(profile)),
        Row("health_needs", _("Health needs"), child.get_health_needs_display()),
        Row("developmental_needs", _("Developmental needs"), child.get_developmental_needs_display()),
        Row("behavioural_needs", _("Emotional and behavioural needs"), child.get_behavioural_needs_display()),
        Row("disability", _("Disabled"), _("Yes") if child.disability else _("No")),
        Row("region", _("Region"), profile.region.name),
    ]
    optional = {
        SharedField.SEX: (_("Sex"), child.get_sex_display()),
        SharedField.ETHNICITY: (_("Ethnicity"), child.get_ethnicity_display()),
        SharedField.RELIGION: (_("Religion"), child.religion or "–"),
        SharedField.LANGUAGE: (_("Language"), child.get_language_display()),
        SharedField.CONTACT_PLAN: (_("Contact plan"), child.get_contact_plan_display()),
        SharedField.EARLY_PERMANENCE: (_("Early permanence route"), child.get_early_permanence_display()),
        SharedField.ABOUT: (_("About the child"), profile.about or "–"),
    }
    for name, (label, value) in optional.items():
        if profile.shares(name):
            rows.append(Row(name.value, label, value))
    return rows


def shared_dict(profile: ChildProfile, today: date) -> dict[str, Any]:
    return {
        row.key: str(row.value) if isinstance(row.value, Promise) else row.value
        for row in shared_view(profile, today)
    }


@dataclass(frozen=True)
class RegisterSummary:
    regions: list[dict[str, Any]]
    age_bands: list[dict[str, Any]]
    published_nationally: int
    published_to_region: int
    profiles: int
    #: Who is waiting today, by the definitions of nas.matching.figures.
    waiting: figures.WaitingFigures


def register_summary(today: date) -> RegisterSummary:
    """Counts only: who waits (nas.matching.figures), how many profiles each
    region has and publishes, and the ages of the children waiting on the
    national register. No case-level detail."""
    from nas.performance.cache import kept

    by_region, bands = kept("register-counts", (today.isoformat(),), lambda: _register_counts(today))
    waiting = figures.waiting_figures()
    regions: list[dict[str, Any]] = [
        {
            "code": region.code,
            "name": region.name,
            "profiles": by_region.get(region.pk, Counter())["profiles"],
            "published_to_region": by_region.get(region.pk, Counter())["region"],
            "published_nationally": by_region.get(region.pk, Counter())["national"],
            **waiting_out(waiting.of(region.pk)),
        }
        for region in Organisation.objects.regions().order_by("name_en")
    ]
    return RegisterSummary(
        regions=regions,
        age_bands=[{"band": str(label), "count": bands[str(label)]} for _low, _high, label in AGE_BANDS],
        published_nationally=sum(r["published_nationally"] for r in regions),
        published_to_region=sum(r["published_to_region"] for r in regions),
        profiles=sum(r["profiles"] for r in regions),
        waiting=waiting,
    )


def _register_counts(today: date) -> tuple[dict[int, Counter[str]], Counter[str]]:
    """Each region's profiles, published to the region and nationally, and the
    ages of the children waiting on the national register: kept between
    requests while the figures' tables stay the same (nas.performance.cache)."""
    rows = (
        ChildProfile.objects.filter(archived_at__isnull=True)
        .order_by()
        .values_list(
            "region_id",
            "published_to_region_at",
            "published_nationally_at",
            "child__date_of_birth",
            "child__stage",
            "child__archived_at",
        )
    )
    by_region: dict[int, Counter[str]] = {}
    bands: Counter[str] = Counter()
    for region_id, to_region, nationally, born, stage, archived in rows.iterator(chunk_size=5000):
        counts = by_region.setdefault(region_id, Counter())
        counts["profiles"] += 1
        counts["region"] += to_region is not None
        counts["national"] += nationally is not None
        # The age bands count the children waiting on the register (nas.matching.figures).
        if nationally is not None and stage in figures.CHILD_WAITING_STAGES and archived is None:
            bands[age_band(age_on(born, today)[0])] += 1
    return by_region, bands


def waiting_out(waiting: figures.Waiting) -> dict[str, int]:
    """The four figures of nas.matching.figures as the pages' tables and the API give them."""
    return {
        "children_waiting": waiting.children,
        "children_on_register": waiting.children_on_register,
        "households_waiting": waiting.households,
        "households_on_register": waiting.households_on_register,
    }


def weight_rows(weights: dict[str, int]) -> list[Row]:
    return [Row(name, engine.CRITERION_LABELS[name], weights.get(name, 0)) for name in engine.CRITERIA]


def weight_history(limit: int = 20) -> list[WeightSet]:
    return list(WeightSet.objects.select_related("created_by").order_by("-number")[:limit])


def fee_list() -> QuerySet[InterAgencyFee]:
    return InterAgencyFee.objects.order_by("kind", "children", "-valid_from")


def fee_table() -> engine.FeeTable:
    return engine.FeeTable(tuple(f.as_rate() for f in InterAgencyFee.objects.all()))


# --- Suggestions ------------------------------------------------------------

#: The child's stages in which family finding looks for a family (before a link is made).
WAITING_STAGES = figures.CHILD_WAITING_STAGES


def profile_for_engine() -> QuerySet[ChildProfile]:
    """Profiles with what child_needs_from reads, in a fixed number of queries."""
    return ChildProfile.objects.select_related(
        "region", "child", "child__local_authority", "child__local_authority__region", "child__sibling_group"
    ).prefetch_related(
        Prefetch("child__milestones", queryset=Milestone.objects.filter(kind=MilestoneKind.SHOULD_BE_PLACED)),
        "child__avoid_authorities",
        Prefetch("child__sibling_group__children", queryset=Child.objects.order_by("pk")),
    )


@dataclass(frozen=True)
class FamilyRow:
    """One suggested family for a child, as a page or the API shows it."""

    rank: int
    suggestion: engine.Suggestion
    profile: HouseholdProfile

    @property
    def fee_kind_label(self) -> str:
        fee = self.suggestion.fee
        return str(FeeKind(fee.kind).label) if fee else ""


def _households_by_pk(keys: list[str]) -> dict[int, HouseholdProfile]:
    profiles = HouseholdProfile.objects.filter(household_id__in=[int(k) for k in keys]).select_related(
        "region", "household", "household__owner", "household__residence_authority"
    )
    return {p.household_id: p for p in profiles}


def services_weights_version() -> int:
    from nas.matching.services import active_weights

    return active_weights()[0]


def child_suggestions(
    profile: ChildProfile, today: date, *, limit: int | None = 50
) -> tuple[int, list[FamilyRow]]:
    """(weights version, families) for a child or sibling group: the region's
    families first, then the rest of Wales from the national register, each
    with its score explained criterion by criterion and any inter-agency fee.
    Never a family outside a hard constraint; none once the child is matched
    (the profile has left family finding)."""
    region_id = profile.region_id
    if profile.held_publication:
        return services_weights_version(), []
    version, found = adapters.suggestions_for(
        profile.child,
        today=today,
        family_set_token=adapters.household_token(f"region-{region_id}", today),
        load_offers=lambda: adapters.family_offers_from(
            adapters.households_for_region(region_id), today=today
        ),
        limit=limit,
    )
    households = _households_by_pk([s.family for s in found])
    rows = [
        FamilyRow(rank, s, households[int(s.family)])
        for rank, s in enumerate(found, start=1)
        if int(s.family) in households
    ]
    return version, rows


@dataclass(frozen=True)
class ChildRow:
    """One child (or sibling group) suggested for a household."""

    rank: int
    suggestion: engine.Suggestion
    profile: ChildProfile
    children: int
    waiting_days: int


def visible_child_profiles_for(household_profile: HouseholdProfile) -> QuerySet[ChildProfile]:
    """Children a household's workers may be offered: a region's household,
    the children published to the region and those on the national register;
    a voluntary agency's household, those on the national register."""
    published = Q(published_nationally_at__isnull=False)
    owner = household_profile.household.owner
    if owner.kind == OrganisationKind.REGION:
        published |= Q(published_to_region_at__isnull=False, region_id=owner.pk)
    return ChildProfile.objects.filter(
        published, archived_at__isnull=True, child__archived_at__isnull=True, child__stage__in=WAITING_STAGES
    )


def household_suggestions(
    household_profile: HouseholdProfile, today: date, *, limit: int | None = 50
) -> tuple[int, list[ChildRow]]:
    """(weights version, children) for whom this household passes every hard
    constraint, best first: children of the household's region first, then
    the rest of Wales. A sibling group placed together appears once."""
    from nas.matching.services import active_weights

    version, weights = active_weights()
    offers = adapters.family_offers_from(
        Household.objects.filter(pk=household_profile.household_id, stage__in=adapters.OFFERED_STAGES),
        today=today,
    )
    if not offers:
        return version, []
    families = engine.FamilySet(offers)
    fees = fee_table()
    ids = visible_child_profiles_for(household_profile).values_list("pk", flat=True)
    found: list[tuple[tuple[Any, ...], engine.Suggestion, ChildProfile, int, int]] = []
    units: set[str] = set()
    for profile in profile_for_engine().filter(pk__in=ids).order_by("child_id"):
        child = profile.child
        siblings = adapters.siblings_placed_with(child)
        unit = f"group:{child.sibling_group_id}" if siblings else f"child:{child.pk}"
        if unit in units:
            continue
        units.add(unit)
        needs = adapters.child_needs_from(child, today, siblings=siblings)
        suggested = engine.suggest(needs, families, weights=weights, fees=fees, on=today, limit=1)
        if not suggested:
            continue
        s = suggested[0]
        key = (
            s.tier != engine.TIER_REGION if needs.region else True,
            -s.score,
            -needs.waiting_days,
            profile.pk,
        )
        found.append((key, s, profile, needs.group_size, needs.waiting_days))
    found.sort(key=lambda row: row[0])
    rows = [
        ChildRow(rank, s, profile, size, waited)
        for rank, (_key, s, profile, size, waited) in enumerate(found[:limit] if limit else found, start=1)
    ]
    return version, rows


# --- Households' profiles ---------------------------------------------------


def household_profile_list(*, user: Any, publication: str = "") -> QuerySet[HouseholdProfile]:
    qs = (
        household_profile_policy.scope(user)
        .filter(archived_at__isnull=True)
        .select_related("region", "household", "household__owner")
        .annotate(approved_on=adapters.approved_on_subquery_for("household"))
    )
    if publication == "unpublished":
        qs = qs.filter(published_to_region_at__isnull=True, published_nationally_at__isnull=True)
    elif publication == "region":
        qs = qs.filter(published_to_region_at__isnull=False, published_nationally_at__isnull=True)
    elif publication == "national":
        qs = qs.filter(published_nationally_at__isnull=False)
    return qs.order_by("reference")


def households_without_profile(*, user: Any) -> int:
    """Approved households waiting for a child (nas.matching.figures) with no
    family-finding profile, of the person's region or agency (all Wales for
    the national tier): they are offered to no child until they have one."""
    missing = figures.households_waiting().filter(matching_profile__isnull=True)
    if (
        getattr(user, "organisation", None) is not None
        and user.organisation.kind != OrganisationKind.NATIONAL
    ):
        missing = missing.filter(owner_id=user.organisation_id)
    return missing.count()


def household_approved_on(profile: HouseholdProfile) -> date | None:
    annotated = getattr(profile, "approved_on", None)
    if annotated is not None:
        return annotated  # type: ignore[no-any-return]
    return (
        profile.household.milestones.filter(kind=HouseholdMilestone.APPROVED)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def _yes_no(value: bool) -> Promise:
    return _("Yes") if value else _("No")


def household_shared_view(profile: HouseholdProfile, today: date) -> list[Row]:
    """What anyone who may see the profile sees: never a name, an address or
    a place smaller than the region they live in."""
    household = profile.household
    contact = dict(ContactPlan.choices)
    needs = dict(NeedLevel.choices)
    approved = household_approved_on(profile)
    rows = [
        Row(
            "ages",
            _("Ages of children"),
            _("%(low)s to %(high)s years") % {"low": household.age_min or 0, "high": household.age_max},
        ),
        Row("children", _("Most children at once"), household.max_children),
        Row("sibling_group", _("Will take a sibling group"), _yes_no(household.sibling_group)),
        Row("health_needs", _("Health needs they can meet"), needs.get(household.health_needs, "–")),
        Row(
            "developmental_needs",
            _("Developmental needs they can meet"),
            needs.get(household.developmental_needs, "–"),
        ),
        Row(
            "behavioural_needs",
            _("Emotional and behavioural needs they can meet"),
            needs.get(household.behavioural_needs, "–"),
        ),
        Row("disability", _("Can care for a disabled child"), _yes_no(household.disability)),
        Row(
            "contact",
            _("Contact they can manage"),
            ", ".join(str(contact[c]) for c in household.contact if c in contact) or "–",
        ),
        Row("region", _("Region they live in"), profile.region.name if profile.region else "–"),
        Row("approved_by", _("Approved by"), household.owner.name),
        Row(
            "waiting",
            _("Waiting since approval"),
            engine.days_words((today - approved).days) if approved else "–",
        ),
    ]
    ethnicity = dict(Ethnicity.choices)
    optional = {
        HouseholdSharedField.LANGUAGE: (_("Language of the home"), household.get_language_display()),
        HouseholdSharedField.ETHNICITY: (
            _("Ethnic backgrounds"),
            ", ".join(str(ethnicity.get(c, c)) for c in household.ethnicities) or "–",
        ),
        HouseholdSharedField.RELIGION: (_("Religion"), household.religion or "–"),
        HouseholdSharedField.KIND: (_("Kind of adoption"), household.get_kind_display()),
        HouseholdSharedField.ABOUT: (_("About the household"), profile.about or "–"),
    }
    for name, (label, value) in optional.items():
        if profile.shares(name):
            rows.append(Row(name.value, label, value))
    return rows


def household_shared_dict(profile: HouseholdProfile, today: date) -> dict[str, Any]:
    return {
        row.key: str(row.value) if isinstance(row.value, Promise) else row.value
        for row in household_shared_view(profile, today)
    }


# --- Links ------------------------------------------------------------------

LINK_FILTERS = ("", "open", "ended")


def link_list(*, user: Any, status: str = "") -> QuerySet[Link]:
    qs = (
        link_policy.scope(user)
        .filter(archived_at__isnull=True)
        .select_related("child__matching_profile", "household__matching_profile", "region")
    )
    if status == "open":
        qs = qs.filter(state__in=list(OPEN_STATES))
    elif status == "ended":
        qs = qs.exclude(state__in=list(OPEN_STATES))
    return qs.order_by("-updated_at", "-pk")


def link_for_page() -> QuerySet[Link]:
    return Link.objects.select_related(
        "child",
        "child__local_authority",
        "child__matching_profile",
        "child__matching_profile__region",
        "household",
        "household__owner",
        "household__matching_profile",
        "household__matching_profile__region",
        "region",
        "created_by",
    )


def link_events(link: Link) -> list[LinkEvent]:
    return list(link.events.select_related("recorded_by").order_by("recorded_at", "pk"))


def link_agenda_items(link: Link) -> list[Any]:
    from nas.panels.models import AgendaItem

    return list(
        AgendaItem.objects.filter(subject_type=link_policy.record_type, subject_id=link.pk)
        .select_related("meeting", "decision", "decision__decided_by")
        .order_by("meeting__date", "pk")
    )


def active_links_of(household_id: int, *, excluding: int | None = None) -> int:
    qs = Link.objects.filter(household_id=household_id, state__in=list(ACTIVE_STATES))
    if excluding is not None:
        qs = qs.exclude(pk=excluding)
    return qs.count()


# --- The national plan and the equity report ---------------------------------

GROUP_LABELS = {
    "older": _("Older children (5 or over)"),
    "siblings": _("Sibling groups"),
    "disabled": _("Disabled children"),
    "minority_ethnic": _("Minority ethnic children"),
}


def waiting_units(
    profiles: QuerySet[ChildProfile], today: date
) -> list[tuple[ChildProfile, engine.ChildNeeds]]:
    """Each child waiting for a family, a sibling group placed together once (its first child's profile)."""
    units: set[str] = set()
    found = []
    for profile in profile_for_engine().filter(pk__in=profiles.values("pk")).order_by("child_id"):
        child = profile.child
        siblings = adapters.siblings_placed_with(child)
        unit = f"group:{child.sibling_group_id}" if siblings else f"child:{child.pk}"
        if unit in units:
            continue
        units.add(unit)
        found.append((profile, adapters.child_needs_from(child, today, siblings=siblings)))
    return found


def waiting_profiles() -> QuerySet[ChildProfile]:
    return ChildProfile.objects.filter(
        archived_at__isnull=True, child__archived_at__isnull=True, child__stage__in=WAITING_STAGES
    )


@dataclass(frozen=True)
class PlanPair:
    child: str
    household: str
    score: int
    child_waiting_days: int


@dataclass(frozen=True)
class PlanGroup:
    key: str
    label: str | Promise
    children: int
    matched: int
    rate: float
    others_rate: float
    floor: float | None
    below_floor: bool


@dataclass(frozen=True)
class NationalPlan:
    children: int
    households: int
    feasible_pairs: int
    matched: int
    objective: int
    suitability: int
    weights_version: int
    parity: bool
    floor: float | None
    parity_met: bool
    rounds: int
    groups: list[PlanGroup]
    pairs: list[PlanPair]


def national_plan(today: date, *, parity: bool, floor: float) -> NationalPlan:
    """The national optimal assignment (nas.matching.assignment) of the children
    on the national register waiting for a family and the households on the
    register waiting for a child. Advisory only: it links, matches and decides
    nothing."""
    from nas.matching.services import active_weights

    units = waiting_units(waiting_profiles().filter(published_nationally_at__isnull=False), today)
    version, weights = active_weights()
    families = engine.cached_family_set(
        adapters.household_token("national", today),
        lambda: adapters.family_offers_from(adapters.households_on_register(), today=today),
    )
    children = [needs for _profile, needs in units]
    pairs = assignment.pairs_from(children, families, weights=weights)
    waiting = np.array([c.waiting_days for c in children], np.int64)
    result = assignment.assign(
        pairs, waiting, groups=assignment.protected_groups(children), parity=floor if parity else None
    )
    matched_households = [int(families.keys[j]) for _i, j in result.matches]
    references = dict(
        HouseholdProfile.objects.filter(household_id__in=matched_households).values_list(
            "household_id", "reference"
        )
    )
    score_of = {
        (int(i), int(j)): int(s) for i, j, s in zip(pairs.child, pairs.family, pairs.score, strict=True)
    }
    plan_pairs = [
        PlanPair(
            child=units[i][0].reference,
            household=references.get(int(families.keys[j]), "–"),
            score=score_of[(i, j)],
            child_waiting_days=children[i].waiting_days,
        )
        for i, j in result.matches
    ]
    plan_pairs.sort(key=lambda p: (-p.child_waiting_days, p.child))
    groups = [
        PlanGroup(
            key=name,
            label=GROUP_LABELS[name],
            children=rate.children,
            matched=rate.matched,
            rate=rate.rate,
            others_rate=rate.others_rate,
            floor=rate.floor,
            below_floor=rate.below_floor,
        )
        for name, rate in result.group_rates.items()
    ]
    return NationalPlan(
        children=len(children),
        households=len(families),
        feasible_pairs=len(pairs.child),
        matched=len(result.matches),
        objective=result.objective,
        suitability=result.suitability,
        weights_version=version,
        parity=parity,
        floor=floor if parity else None,
        parity_met=result.parity_met,
        rounds=result.rounds,
        groups=groups,
        pairs=plan_pairs,
    )


def equity_figures(today: date, *, region_id: int | None) -> equity.EquityReport:
    """The waiting-time equity report over the children waiting for a family
    (all Wales, or one region's), with how many families the engine suggests
    for each (the families of their region and on the national register)."""
    from nas.matching.services import active_weights

    profiles = waiting_profiles()
    if region_id is not None:
        profiles = profiles.filter(region_id=region_id)
    units = waiting_units(profiles, today)
    _version, weights = active_weights()
    counts: dict[str, int] = {}
    families_by_region: dict[int, engine.FamilySet] = {}
    for profile, needs in units:
        if profile.region_id not in families_by_region:
            families_by_region[profile.region_id] = adapters.family_set_for_region(profile.region_id, today)
        positions, _scores = engine.scores_for(needs, families_by_region[profile.region_id], weights=weights)
        counts[needs.key] = len(positions)
    return equity.equity_report([needs for _profile, needs in units], counts)


@dataclass(frozen=True)
class ChildFamilyFinding:
    """What the child's record links to in family finding, as far as the
    person may see it: the profile and the links (with their decisions)."""

    profile: ChildProfile | None
    links: list[tuple[Link, str]]


def family_finding_of(*, user: Any, child: Child) -> ChildFamilyFinding:
    from nas.matching.panel_subject import describe

    profile = profile_policy.scope(user).filter(child=child, archived_at__isnull=True).first()
    together = Q(child=child)
    if child.sibling_group_id:
        together |= Q(sibling_group_id=child.sibling_group_id)
    links = list(
        link_policy.scope(user)
        .filter(together)
        .select_related("child__matching_profile", "household__matching_profile")
        .order_by("-pk")[:20]
    )
    return ChildFamilyFinding(profile, [(link, describe(link)) for link in links])
