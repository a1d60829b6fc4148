"""Where a figure is for: Wales, a region, a local authority, or the
voluntary adoption agencies together.

- A child counts in the region of the child's local authority (the
  authority that looks after the child).
- An adopter household counts under the region or agency that owns it;
  voluntary agencies' households count in Wales's figures and under
  "voluntary agencies", in no region.
- A support case counts in the region whose support team holds it.

Each scope names the organisations whose records it adds up, per subject;
None means every one, an empty set that the measure does not apply (an
authority has no adopters of its own).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nas.organisations.models import Organisation, OrganisationKind

WALES, REGION, AUTHORITY, AGENCIES = "wales", "region", "authority", "agencies"
AGENCIES_CODE = "voluntary-agencies"
NONE: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Scope:
    kind: str
    code: str
    name_en: str
    name_cy: str
    #: Local authorities whose children count (None: all).
    authorities: frozenset[int] | None
    #: Regions and agencies whose households count (None: all).
    owners: frozenset[int] | None
    #: Regions whose support cases count (None: all).
    support_regions: frozenset[int] | None
    organisation_id: int | None = None

    @property
    def name(self) -> str:
        return self.name_cy if (get_language() or "en").startswith("cy") else self.name_en

    def __str__(self) -> str:
        return self.name


def wales() -> Scope:
    return Scope(WALES, "wales", "Wales", "Cymru", None, None, None)


def for_region(region: Organisation, authority_ids: frozenset[int]) -> Scope:
    return Scope(
        REGION,
        region.code,
        region.name_en,
        region.name_cy,
        authority_ids,
        frozenset({region.pk}),
        frozenset({region.pk}),
        region.pk,
    )


def for_authority(authority: Organisation) -> Scope:
    return Scope(
        AUTHORITY,
        authority.code,
        authority.name_en,
        authority.name_cy,
        frozenset({authority.pk}),
        NONE,
        NONE,
        authority.pk,
    )


def agencies() -> Scope:
    ids = frozenset(Organisation.objects.agencies().values_list("pk", flat=True))
    return Scope(
        AGENCIES,
        AGENCIES_CODE,
        "Voluntary adoption agencies",
        "Asiantaethau mabwysiadu gwirfoddol",
        NONE,
        ids,
        NONE,
    )


def regions() -> list[Scope]:
    """Every region, in name order, with its authorities."""
    authorities: dict[int, set[int]] = {}
    for pk, region_id in Organisation.objects.local_authorities().values_list("pk", "region_id"):
        authorities.setdefault(region_id, set()).add(pk)
    return [
        for_region(region, frozenset(authorities.get(region.pk, set())))
        for region in Organisation.objects.regions().filter(active=True).order_by("name_en")
    ]


def national() -> list[Scope]:
    """What the national dashboard sets side by side: every region, the
    voluntary agencies, and Wales."""
    return [*regions(), agencies(), wales()]


def region_scope(region: Organisation) -> Scope:
    ids = frozenset(Organisation.objects.filter(region=region).values_list("pk", flat=True))
    return for_region(region, ids)


def by_code(code: str) -> Scope | None:
    if code == "wales":
        return wales()
    if code == AGENCIES_CODE:
        return agencies()
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        return None
    if organisation.kind == OrganisationKind.REGION:
        return region_scope(organisation)
    if organisation.kind == OrganisationKind.LOCAL_AUTHORITY:
        return for_authority(organisation)
    return None


def label(scope: Scope) -> str:
    return scope.name if scope.kind != WALES else _("Wales")
