"""Who may see and do what in family finding (DESIGN.md section 3).

Children's profiles:
- The owning authority's staff see their children's profiles; the child's
  social worker or team manager edits and publishes them.
- The region the child is referred to sees the shared view once the worker
  has published it to the region.
- The national team (Director of Operations, performance analyst) sees the
  profiles published on the national register, without identity.
- A National Board member sees aggregates only; anybody else sees nothing
  (404).

Weights and the inter-agency fee table are configuration, not a person's
record: every member of staff may read them (so a suggestion's weights are
never a secret), and only the national team changes them.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from nas.access import scope
from nas.access.policies import Policy, register
from nas.accounts.roles import Role
from nas.matching.models import ChildProfile, InterAgencyFee, WeightSet

CASE_KEEPERS = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
NATIONAL_TEAM = (Role.DIRECTOR_OF_OPERATIONS, Role.PERFORMANCE_ANALYST)
AGGREGATE_READERS = (*NATIONAL_TEAM, Role.NATIONAL_BOARD_MEMBER)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_national_team(user: Any) -> bool:
    return _signed_in(user) and scope.is_national(user) and user.has_role(*NATIONAL_TEAM)


def reads_register_aggregates(user: Any) -> bool:
    return _signed_in(user) and scope.is_national(user) and user.has_role(*AGGREGATE_READERS)


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
        region_id = scope.family_finding_region_id(user)
        if region_id is not None:
            return profiles.filter(region_id=region_id, published_to_region_at__isnull=False)
        if is_national_team(user):
            return profiles.filter(published_nationally_at__isnull=False)
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


profiles = register(ChildProfilePolicy())
weight_sets = register(WeightSetPolicy())
fees = register(InterAgencyFeePolicy())
