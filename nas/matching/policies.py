"""Who may see and do what in family finding (docs/design.md, "Who may see what").

Children's profiles:
- The owning authority's staff see their children's profiles; the child's
  social worker or team manager edits and publishes them.
- The region the child is referred to sees the shared view once the worker
  has published it to the region.
- Every region, the voluntary agencies and the national team (Director of
  Operations, performance analyst) see the profiles published on the
  national register, without identity; an agency also sees the children
  linked with its households.
- A National Board member sees aggregates only; anybody else sees nothing
  (404).

Suggestions for a child are for the child's own authority and for the
family finders (and the manager) of the region the child is referred to; a
family finder of another region who sees a profile on the national register
gets no suggestions for it (they would show the first region's families).

Households' profiles (no names, no address beyond the region):
- The owning region's or agency's staff see their households' profiles; the
  assessor and the regional manager choose what they share.
- The family finders and staff of the region the household lives in (its
  profile's region) see it once published to the region; everyone in family
  finding (local authorities, regions, the national team) once it is on the
  national register; a local authority also sees the households linked with
  its children.

Links between a child and a household:
- The child's authority, the region that family-finds for the child (its
  panel hears the match) and the household's region or agency see the link;
  nobody else (404): not another region's family finder, not the national
  tier (which sees the national plan's figures).
- The child's side (the family finder of the region, the child's social
  worker or team manager) and the household's side (their assessor, the
  regional manager) each express interest and answer the other's; either
  declines with a coded reason and feedback. Only the child's authority's
  agency decision maker decides the match; only the child's social worker or
  team manager records introductions, the placement and what follows.

The national register in figures and the national plan (counts and the
plan's figures, no identity):
- The national team and the National Board see them for all Wales; the
  national team alone sees the plan's pairs (anonymous profile references)
  and asks for the plan to be worked out again.
- A region's family finders and its regional manager see them too: family
  finding across regions is their work, and the register's table shows each
  region's own children and households waiting beside the others' (the
  figures are counts, as the service publishes them). They see the plan's
  figures but not its pairs, which pair other regions' children and
  households; their own children and households are on their profile lists.
  (Before, they were refused with 403 and could not see their own region's
  place on the register.)

Weights and the inter-agency fee table are configuration, not a person's
record: every member of staff may read them (so a suggestion's weights are
never a secret), and only the national team changes them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from nas.access import scope
from nas.access.policies import Policy, register
from nas.accounts.roles import Role
from nas.matching.models import (
    OPEN_STATES,
    ChildProfile,
    HouseholdProfile,
    InterAgencyFee,
    Link,
    LinkSide,
    LinkState,
    WeightSet,
)

CASE_KEEPERS = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
NATIONAL_TEAM = (Role.DIRECTOR_OF_OPERATIONS, Role.PERFORMANCE_ANALYST)
AGGREGATE_READERS = (*NATIONAL_TEAM, Role.NATIONAL_BOARD_MEMBER)
#: The region's people who find families for its children.
FAMILY_FINDERS = (Role.FAMILY_FINDER, Role.REGIONAL_MANAGER)
#: The household's own workers.
HOUSEHOLD_KEEPERS = (Role.ADOPTER_ASSESSOR, Role.REGIONAL_MANAGER)
#: Who reads the children suggested for a household.
HOUSEHOLD_FINDERS = (Role.ADOPTER_ASSESSOR, Role.FAMILY_FINDER, Role.REGIONAL_MANAGER)
DECLINABLE = frozenset(
    {
        LinkState.INTEREST,
        LinkState.ACCEPTED,
        LinkState.LINKED,
        LinkState.LINKING_MEETING,
        LinkState.MATCHING_PANEL,
    }
)
#: Steps the child's side records, and the states they follow.
CHILD_SIDE_STEPS = {"link": {LinkState.ACCEPTED}, "linking_meeting": {LinkState.LINKED}}
#: Steps only the child's authority records (its social worker or team manager).
AUTHORITY_STEPS = {
    "introductions": {LinkState.MATCHED},
    "placed": {LinkState.MATCHED, LinkState.INTRODUCTIONS},
    "adoption_order": {LinkState.PLACED},
    "disrupted": {LinkState.INTRODUCTIONS, LinkState.PLACED},
}


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_national_team(user: Any) -> bool:
    return _signed_in(user) and scope.is_national(user) and user.has_role(*NATIONAL_TEAM)


def reads_register_aggregates(user: Any) -> bool:
    return _signed_in(user) and scope.is_national(user) and user.has_role(*AGGREGATE_READERS)


def reads_register_figures(user: Any) -> bool:
    """The register in figures and the national plan's figures: the national
    aggregate readers, and a region's family finders and regional manager."""
    return reads_register_aggregates(user) or (
        _signed_in(user) and scope.is_regional(user) and user.has_role(*FAMILY_FINDERS)
    )


