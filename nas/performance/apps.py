from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "nas.performance"
    verbose_name = _("Performance")

    def ready(self) -> None:
        from nas.core import navigation
        from nas.core.navigation import NavItem
        from nas.performance import worklist  # noqa: F401  (registers the home page's work)
        from nas.performance.policies import reads_any_figures

        navigation.register(NavItem("performance:index", _("Performance"), reads_any_figures))
