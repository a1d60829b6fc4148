"""Who may see and do what with the performance framework (docs/design.md,
"Who may see what": the national tier owns the framework, the quarterly figures and
intervention).

Figures (the "record" is the organisation a figure is for):
- The Director of Operations, the performance analyst and National Board
  members see every figure: all-Wales, every region, every authority, the
  voluntary agencies, and the national dashboard.
- A regional manager sees their region's figures and its authorities'.
- A local authority's team manager and agency decision maker see their
  authority's figures, read-only.
- Everyone else is refused: 403 for a page that is not about one
  organisation, 404 for another organisation's figures.

Drill-down (the cases behind a figure): the Director and the analyst, to
anonymised cases (a profile reference or a pseudonymous id, never a name,
case reference or date of birth); a regional manager to their region's
cases, seen as the children's access policy lets the region see them
(referred children, without identity); an authority's managers to their
own children. A Board member sees aggregates only: no drill-down at all
(404). Every drill-down is audited as a read of each case listed.

Reports (to the Minister and the National Board): the Director, the analyst
and National Board members make and download them: they hold aggregates
only, and the annual report is the Board's own.

Quarterly returns: the regional manager drafts, checks, signs off and
submits their region's; the national team (and the Board) reads every
return, and the Director and the analyst send a submitted one back to its
region for correction; nobody else sees any.

Interventions: the Director opens, updates and closes them; the region's
regional manager responds; the analyst and the Board read them.

Governance (issue 21): a Regional Collaborative Board member, the lead
authority's Senior Responsible Officer and a Joint Committee member read
their region's figures (and its authorities'), returns and interventions; an
authority's Director of Social Services their authority's figures. Aggregates
only, as a Board member: no drill-down (404), and nothing elsewhere (404).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from nas.access import scope
from nas.access.policies import Policy, register
from nas.accounts.roles import REGIONAL_GOVERNANCE_ROLES, Role
from nas.organisations.models import Organisation, OrganisationKind
from nas.performance.models import Intervention, QuarterlyReturn

NATIONAL_TEAM = (Role.DIRECTOR_OF_OPERATIONS, Role.PERFORMANCE_ANALYST)
NATIONAL_READERS = (*NATIONAL_TEAM, Role.NATIONAL_BOARD_MEMBER)
AUTHORITY_READERS = (Role.TEAM_MANAGER, Role.AGENCY_DECISION_MAKER)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def reads_national(user: Any) -> bool:
    return _signed_in(user) and scope.is_national(user) and user.has_role(*NATIONAL_READERS)


def national_team(user: Any) -> bool:
    return _signed_in(user) and scope.is_national(user) and user.has_role(*NATIONAL_TEAM)


def is_director(user: Any) -> bool:
    return _signed_in(user) and scope.is_national(user) and user.has_role(Role.DIRECTOR_OF_OPERATIONS)


def managed_region_id(user: Any) -> int | None:
    """The region whose figures and return this regional manager keeps."""
    if _signed_in(user) and scope.is_regional(user) and user.has_role(Role.REGIONAL_MANAGER):
        return int(user.organisation_id)
    return None


def read_authority_id(user: Any) -> int | None:
    if _signed_in(user) and scope.is_local(user) and user.has_role(*AUTHORITY_READERS):
        return int(user.organisation_id)
    return None


def governed_region_id(user: Any) -> int | None:
    """The region a Board, Senior Responsible Officer or Joint Committee member answers for."""
    if not (_signed_in(user) and scope.governance_only(user) and user.has_role(*REGIONAL_GOVERNANCE_ROLES)):
        return None
    organisation = user.organisation
    return int(organisation.pk if organisation.kind == OrganisationKind.REGION else organisation.region_id)


def governed_authority_id(user: Any) -> int | None:
    """The authority whose Director of Social Services this is."""
    if (
        _signed_in(user)
        and scope.governance_only(user)
        and user.has_role(Role.DIRECTOR_OF_SOCIAL_SERVICES)
        and user.organisation.kind == OrganisationKind.LOCAL_AUTHORITY
    ):
        return int(user.organisation_id)
    return None


def reads_region(user: Any) -> int | None:
    """The region whose figures, returns and interventions this person reads (not the national tier)."""
    return managed_region_id(user) or governed_region_id(user)


def reads_any_figures(user: Any) -> bool:
    return (
        reads_national(user)
        or managed_region_id(user) is not None
        or read_authority_id(user) is not None
        or governed_region_id(user) is not None
        or governed_authority_id(user) is not None
    )


class FiguresPolicy(Policy[Organisation]):
    """Figures for an organisation (the nation, a region, an authority).

    The scope is the tier's (the national tier all, a region itself and its
    authorities, an authority itself), so a member of staff without a
    performance role is refused (403) on their own organisation's figures
    and told nothing (404) of anyone else's."""

    model = Organisation
    record_type = "performance.figures"
    # Figures name no person; the cases behind them are audited when listed.
    audited_reads = False

    def scope(self, user: Any) -> models.QuerySet[Organisation]:
        organisations = Organisation.objects.exclude(kind=OrganisationKind.VOLUNTARY_AGENCY)
        if not _signed_in(user):
            return organisations.none()
        if scope.is_national(user):
            return organisations
        if scope.is_regional(user):
            return organisations.filter(Q(pk=user.organisation_id) | Q(region_id=user.organisation_id))
        if scope.is_local(user):
            return organisations.filter(pk=user.organisation_id)
        region_id = governed_region_id(user)
        if region_id is not None:
            return organisations.filter(Q(pk=region_id) | Q(region_id=region_id))
        authority_id = governed_authority_id(user)
        if authority_id is not None:
            return organisations.filter(pk=authority_id)
        return organisations.none()

    def readable(self, user: Any) -> models.QuerySet[Organisation]:
        """The organisations whose figures this person may read."""
        if reads_any_figures(user):
            return self.scope(user)
        return Organisation.objects.none()

    def can(self, user: Any, action: str, record: Organisation | None = None) -> bool:
        if not _signed_in(user):
            return False
        in_scope = record is None or self.scope(user).filter(pk=record.pk).exists()
        if action == "view":
            return in_scope and record is not None
        if not reads_any_figures(user):
            return False
        if action == "dashboard":
            return reads_national(user)
        if action == "figures":
            return in_scope
        if action == "drill_down":
            return in_scope and not scope.sees_aggregates_only(user)
        if action == "report":
            # The Board's annual report and the Minister's report are aggregates:
            # the Board, whose report it is, makes and reads them too.
            return reads_national(user)
        return False

    def drills_down(self, user: Any) -> bool:
        return reads_any_figures(user) and not scope.sees_aggregates_only(user)


