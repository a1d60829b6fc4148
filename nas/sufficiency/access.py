"""Whose sufficiency figures a person may read: the same rule as the
performance framework's figures (nas.performance.policies.FiguresPolicy),
since these are aggregate figures of the same organisations. The national
tier reads every scope, a regional manager their region and its
authorities, an authority's managers their authority; another
organisation's figures do not exist for them (404), and a member of staff
without a figures role is refused (403) on their own."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from nas.access.lookup import get_for_user
from nas.organisations.models import Organisation, OrganisationKind
from nas.performance import scopes as S
from nas.performance.policies import figures as figures_policy
from nas.performance.policies import (
    governed_authority_id,
    governed_region_id,
    managed_region_id,
    read_authority_id,
)


def scope_for(user: Any, code: str) -> S.Scope:
    """The scope named by its organisation's code, if this person may read its figures."""
    pk = (
        Organisation.objects.filter(code=code)
        .exclude(kind=OrganisationKind.VOLUNTARY_AGENCY)
        .values_list("pk", flat=True)
        .first()
    )
    organisation = get_for_user(user, figures_policy, pk=pk, action="figures")
    scope = S.by_code(organisation.code)
    if scope is None:
        raise Http404
    return scope


def reads_every_scope(user: Any) -> bool:
    return figures_policy.can(user, "dashboard")


def own_scope_code(user: Any) -> str:
    """The region or authority whose figures this person keeps (403 if none)."""
    own = (
        managed_region_id(user)
        or read_authority_id(user)
        or governed_region_id(user)
        or governed_authority_id(user)
    )
    if own is None:
        raise PermissionDenied
    return str(Organisation.objects.filter(pk=own).values_list("code", flat=True).get())


def scopes_for_overview() -> list[S.Scope]:
    """Wales, each region, each authority (name order within their region)."""
    regions = S.regions()
    authorities = {
        a.pk: a for a in Organisation.objects.local_authorities().filter(active=True).order_by("name_en")
    }
    out = [S.wales()]
    for region in regions:
        out.append(region)
        out += [
            S.for_authority(authorities[pk])
            for pk in sorted(
                region.authorities or (), key=lambda p: authorities[p].name_en if p in authorities else ""
            )
            if pk in authorities
        ]
    return out
