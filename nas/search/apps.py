from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "nas.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from nas.search import providers  # noqa: F401  (registers them)