class QuarterlyReturnPolicy(Policy[QuarterlyReturn]):
    model = QuarterlyReturn
    record_type = "performance.quarterlyreturn"
    audited_reads = False

    def scope(self, user: Any) -> models.QuerySet[QuarterlyReturn]:
        returns = QuarterlyReturn.objects.all()
        if reads_national(user):
            return returns
        region_id = reads_region(user)
        if region_id is not None:
            return returns.filter(region_id=region_id)
        return returns.none()

    def can(self, user: Any, action: str, record: QuarterlyReturn | None = None) -> bool:
        if action == "list":
            return reads_national(user) or reads_region(user) is not None
        if action == "view":
            return record is not None and self.scope(user).filter(pk=record.pk).exists()
        if action in {"refresh", "commentary", "check", "sign_off", "submit", "correct"}:
            region_id = managed_region_id(user)
            return region_id is not None and (record is None or record.region_id == region_id)
        if action == "send_back":
            # The national team sends a submitted return back to its region for correction.
            return national_team(user) and (record is None or record.is_submitted)
        return False

    def label(self, record: QuarterlyReturn) -> str:
        return str(record)


class InterventionPolicy(Policy[Intervention]):
    model = Intervention
    record_type = "performance.intervention"
    audited_reads = False

    def scope(self, user: Any) -> models.QuerySet[Intervention]:
        interventions = Intervention.objects.all()
        if reads_national(user):
            return interventions
        region_id = reads_region(user)
        if region_id is not None:
            return interventions.filter(region_id=region_id)
        return interventions.none()

    def can(self, user: Any, action: str, record: Intervention | None = None) -> bool:
        if action == "list":
            return reads_national(user) or reads_region(user) is not None
        if action == "view":
            return record is not None and self.scope(user).filter(pk=record.pk).exists()
        if action in {"open", "update", "review", "close"}:
            return is_director(user)
        if action == "respond":
            region_id = managed_region_id(user)
            return region_id is not None and (record is None or record.region_id == region_id)
        return False


figures = register(FiguresPolicy())
returns = register(QuarterlyReturnPolicy())
interventions = register(InterventionPolicy())
