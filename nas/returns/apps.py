from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "nas.returns"
    verbose_name = _("Statutory data returns")

    def ready(self) -> None:
        from nas.core import navigation
        from nas.core.navigation import NavItem
        from nas.returns.policies import ssda903

        navigation.register(
            NavItem("returns:ssda903-index", _("SSDA903 return"), lambda user: ssda903.may_export_any(user))
        )
