"""Who is waiting for a family, and which families are waiting: each figure
defined once, here. The national register in figures, the national plan,
the waiting-time equity report, the national dashboard and the API all read
these definitions, so the same day gives the same number on every page.

- **Children waiting for a family**: a child (not archived) whose agency
  decision maker decided they should be placed for adoption (Adoption
  Agencies (Wales) Regulations 2005, reg. 19) and who is not yet linked with
  a family, or whose placement ended before the adoption order: the child's
  journey stage is 'should be placed', 'authority to place' or 'placement
  disrupted'. Each child counts once; a sibling group to be placed together
  counts as many children as it has.
- **On the national register**: of those, the children whose family-finding
  profile (not archived) is published on the national register (the
  Adoption Register for Wales).
- **Households waiting for a child**: a household (not archived) approved
  as suitable to adopt and not yet linked with a child: its journey stage
  is 'approved' or 'approved and on the national register, waiting'.
- **Households on the national register**: of those, the ones whose
  family-finding profile is published on the national register.

A child counts in the region of their local authority; a household in the
region that owns it, or for a voluntary agency's household in the region of
its family-finding profile (none when it has no profile yet).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, When

from nas.adopters.journey import Stage as HouseholdStage
from nas.adopters.models import Household
from nas.children.journey import Stage as ChildStage
from nas.children.models import Child
from nas.organisations.models import Organisation, OrganisationKind

#: The child's journey stages in which the child waits for a family.
CHILD_WAITING_STAGES = (ChildStage.SHOULD_BE_PLACED, ChildStage.AUTHORITY_TO_PLACE, ChildStage.DISRUPTED)
#: The household's journey stages in which the household waits for a child.
HOUSEHOLD_WAITING_STAGES = (HouseholdStage.APPROVED, HouseholdStage.WAITING)

_CHILD_ON_REGISTER = Q(
    matching_profile__published_nationally_at__isnull=False, matching_profile__archived_at__isnull=True
)
_HOUSEHOLD_ON_REGISTER = Q(
    matching_profile__published_nationally_at__isnull=False, matching_profile__archived_at__isnull=True
)


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=1), default=0, output_field=IntegerField())


def children_waiting() -> QuerySet[Child]:
    """Children waiting for a family (the module's first definition)."""
    return Child.objects.filter(archived_at__isnull=True, stage__in=CHILD_WAITING_STAGES)


def households_waiting() -> QuerySet[Household]:
    """Households approved and waiting for a child (the module's third definition)."""
    return Household.objects.filter(archived_at__isnull=True, stage__in=HOUSEHOLD_WAITING_STAGES)


def households_on_register() -> QuerySet[Household]:
    """Of the households waiting, those on the national register (the fourth definition)."""
    return households_waiting().filter(_HOUSEHOLD_ON_REGISTER)


@dataclass
class Waiting:
    """The four figures for one scope (a region, or all Wales)."""

    children: int = 0
    children_on_register: int = 0
    households: int = 0
    households_on_register: int = 0
    #: Approved, waiting households without a family-finding profile.
    households_without_profile: int = 0


@dataclass
class WaitingFigures:
    wales: Waiting
    #: Region's pk to its figures, every region present.
    regions: dict[int, Waiting] = field(default_factory=dict)
    #: Region's pk to (code, name), in the order the regions are shown.
    names: dict[int, tuple[str, str]] = field(default_factory=dict)

    def of(self, region_id: int | None) -> Waiting:
        return self.wales if region_id is None else self.regions.get(region_id, Waiting())

    def rows(self) -> list[tuple[str, str, Waiting]]:
        return [(code, name, self.regions[pk]) for pk, (code, name) in self.names.items()]


def waiting_figures() -> WaitingFigures:
    """The four figures for every region and for Wales, today, in two queries
    (and one for the regions' names): kept between requests while the
    figures' tables stay the same (nas.performance.cache), in each language
    (the regions' names)."""
    from django.utils.translation import get_language

    from nas.performance.cache import kept

    return kept("waiting-figures", ((get_language() or "en")[:2],), _waiting_figures)


def _waiting_figures() -> WaitingFigures:
    regions = {r.pk: (r.code, r.name) for r in Organisation.objects.regions().order_by("name_en")}
    by_region = {pk: Waiting() for pk in regions}
    wales = Waiting()
    children = (
        children_waiting()
        .annotate(region=F("local_authority__region_id"), on_register=_flag(_CHILD_ON_REGISTER))
        .values("region", "on_register")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in children:
        for figures in (wales, by_region.get(row["region"])):
            if figures is not None:
                figures.children += row["n"]
                figures.children_on_register += row["n"] * row["on_register"]
    households = (
        households_waiting()
        .annotate(
            region=Case(
                When(owner__kind=OrganisationKind.REGION, then=F("owner_id")),
                default=F("matching_profile__region_id"),
                output_field=IntegerField(),
            ),
            on_register=_flag(_HOUSEHOLD_ON_REGISTER),
            no_profile=_flag(Q(matching_profile__isnull=True)),
        )
        .values("region", "on_register", "no_profile")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in households:
        for figures in (wales, by_region.get(row["region"])):
            if figures is not None:
                figures.households += row["n"]
                figures.households_on_register += row["n"] * row["on_register"]
                figures.households_without_profile += row["n"] * row["no_profile"]
    return WaitingFigures(wales=wales, regions=by_region, names=regions)
