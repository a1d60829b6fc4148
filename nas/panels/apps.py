from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "nas.panels"
    verbose_name = _("Adoption panels")

    def ready(self) -> None:
        from nas.core import navigation
        from nas.core.navigation import NavItem
        from nas.panels import policies, subjects, worklist  # noqa: F401  (registers them)
        from nas.panels.policies import meetings

        navigation.register(NavItem("panels:list", _("Panels"), lambda user: meetings.can(user, "list")))
