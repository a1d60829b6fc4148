"""From the records to the engine's plain inputs, and back.

The engine never sees a model. This module turns a child's record into
`ChildNeeds` and approved, waiting households into `FamilyOffer`s
(`family_offers_from`: approval range, needs they can meet, contact, Welsh
language, heritage, authority, region, owner and days waiting since
approval). `suggestions_for` is then all a suggestions page or API endpoint
needs; `family_set_scope` says which households a child's region may be
offered and the token that says when their family set must be rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from nas.adopters.journey import MilestoneKind as HouseholdMilestone
from nas.adopters.journey import Stage as HouseholdStage
from nas.adopters.models import Household
from nas.adopters.models import Milestone as HouseholdMilestoneRecord
from nas.children.journey import MilestoneKind
from nas.children.models import Child
from nas.matching import engine, figures
from nas.matching.neighbours import authorities_to_avoid
from nas.organisations.models import OrganisationKind

#: Households family finding offers: approved and not yet matched. A household
#: linked with one child may still be suggested for others, up to the cap on
#: active links (settings.MATCHING_ACTIVE_LINKS_PER_HOUSEHOLD).
OFFERED_STAGES = (HouseholdStage.APPROVED, HouseholdStage.WAITING, HouseholdStage.LINKED)


def age_on(born: date, today: date) -> tuple[int, int]:
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
    months = max(months, 0)
    return months // 12, months % 12


def waiting_since(child: Child) -> date | None:
    """Family finding starts at the 'should be placed for adoption' decision."""
    decisions = [m.date for m in child.milestones.all() if m.kind == MilestoneKind.SHOULD_BE_PLACED]
    return max(decisions) if decisions else None


def child_needs_from(child: Child, today: date, *, siblings: Iterable[Child] = ()) -> engine.ChildNeeds:
    """The child (with the brothers and sisters to be placed with them) as the engine sees them."""
    years, months = age_on(child.date_of_birth, today)
    profile = getattr(child, "matching_profile", None)
    avoid = authorities_to_avoid(
        child.local_authority.code,
        avoid_own=bool(profile and profile.avoid_own_authority),
        avoid_neighbours=bool(profile and profile.avoid_neighbouring_authorities),
        others=frozenset(a.code for a in child.avoid_authorities.all()),
    )
    since = waiting_since(child)
    members = []
    for sibling in siblings:
        s_years, s_months = age_on(sibling.date_of_birth, today)
        members.append(
            engine.Member(
                s_years,
                s_months,
                sibling.health_needs,
                sibling.developmental_needs,
                sibling.behavioural_needs,
                sibling.disability,
            )
        )
    region = child.local_authority.region
    return engine.ChildNeeds(
        key=profile.reference if profile else str(child.pk),
        age_years=years,
        age_months=months,
        health=child.health_needs,
        developmental=child.developmental_needs,
        behavioural=child.behavioural_needs,
        disability=child.disability,
        siblings=tuple(members),
        ethnicity=child.ethnicity,
        religion=child.religion,
        language=child.language,
        contact_plan=child.contact_plan,
        avoid_authorities=avoid,
        waiting_days=(today - since).days if since else 0,
        region=region.code if region else "",
        local_authority=child.local_authority.code,
    )


def siblings_placed_with(child: Child) -> list[Child]:
    """Brothers and sisters to be placed together with the child: one unit."""
    group = child.sibling_group
    if group is None or not group.placed_together:
        return []
    return [c for c in group.children.all() if c.pk != child.pk and not c.is_archived]


def suggestions_for(
    child: Child,
    *,
    today: date,
    family_set_token: str,
    load_offers: Callable[[], Iterable[engine.FamilyOffer]],
    limit: int | None = 50,
) -> tuple[int, list[engine.Suggestion]]:
    """(weights version, suggestions) for a child, with the weights and fee
    table in force; the family set is built once per `family_set_token`."""
    from nas.matching.selectors import fee_table
    from nas.matching.services import active_weights

    version, weights = active_weights()
    families = engine.cached_family_set(family_set_token, load_offers)
    needs = child_needs_from(child, today, siblings=siblings_placed_with(child))
    return version, engine.suggest(needs, families, weights=weights, fees=fee_table(), on=today, limit=limit)


# --- Households -------------------------------------------------------------


def _contact_level(codes: Iterable[str]) -> str:
    """The most demanding contact the household can manage (the engine's
    order: none, letterbox, direct with siblings, direct with the birth
    family); a household that can manage direct contact with the birth family
    is taken to manage letterbox contact too."""
    ranks = [engine.CONTACT_RANK[c] for c in codes if c in engine.CONTACT_RANK]
    return engine.CONTACT_LEVELS[max(ranks, default=0)]


def approved_on_subquery_for(household_ref: str = "pk") -> Subquery:
    """The date of the household's approval (the milestone), for an annotation."""
    return Subquery(
        HouseholdMilestoneRecord.objects.filter(
            household=OuterRef(household_ref), kind=HouseholdMilestone.APPROVED
        )
        .order_by("-date")
        .values("date")[:1]
    )


