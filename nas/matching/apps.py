from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "nas.matching"
    verbose_name = _("Family finding and matching")

    def ready(self) -> None:
        from nas.children.services import MILESTONE_HOOKS
        from nas.core import navigation
        from nas.core.navigation import NavItem
        from nas.matching import policies
        from nas.matching.services import on_milestone

        if on_milestone not in MILESTONE_HOOKS:
            MILESTONE_HOOKS.append(on_milestone)
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
                    policies.reads_register_aggregates(user) and not policies.profiles.can(user, "list")
                ),
            )
        )
