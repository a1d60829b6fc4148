"""Who may see and do what with adoption panels.

- A region's or agency's staff see the panel meetings of their own
  organisation (their agendas name the households they assess); local
  authority staff, the national tier and other organisations see none (404).
- Only a panel adviser manages a panel: meetings, members, agendas,
  recommendations and minutes.
- Only an agency decision maker records the decision.
- Minutes may name people, so reading a meeting is audited.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from nas.access import scope
from nas.access.policies import Policy, register
from nas.accounts.roles import Role
from nas.panels.models import Meeting


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


def may_decide(user: Any) -> bool:
    return scope.adopter_owner_id(user) is not None and user.has_role(Role.AGENCY_DECISION_MAKER)
