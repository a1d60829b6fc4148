from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "nas.matching"
    verbose_name = _("Family finding and matching")

    def ready(self) -> None:
        from nas.adopters.services import MILESTONE_HOOKS as HOUSEHOLD_HOOKS
        from nas.children.services import BULK_MILESTONE_HOOKS, MILESTONE_HOOKS
        from nas.core import navigation
        from nas.core.navigation import NavItem
        from nas.matching import panel_subject, policies, worklist  # noqa: F401  (registers them)
        from nas.matching.services import on_household_milestone, on_milestone, on_milestones

        if on_milestone not in MILESTONE_HOOKS:
            MILESTONE_HOOKS.append(on_milestone)
        if on_milestones not in BULK_MILESTONE_HOOKS:
            BULK_MILESTONE_HOOKS.append(on_milestones)
        if on_household_milestone not in HOUSEHOLD_HOOKS:
            HOUSEHOLD_HOOKS.append(on_household_milestone)
        navigation.register(
            NavItem(
                "matching:link-list", _("Links and matches"), lambda user: policies.links.can(user, "list")
            )
        )
        navigation.register(
            NavItem(
                "matching:national-plan",
                _("National plan"),
                lambda user: policies.reads_register_figures(user),
            )
        )
        navigation.register(
            NavItem(
                "matching:profile-list",
                _("Family finding"),
                lambda user: policies.profiles.can(user, "list"),
            )
        )
        # A National Board member sees the register's figures only.
        navigation.register(
            NavItem(
                "matching:register-summary",
                _("National register"),
                lambda user: (
                    policies.reads_register_figures(user) and not policies.profiles.can(user, "list")
                ),
            )
        )
