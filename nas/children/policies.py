"""Who may see and do what with a child's record (docs/design.md, "Who may see what").

- A local authority's staff see that authority's children, identity included.
- A region's staff see the children their authorities have referred to the
  region for family finding, without identity.
- The national tier, Board members and voluntary agencies see no child here
  (the national register's anonymised profiles come with family finding).

Within scope, roles limit actions: only an agency decision maker records a
decision; social workers and team managers keep the journey; only a team
manager imports, archives, or opens a restricted (adopted) child's record.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef

from nas.access import scope
from nas.access.policies import Policy, register
from nas.accounts.roles import Role
from nas.children.journey import MilestoneKind
from nas.children.models import Child, Milestone

DECISIONS = frozenset({MilestoneKind.SHOULD_BE_PLACED, MilestoneKind.MATCH_DECISION})
CASE_KEEPERS = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)


class ChildPolicy(Policy[Child]):
    model = Child
    record_type = "children.child"
    audited_reads = True

    def scope(self, user: Any) -> models.QuerySet[Child]:
        children = Child.objects.all()
        if not getattr(user, "is_authenticated", False):
            return children.none()
        authority_id = scope.owning_local_authority_id(user)
        if authority_id is not None:
            return children.filter(local_authority_id=authority_id)
        region_id = scope.family_finding_region_id(user)
        if region_id is not None:
            referred = Milestone.objects.filter(child=OuterRef("pk"), kind=MilestoneKind.REFERRED_TO_REGION)
            return children.filter(Exists(referred), local_authority__region_id=region_id)
        return children.none()

    def can(self, user: Any, action: str, record: Child | None = None) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        local = scope.is_local(user)
        if action == "list":
            return local or scope.is_regional(user)
        if action == "view":
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        if action == "view_identity":
            return local
        if not local:
            return False
        if action in {"create", "edit", "record_milestone", "correct_milestone", "manage_siblings"}:
            return user.has_role(*CASE_KEEPERS) and not (record is not None and record.is_restricted)
        if action == "record_decision":
            return user.has_role(Role.AGENCY_DECISION_MAKER) and not (
                record is not None and record.is_restricted
            )
        if action in {"import", "archive"}:
            return user.has_role(Role.TEAM_MANAGER)
        if action == "open_restricted":
            return user.has_role(Role.TEAM_MANAGER, Role.AGENCY_DECISION_MAKER)
        return False

    def may_record(self, user: Any, child: Child, kind: str) -> bool:
        action = "record_decision" if kind in DECISIONS else "record_milestone"
        return self.can(user, action, child)

    def may_correct(self, user: Any, child: Child, kind: str) -> bool:
        """A decision's date is the decision maker's to correct; the rest the case keepers'."""
        action = "record_decision" if kind in DECISIONS else "correct_milestone"
        return self.can(user, action, child)

    def trail_visible(self, user: Any, record: Child) -> bool:
        """The audit trail names the child and holds old identity values, so
        only those who may see the child's identity may read it."""
        return self.can(user, "view_identity", record)


children = register(ChildPolicy())
