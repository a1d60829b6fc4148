from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "nas.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from nas.accounts.policies import staff_accounts
        from nas.core import navigation, worklist_providers  # noqa: F401  (registers the providers)
        from nas.core.navigation import NavItem

        navigation.register(NavItem("organisations:list", _("Organisations"), lambda user: True))
        navigation.register(
            NavItem("accounts:staff-list", _("Staff"), lambda user: staff_accounts.can(user, "list"))
        )
        navigation.register(NavItem("accounts:my-account", _("Your account"), lambda user: True))


class NasAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "nas.core.admin_site.NasAdminSite"
