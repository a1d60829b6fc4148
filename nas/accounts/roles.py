from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Social worker")
    TEAM_MANAGER = "team_manager", _("Team manager")
    AGENCY_DECISION_MAKER = "agency_decision_maker", _("Agency decision maker")
    FAMILY_FINDER = "family_finder", _("Family finder")
    ADOPTER_ASSESSOR = "adopter_assessor", _("Adopter assessor")
    PANEL_ADVISER = "panel_adviser", _("Panel adviser")
    SUPPORT_WORKER = "support_worker", _("Support worker")
    REGIONAL_MANAGER = "regional_manager", _("Regional manager")
    PERFORMANCE_ANALYST = "performance_analyst", _("Performance analyst")
    DIRECTOR_OF_OPERATIONS = "director_of_operations", _("Director of Operations")
    NATIONAL_BOARD_MEMBER = "national_board_member", _("National Board member")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Governance: they answer for the service and read its aggregate figures only.
    REGIONAL_BOARD_MEMBER = "regional_board_member", _("Regional Collaborative Board member")
    SENIOR_RESPONSIBLE_OFFICER = "senior_responsible_officer", _("Senior Responsible Officer")
    JOINT_COMMITTEE_MEMBER = "joint_committee_member", _("Joint Committee member")
    DIRECTOR_OF_SOCIAL_SERVICES = "director_of_social_services", _("Director of Social Services")


# Roles that manage others' work: they may see who has looked at a record in
# their scope (docs/design.md, "Who may see what") and unlock nothing but their team's view.
MANAGER_ROLES = frozenset(
    {Role.TEAM_MANAGER, Role.REGIONAL_MANAGER, Role.AGENCY_DECISION_MAKER, Role.DIRECTOR_OF_OPERATIONS}
)


#: Governance roles (docs/design.md: each region's Directors of Social Services on a
#: Regional Collaborative Board, a Joint Committee of cabinet members, the lead
#: authority's Senior Responsible Officer): aggregate figures of their region or
#: authority, never a child's or an adopter's record.
GOVERNANCE_ROLES = frozenset(
    {
        Role.REGIONAL_BOARD_MEMBER,
        Role.SENIOR_RESPONSIBLE_OFFICER,
        Role.JOINT_COMMITTEE_MEMBER,
        Role.DIRECTOR_OF_SOCIAL_SERVICES,
    }
)
#: Governance roles that answer for a whole region (the others, for their authority).
REGIONAL_GOVERNANCE_ROLES = frozenset(
    {Role.REGIONAL_BOARD_MEMBER, Role.SENIOR_RESPONSIBLE_OFFICER, Role.JOINT_COMMITTEE_MEMBER}
)
