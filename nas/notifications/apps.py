from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "nas.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from nas.notifications import policies  # noqa: F401  (registers the policy)
