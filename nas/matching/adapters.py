"""From the records to the engine's plain inputs, and back.

The engine never sees a model. This module turns a child's record into
`ChildNeeds`; the adopter households' part of the service adds

    def family_offers_from(queryset) -> list[FamilyOffer]

turning approved, waiting households into `FamilyOffer`s (approval range,
needs they can meet, contact, Welsh language, heritage, authority, region,
owner and days waiting since approval). `suggestions_for` below is then all a
suggestions page or API endpoint needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from nas.children.journey import MilestoneKind
from nas.children.models import Child
from nas.matching import engine
from nas.matching.neighbours import authorities_to_avoid


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