def reads_equity(user: Any) -> bool:
    """The equity report: the national team for all Wales, a regional manager for the region."""
    return is_national_team(user) or (
        _signed_in(user) and scope.is_regional(user) and user.has_role(Role.REGIONAL_MANAGER)
    )


def equity_region_id(user: Any) -> int | None:
    """The region the person's equity report covers (None: all Wales)."""
    return None if is_national_team(user) else user.organisation_id


class ChildProfilePolicy(Policy[ChildProfile]):
    model = ChildProfile
    record_type = "matching.childprofile"
    audited_reads = True

    def scope(self, user: Any) -> models.QuerySet[ChildProfile]:
        profiles = ChildProfile.objects.all()
        if not _signed_in(user):
            return profiles.none()
        authority_id = scope.owning_local_authority_id(user)
        if authority_id is not None:
            return profiles.filter(child__local_authority_id=authority_id)
        national = Q(published_nationally_at__isnull=False)
        region_id = scope.family_finding_region_id(user)
        if region_id is not None:
            return profiles.filter(Q(region_id=region_id, published_to_region_at__isnull=False) | national)
        if scope.is_voluntary(user):
            # An agency finds children for its own families on the national register.
            linked = Link.objects.filter(
                child_id=OuterRef("child_id"), household__owner_id=user.organisation_id
            )
            return profiles.filter(national | Exists(linked))
        if is_national_team(user):
            return profiles.filter(national)
        return profiles.none()

    def can(self, user: Any, action: str, record: ChildProfile | None = None) -> bool:
        if not _signed_in(user):
            return False
        if action == "list":
            return scope.is_local(user) or scope.is_regional(user) or is_national_team(user)
        if action == "view":
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        if action == "view_child":
            return scope.is_local(user)
        if action == "suggest":
            # The child's authority, or the family finders of the region the child is referred to.
            if record is None:
                return scope.is_local(user) or (scope.is_regional(user) and user.has_role(*FAMILY_FINDERS))
            return may_act_for_child(user, record, any_local_role=True)
        if action == "express_interest":
            return record is not None and may_act_for_child(user, record) and not record.is_archived
        if action in {"edit", "publish"}:
            return (
                scope.is_local(user)
                and user.has_role(*CASE_KEEPERS)
                and not (record is not None and (record.child.is_restricted or record.is_archived))
            )
        return False


class WeightSetPolicy(Policy[WeightSet]):
    model = WeightSet
    record_type = "matching.weightset"
    audited_reads = False

    def scope(self, user: Any) -> models.QuerySet[WeightSet]:
        return WeightSet.objects.all() if _signed_in(user) else WeightSet.objects.none()

    def can(self, user: Any, action: str, record: WeightSet | None = None) -> bool:
        if action in {"list", "view"}:
            return _signed_in(user)
        if action == "change":
            return is_national_team(user)
        return False


class InterAgencyFeePolicy(Policy[InterAgencyFee]):
    model = InterAgencyFee
    record_type = "matching.interagencyfee"
    audited_reads = False

    def scope(self, user: Any) -> models.QuerySet[InterAgencyFee]:
        return InterAgencyFee.objects.all() if _signed_in(user) else InterAgencyFee.objects.none()

    def can(self, user: Any, action: str, record: InterAgencyFee | None = None) -> bool:
        if action in {"list", "view"}:
            return _signed_in(user)
        if action == "change":
            return is_national_team(user)
        return False


def may_act_for_child(user: Any, profile: ChildProfile, *, any_local_role: bool = False) -> bool:
    """The child's side: the child's social worker or team manager (or, for
    reading, anyone in the child's authority), or a family finder or the
    manager of the region the child is referred to."""
    if not _signed_in(user):
        return False
    if scope.is_local(user):
        return profile.child.local_authority_id == user.organisation_id and (
            any_local_role or user.has_role(*CASE_KEEPERS)
        )
    return (
        scope.is_regional(user)
        and user.organisation_id == profile.region_id
        and profile.is_published_to_region
        and user.has_role(*FAMILY_FINDERS)
    )


