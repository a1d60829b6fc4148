from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "nas.organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from nas.organisations import policies  # noqa: F401  (registers the policy)
