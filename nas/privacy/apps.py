from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Data protection: a person's subject access export, and the retention
    rules with the report of what is due for review."""

    name = "nas.privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        from nas.core import navigation
        from nas.core.navigation import NavItem
        from nas.privacy.policies import may_see_retention

        navigation.register(NavItem("privacy:retention", _("Records retention"), may_see_retention))
