"""Who may see and do what with adoption panels.

- A region's or agency's staff see the panel meetings of their own
  organisation (their agendas name the households they assess); local
  authority staff, the national tier and other organisations see none (404).
- Only a panel adviser manages a panel: meetings, members, agendas,
  recommendations and minutes.
- Only an agency decision maker records the decision.
- Minutes may name people, so reading a meeting is audited.
- The central list of panel members is read by the same staff as the
  meetings, and kept (people added, corrected, their leaving dated) only by
  the panel adviser; other organisations and the national tier get 404. It
  names panel members, not children or adopters, so reading it is not audited;
  every change is.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from nas.access import scope
from nas.access.policies import Policy, register
from nas.accounts.roles import Role
from nas.panels.models import CentralMember, Meeting


class MeetingPolicy(Policy[Meeting]):
    model = Meeting
    record_type = "panels.meeting"
    audited_reads = True

    def scope(self, user: Any) -> models.QuerySet[Meeting]:
        owner_id = scope.adopter_owner_id(user)
        if owner_id is None:
            return Meeting.objects.none()
        return Meeting.objects.filter(organisation_id=owner_id)

    def can(self, user: Any, action: str, record: Meeting | None = None) -> bool:
        if scope.adopter_owner_id(user) is None:
            return False
        if action in {"list", "view"}:
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        if action in {"create", "manage"}:
            return user.has_role(Role.PANEL_ADVISER) and not (record is not None and record.is_archived)
        if action == "record_decision":
            return user.has_role(Role.AGENCY_DECISION_MAKER)
        return False

    def label(self, record: Meeting) -> str:
        return str(record)


meetings = register(MeetingPolicy())


class CentralMemberPolicy(Policy[CentralMember]):
    model = CentralMember
    record_type = "panels.centralmember"
    audited_reads = False

    def scope(self, user: Any) -> models.QuerySet[CentralMember]:
        owner_id = scope.adopter_owner_id(user)
        if owner_id is None:
            return CentralMember.objects.none()
        return CentralMember.objects.filter(organisation_id=owner_id)

    def can(self, user: Any, action: str, record: CentralMember | None = None) -> bool:
        if scope.adopter_owner_id(user) is None:
            return False
        if action in {"list", "view"}:
            return True
        if action in {"create", "manage"}:
            return user.has_role(Role.PANEL_ADVISER)
        return False

    def label(self, record: CentralMember) -> str:
        return str(record)


central_members = register(CentralMemberPolicy())


def may_decide(user: Any) -> bool:
    return scope.adopter_owner_id(user) is not None and user.has_role(Role.AGENCY_DECISION_MAKER)
