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


# Roles that manage others' work: they may see who has looked at a record in
# their scope (docs/design.md, "Who may see what") and unlock nothing but their team's view.
MANAGER_ROLES = frozenset(
    {Role.TEAM_MANAGER, Role.REGIONAL_MANAGER, Role.AGENCY_DECISION_MAKER, Role.DIRECTOR_OF_OPERATIONS}
)
