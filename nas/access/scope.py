"""Tier scope: the law of the service (docs/design.md, "Who may see what") as plain facts
about a person's organisation. Record policies build their querysets from
these, so the rules live in one place.

- A local authority's staff see that authority's children.
- A region's staff see the adopters their region assesses and the children
  referred to the region for family finding.
- A voluntary agency's staff see their own adopters.
- The national team sees anonymised register profiles and aggregate figures;
  a National Board member sees aggregates only.
"""

from __future__ import annotations

from typing import Any

from nas.accounts.roles import GOVERNANCE_ROLES, Role
from nas.organisations.models import OrganisationKind


def governance_only(user: Any) -> bool:
    """A Regional Collaborative Board member, Senior Responsible Officer, Joint
    Committee member or Director of Social Services (and nothing else): they
    read aggregate figures (nas.performance.policies) and no record, so no
    tier's records are theirs."""
    roles: frozenset[str] = getattr(user, "role_set", frozenset())
    return bool(roles) and roles <= GOVERNANCE_ROLES


def _kind(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or governance_only(user):
        return None
    return user.organisation.kind


def is_national(user: Any) -> bool:
    return _kind(user) == OrganisationKind.NATIONAL


def is_regional(user: Any) -> bool:
    return _kind(user) == OrganisationKind.REGION


def is_local(user: Any) -> bool:
    return _kind(user) == OrganisationKind.LOCAL_AUTHORITY


def is_voluntary(user: Any) -> bool:
    return _kind(user) == OrganisationKind.VOLUNTARY_AGENCY


def owning_local_authority_id(user: Any) -> int | None:
    """The authority whose children this person may see, if any."""
    return user.organisation_id if is_local(user) else None


def family_finding_region_id(user: Any) -> int | None:
    """The region whose referred children this person may see, if any."""
    return user.organisation_id if is_regional(user) else None


def adopter_owner_id(user: Any) -> int | None:
    """The region or agency whose adopter households this person may see."""
    return user.organisation_id if (is_regional(user) or is_voluntary(user)) else None


def sees_aggregates_only(user: Any) -> bool:
    """A National Board member, and the regions' and authorities' governance
    roles, see aggregate figures and nothing case-level."""
    return (is_national(user) and user.role_set <= {Role.NATIONAL_BOARD_MEMBER}) or governance_only(user)
