from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_figures_stamp(using: str = "default", **kwargs: Any) -> None:
    from nas.performance import stamp

    stamp.install(using)


class PerformanceConfig(AppConfig):
    name = "nas.performance"
    verbose_name = _("Performance")

    def ready(self) -> None:
        from nas.core import navigation
        from nas.core.navigation import NavItem
        from nas.performance import worklist  # noqa: F401  (registers the home page's work)
        from nas.performance.policies import reads_any_figures

        navigation.register(NavItem("performance:index", _("Performance"), reads_any_figures))
        # After every migrate, not in one migration: SQLite drops a table's
        # triggers when a later migration rebuilds that table.
        post_migrate.connect(_install_figures_stamp, sender=self, dispatch_uid="performance_figures_stamp")
