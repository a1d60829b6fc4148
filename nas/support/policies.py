"""Who may see and do what in adoption support (docs/design.md, "Who may see what").

Adoption support is a regional function: every support record is owned by
the region whose support team holds it (the regional collaborative of the
support worker who opened it).

- A region's support workers and its regional manager see and keep their
  own region's support records (people, cases, birth records requests,
  intermediary cases).
- The region's other staff (family finders, adopter assessors, panel
  advisers, the agency decision maker for adopters) see none of them: they
  hold birth parents' and adopted adults' identities and personal history,
  and none of those roles needs them for its work. Nobody else does either:
  another region's staff, local authority staff, voluntary agencies and the
  national tier get 404.
- Letterbox agreements and letters are narrower still ("visible only to the
  people the agreement names"): only the workers allocated to the agreement
  and the owning region's regional manager may see them. A support worker of
  the same region who is not allocated gets 404. The families named in the
  agreement are not users of this system; letters reach them when a worker
  releases them.
- Within scope, roles limit actions: the decision on providing services
  (SI 2005/1512 reg. 13) and the allocation of workers to a letterbox
  agreement are the regional manager's; support workers and the manager do
  the rest.

Every read of one of these records goes through nas.access.lookup, which
audits it; every write is audited by its service.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from nas.access import scope
from nas.access.policies import Policy, register
from nas.accounts.roles import Role
from nas.support.models import (
    BirthRecordsRequest,
    IntermediaryCase,
    Letter,
    LetterboxAgreement,
    SupportCase,
    SupportPerson,
)

SUPPORT_ROLES = (Role.SUPPORT_WORKER, Role.REGIONAL_MANAGER)
M = TypeVar("M", bound=models.Model)


def support_region_id(user: Any) -> int | None:
    """The region whose support records this person keeps: a region's support
    worker or regional manager; nobody else."""
    if not getattr(user, "is_authenticated", False) or not scope.is_regional(user):
        return None
    return user.organisation_id if user.has_role(*SUPPORT_ROLES) else None


def is_regional_manager(user: Any) -> bool:
    return support_region_id(user) is not None and user.has_role(Role.REGIONAL_MANAGER)


class RegionalSupportPolicy(Policy[M]):
    """A record owned by a region, kept by the region's support team."""

    audited_reads = True
    #: Actions only the regional manager may take.
    manager_actions: frozenset[str] = frozenset()

    def scope(self, user: Any) -> models.QuerySet[M]:
        region_id = support_region_id(user)
        records = self.base_queryset()
        return records.filter(region_id=region_id) if region_id is not None else records.none()

    def can(self, user: Any, action: str, record: M | None = None) -> bool:
        if support_region_id(user) is None:
            return False
        if action == "view":
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        if action in self.manager_actions:
            return user.has_role(Role.REGIONAL_MANAGER)
        return True


class SupportPersonPolicy(RegionalSupportPolicy[SupportPerson]):
    model = SupportPerson
    record_type = "support.person"


class SupportCasePolicy(RegionalSupportPolicy[SupportCase]):
    model = SupportCase
    record_type = "support.case"
    manager_actions = frozenset({"decide"})


class BirthRecordsPolicy(RegionalSupportPolicy[BirthRecordsRequest]):
    model = BirthRecordsRequest
    record_type = "support.birth_records"


class IntermediaryPolicy(RegionalSupportPolicy[IntermediaryCase]):
    model = IntermediaryCase
    record_type = "support.intermediary"


class LetterboxPolicy(Policy[LetterboxAgreement]):
    """Only the allocated workers and the owning region's regional manager."""

    model = LetterboxAgreement
    record_type = "support.letterbox"
    audited_reads = True

    def scope(self, user: Any) -> models.QuerySet[LetterboxAgreement]:
        region_id = support_region_id(user)
        agreements = LetterboxAgreement.objects.all()
        if region_id is None:
            return agreements.none()
        agreements = agreements.filter(region_id=region_id)
        if user.has_role(Role.REGIONAL_MANAGER):
            return agreements
        return agreements.filter(workers=user)

    def can(self, user: Any, action: str, record: LetterboxAgreement | None = None) -> bool:
        if support_region_id(user) is None:
            return False
        if action == "view":
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        if action == "allocate":
            return user.has_role(Role.REGIONAL_MANAGER)
        return True


class LetterPolicy(Policy[Letter]):
    """A letter is seen by exactly the people who may see its agreement."""

    model = Letter
    record_type = "support.letter"
    audited_reads = True

    def scope(self, user: Any) -> models.QuerySet[Letter]:
        return Letter.objects.filter(agreement__in=letterbox.scope(user))

    def can(self, user: Any, action: str, record: Letter | None = None) -> bool:
        if support_region_id(user) is None:
            return False
        if action == "view":
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        return True


people = register(SupportPersonPolicy())
cases = register(SupportCasePolicy())
birth_records = register(BirthRecordsPolicy())
intermediary = register(IntermediaryPolicy())
letterbox = register(LetterboxPolicy())
letters = register(LetterPolicy())