class HouseholdProfilePolicy(Policy[HouseholdProfile]):
    model = HouseholdProfile
    record_type = "matching.householdprofile"
    audited_reads = True

    def scope(self, user: Any) -> models.QuerySet[HouseholdProfile]:
        profiles = HouseholdProfile.objects.all()
        if not _signed_in(user):
            return profiles.none()
        national = Q(published_nationally_at__isnull=False)
        if scope.is_local(user):
            linked = Link.objects.filter(
                household_id=OuterRef("household_id"), child__local_authority_id=user.organisation_id
            )
            in_region = Q(published_to_region_at__isnull=False, region_id=user.organisation.region_id)
            return profiles.filter(national | in_region | Exists(linked))
        if scope.is_regional(user):
            linked = Link.objects.filter(
                household_id=OuterRef("household_id"), region_id=user.organisation_id
            )
            return profiles.filter(
                Q(household__owner_id=user.organisation_id)
                | Q(published_to_region_at__isnull=False, region_id=user.organisation_id)
                | national
                | Exists(linked)
            )
        if scope.is_voluntary(user):
            return profiles.filter(household__owner_id=user.organisation_id)
        if is_national_team(user):
            return profiles.filter(national)
        return profiles.none()

    def can(self, user: Any, action: str, record: HouseholdProfile | None = None) -> bool:
        if not _signed_in(user):
            return False
        if action == "list":
            return (
                scope.is_local(user)
                or scope.is_regional(user)
                or scope.is_voluntary(user)
                or is_national_team(user)
            )
        if action == "view":
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        owns = record is not None and record.household.owner_id == user.organisation_id
        if action == "view_household":
            return owns and scope.adopter_owner_id(user) is not None
        if action in {"edit", "publish"}:
            return owns and user.has_role(*HOUSEHOLD_KEEPERS) and not record.is_archived  # type: ignore[union-attr]
        if action == "suggest":
            return owns and user.has_role(*HOUSEHOLD_FINDERS)
        if action == "express_interest":
            return owns and user.has_role(*HOUSEHOLD_KEEPERS)
        return False


def side_of(user: Any, link: Link) -> set[str]:
    """Which sides of the link this person may act for (a regional manager of
    the child's region who also manages the household's may be both)."""
    sides: set[str] = set()
    if not _signed_in(user):
        return sides
    if scope.is_local(user):
        if link.child.local_authority_id == user.organisation_id and user.has_role(*CASE_KEEPERS):
            sides.add(LinkSide.CHILD)
    elif (
        scope.is_regional(user) and user.organisation_id == link.region_id and user.has_role(*FAMILY_FINDERS)
    ):
        sides.add(LinkSide.CHILD)
    if user.organisation_id == link.household.owner_id and user.has_role(*HOUSEHOLD_KEEPERS):
        sides.add(LinkSide.HOUSEHOLD)
    return sides


class LinkPolicy(Policy[Link]):
    model = Link
    record_type = "matching.link"
    audited_reads = True

    def scope(self, user: Any) -> models.QuerySet[Link]:
        links = Link.objects.all()
        if not _signed_in(user):
            return links.none()
        if scope.is_local(user):
            return links.filter(child__local_authority_id=user.organisation_id)
        if scope.is_regional(user):
            return links.filter(
                Q(region_id=user.organisation_id) | Q(household__owner_id=user.organisation_id)
            )
        if scope.is_voluntary(user):
            return links.filter(household__owner_id=user.organisation_id)
        return links.none()

    def can(self, user: Any, action: str, record: Link | None = None) -> bool:
        if not _signed_in(user):
            return False
        if action == "list":
            return scope.is_local(user) or scope.is_regional(user) or scope.is_voluntary(user)
        if action == "view":
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        if record is None or record.is_archived:
            return False
        sides = side_of(user, record)
        if action == "respond":
            return (
                record.state == LinkState.INTEREST
                and record.responder_side in sides
                and record.created_by_id != user.pk
            )
        if action == "decline":
            return record.state in DECLINABLE and bool(sides)
        if action in CHILD_SIDE_STEPS:
            return record.state in CHILD_SIDE_STEPS[action] and LinkSide.CHILD in sides
        if action in AUTHORITY_STEPS:
            return (
                record.state in AUTHORITY_STEPS[action]
                and scope.is_local(user)
                and record.child.local_authority_id == user.organisation_id
                and user.has_role(*CASE_KEEPERS)
            )
        if action == "decide":
            return (
                record.state == LinkState.MATCHING_PANEL
                and scope.is_local(user)
                and record.child.local_authority_id == user.organisation_id
                and user.has_role(Role.AGENCY_DECISION_MAKER)
            )
        return False

    def label(self, record: Link) -> str:
        return str(record)

    def open_for(self, user: Any) -> models.QuerySet[Link]:
        return self.scope(user).filter(state__in=list(OPEN_STATES))


profiles = register(ChildProfilePolicy())
household_profiles = register(HouseholdProfilePolicy())
links = register(LinkPolicy())
weight_sets = register(WeightSetPolicy())
fees = register(InterAgencyFeePolicy())
