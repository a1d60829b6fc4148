from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "nas.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from nas.documents import checks, policies, subjects, worklist  # noqa: F401  (registers them)
