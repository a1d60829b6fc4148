from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from nas.access.policies import Policy
from nas.organisations.models import Organisation, OrganisationKind


def regions_with_authorities(*, user: Any, policy: Policy[Organisation]) -> QuerySet[Organisation]:
    visible = policy.scope(user)
    return (
        visible.filter(kind=OrganisationKind.REGION)
        .select_related("lead_authority")
        .prefetch_related(
            Prefetch(
                "authorities",
                queryset=visible.filter(kind=OrganisationKind.LOCAL_AUTHORITY).order_by("name_en"),
            )
        )
        .order_by("name_en")
    )
