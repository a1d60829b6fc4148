from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "nas.casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        from nas.access import scope
        from nas.casework import policies, worklist  # noqa: F401  (registers them)
        from nas.core import navigation
        from nas.core.navigation import NavItem

        navigation.register(
            NavItem("casework:my-cases", _("My cases"), lambda user: not scope.is_national(user))
        )
        navigation.register(NavItem("casework:caseload", _("Caseload"), policies.is_manager))