_OFFER_FIELDS = (
    "pk",
    "age_min",
    "age_max",
    "max_children",
    "sibling_group",
    "health_needs",
    "developmental_needs",
    "behavioural_needs",
    "disability",
    "contact",
    "language",
    "ethnicities",
    "religion",
    "residence_authority__code",
    "residence_authority__region__code",
    "owner__code",
    "owner__kind",
    "approved_on",
)


def family_offers_from(
    queryset: QuerySet[Household], *, today: date | None = None
) -> list[engine.FamilyOffer]:
    """Approved households as the engine sees them: one read of the rows,
    no names or address. A household with no approval range recorded is left
    out (nothing could be checked against it). The key is the household's id."""
    today = today or timezone.localdate()
    rows = queryset.annotate(approved_on=approved_on_subquery_for()).values_list(*_OFFER_FIELDS)
    offers = []
    for (
        pk,
        age_min,
        age_max,
        max_children,
        siblings,
        health,
        developmental,
        behavioural,
        disability,
        contact,
        language,
        ethnicities,
        religion,
        authority,
        region,
        owner,
        owner_kind,
        approved_on,
    ) in rows:
        if age_max is None or max_children is None:
            continue
        offers.append(
            engine.FamilyOffer(
                key=str(pk),
                min_age_years=age_min or 0,
                max_age_years=age_max,
                max_children=max_children,
                takes_sibling_groups=siblings,
                max_health=health or "none",
                max_developmental=developmental or "none",
                max_behavioural=behavioural or "none",
                disability=disability,
                contact=_contact_level(contact or []),
                welsh_speaking=language in engine.WELSH_SPEAKING,
                ethnicities=frozenset(ethnicities or []),
                religion=religion or "",
                local_authority=authority or "",
                region=region or "",
                owner=owner,
                owner_is_agency=owner_kind == OrganisationKind.VOLUNTARY_AGENCY,
                waiting_days=max((today - approved_on).days, 0) if approved_on else 0,
            )
        )
    return offers


def offered_households() -> QuerySet[Household]:
    return Household.objects.filter(
        archived_at__isnull=True, stage__in=OFFERED_STAGES, matching_profile__isnull=False
    )


def households_for_region(region_id: int | None) -> QuerySet[Household]:
    """The households a child of this region may be offered: the region's own
    (published to the region) and everyone's on the national register."""
    published = Q(matching_profile__published_nationally_at__isnull=False)
    if region_id is not None:
        published |= Q(
            matching_profile__published_to_region_at__isnull=False, matching_profile__region_id=region_id
        )
    return offered_households().filter(published)


def households_on_register() -> QuerySet[Household]:
    """Households on the national register still waiting (the national plan),
    as nas.matching.figures defines them."""
    return figures.households_on_register()


def household_token(scope: str, today: date) -> str:
    """Changes whenever any household or household profile changes (every
    write bumps its updated_at), and each day (waiting times grow): the key of
    the family set built for this scope."""
    found = Household.objects.aggregate(
        households=Count("pk"), changed=Max("updated_at"), profiles=Max("matching_profile__updated_at")
    )
    return f"{scope}:{today.isoformat()}:{found['households']}:{found['changed']}:{found['profiles']}"


def family_set_for_region(region_id: int | None, today: date) -> engine.FamilySet:
    queryset = households_for_region(region_id)
    return engine.cached_family_set(
        household_token(f"region-{region_id}", today), lambda: family_offers_from(queryset, today=today)
    )
