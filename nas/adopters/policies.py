"""Who may see and do what with adopter households and enquiries
(docs/design.md, "Who may see what").

- A region's staff see the households their region assesses; a voluntary
  agency's staff see their own. Local authority staff, the national tier and
  other regions' or agencies' staff see none of them (404).
- Within scope, the adopter assessor and the regional manager keep the
  journey (create, change, record milestones, open households from
  enquiries); only an agency decision maker records the decisions (through
  the panel's decision, nas.panels); only a manager archives.
- Once a household is approved its approval range is part of the approval:
  the journey keepers change it only by recording a review of the approval
  (nas.adopters.services.approval_range_set), and the agency decision maker
  may change it by their own decision.
- Applicants' identity is personal data: every read and write is audited.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from nas.access import scope
from nas.access.policies import Policy, register
from nas.accounts.roles import Role
from nas.adopters.journey import APPROVED_STAGES, DECISIONS, PANEL_STEPS, TERMINAL
from nas.adopters.models import Enquiry, Household

JOURNEY_KEEPERS = (Role.ADOPTER_ASSESSOR, Role.REGIONAL_MANAGER)
# In a voluntary agency there is no 'regional manager': its assessors keep the journey.


class HouseholdPolicy(Policy[Household]):
    model = Household
    record_type = "adopters.household"
    audited_reads = True

    def scope(self, user: Any) -> models.QuerySet[Household]:
        owner_id = scope.adopter_owner_id(user)
        if owner_id is None:
            return Household.objects.none()
        return Household.objects.filter(owner_id=owner_id)

    def can(self, user: Any, action: str, record: Household | None = None) -> bool:
        if scope.adopter_owner_id(user) is None:
            return False
        if action in {"list", "view"}:
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        closed = record is not None and (record.is_archived or record.stage in TERMINAL)
        if action in {"create", "edit", "record_milestone", "correct_milestone", "manage_members"}:
            return user.has_role(*JOURNEY_KEEPERS) and not (
                action != "create" and record is not None and record.is_archived
            )
        if action == "edit_range":
            if closed:
                return False
            if record is not None and record.stage in APPROVED_STAGES:
                return user.has_role(*JOURNEY_KEEPERS, Role.AGENCY_DECISION_MAKER)
            return user.has_role(*JOURNEY_KEEPERS)
        if action == "archive":
            return user.has_role(Role.REGIONAL_MANAGER) or (
                scope.is_voluntary(user) and user.has_role(Role.ADOPTER_ASSESSOR)
            )
        return False

    def may_record(self, user: Any, household: Household, kind: str) -> bool:
        """Panel steps and decisions are recorded by the panel and the decision
        maker (nas.panels), never typed in on the household's page."""
        if kind in PANEL_STEPS or kind in DECISIONS:
            return False
        return self.can(user, "record_milestone", household) and not household.is_archived

    def may_correct(self, user: Any, household: Household, kind: str) -> bool:
        """Panel steps and decisions carry the dates of the panel's and the
        decision maker's records (nas.panels): they are not corrected here."""
        if kind in PANEL_STEPS or kind in DECISIONS:
            return False
        return self.can(user, "correct_milestone", household)

    def label(self, record: Household) -> str:
        return record.reference


class EnquiryPolicy(Policy[Enquiry]):
    model = Enquiry
    record_type = "adopters.enquiry"
    audited_reads = True

    def scope(self, user: Any) -> models.QuerySet[Enquiry]:
        owner_id = scope.adopter_owner_id(user)
        if owner_id is None:
            return Enquiry.objects.none()
        return Enquiry.objects.filter(organisation_id=owner_id)

    def can(self, user: Any, action: str, record: Enquiry | None = None) -> bool:
        if scope.adopter_owner_id(user) is None:
            return False
        if action in {"list", "view"}:
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        if action in {"open_household", "close"}:
            return user.has_role(*JOURNEY_KEEPERS)
        return False

    def label(self, record: Enquiry) -> str:
        return f"#{record.pk}"


households = register(HouseholdPolicy())
enquiries = register(EnquiryPolicy())
