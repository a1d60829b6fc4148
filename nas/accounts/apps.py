from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "nas.accounts"
    verbose_name = _("Staff accounts")

    def ready(self) -> None:
        from nas.accounts import policies  # noqa: F401  (registers the policy)
