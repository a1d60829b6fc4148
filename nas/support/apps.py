from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "nas.support"
    verbose_name = _("Adoption support")

    def ready(self) -> None:
        from nas.core import navigation
        from nas.core.navigation import NavItem
        from nas.support import policies, worklist  # noqa: F401  (registers the policies and worklist)
        from nas.support.policies import cases

        navigation.register(
            NavItem("support:caseload", _("Adoption support"), lambda user: cases.can(user, "list"))
        )
