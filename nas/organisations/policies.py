from __future__ import annotations

from typing import Any

from django.db import models

from nas.access.policies import Policy, register
from nas.organisations.models import Organisation


class OrganisationPolicy(Policy[Organisation]):
    """Reference data: every signed-in member of staff may read it; only an
    administrator changes it (through the administration pages)."""

    model = Organisation
    record_type = "organisations.organisation"
    audited_reads = False

    def scope(self, user: Any) -> models.QuerySet[Organisation]:
        if not getattr(user, "is_authenticated", False):
            return Organisation.objects.none()
        return Organisation.objects.all()

    def can(self, user: Any, action: str, record: Organisation | None = None) -> bool:
        return action in {"view", "list"} and getattr(user, "is_authenticated", False)


organisations = register(OrganisationPolicy())
