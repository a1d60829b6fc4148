"""Who may export an authority's SSDA903 return, and who may record the
facts it needs about a child.

The return names every child the authority looked after in the year (CHILD
is the case reference, with the date of birth), so it stays inside the
authority: to a region's, an agency's or the national team's staff, and to
another authority's, the return does not exist (404).

Within the authority, exporting is for the team manager, who prepares the
statutory returns, and the agency decision maker, who answers for the
adoption decisions it reports. A social worker works on their own children;
a bulk export of all the authority's children is not part of that work, so
it is refused (403) though the page is in their scope.

The SSDA903 details are part of the child's record: they are reached through
the child's access policy (nas.children.policies), and kept by those who keep
the journey (social workers and team managers). After the adoption order the
record is restricted, and only a team manager may still complete them (the
order itself tells how it was made, E11 or E12).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from nas.access import scope
from nas.access.policies import Policy, register
from nas.accounts.roles import Role
from nas.children.models import Child
from nas.organisations.models import Organisation

EXPORTERS = (Role.TEAM_MANAGER, Role.AGENCY_DECISION_MAKER)
DETAIL_KEEPERS = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)


class Ssda903Policy(Policy[Organisation]):
    """The authority's SSDA903 return. The record is the authority itself."""

    model = Organisation
    record_type = "returns.ssda903"
    # Looking at the return's page names no child; each export is audited by the service.
    audited_reads = False

    def scope(self, user: Any) -> models.QuerySet[Organisation]:
        authority_id = scope.owning_local_authority_id(user)
        if authority_id is None:
            return Organisation.objects.none()
        return Organisation.objects.filter(pk=authority_id)

    def can(self, user: Any, action: str, record: Organisation | None = None) -> bool:
        if not getattr(user, "is_authenticated", False) or not scope.is_local(user):
            return False
        if record is not None and record.pk != user.organisation_id:
            return False
        if action == "view":
            return True
        if action == "export":
            return bool(user.has_role(*EXPORTERS))
        return False

    def may_export_any(self, user: Any) -> bool:
        return self.can(user, "export")

    def label(self, record: Organisation) -> str:
        return f"SSDA903: {record}"


def may_keep_details(user: Any, child: Child) -> bool:
    """Whether this person may record the child's SSDA903 details (the child
    is already in their scope)."""
    if not scope.is_local(user) or child.local_authority_id != user.organisation_id:
        return False
    if child.is_restricted:
        return bool(user.has_role(Role.TEAM_MANAGER))
    return bool(user.has_role(*DETAIL_KEEPERS))


ssda903 = register(Ssda903Policy())
