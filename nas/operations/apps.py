from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the service: health and readiness, the worker's heartbeat,
    structured logs, the shared cache, the replica router, backups."""

    name = "nas.operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from nas.operations import jobs_log  # noqa: F401  (connects the task signals)
