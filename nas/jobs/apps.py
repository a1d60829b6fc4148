from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "nas.jobs"
    verbose_name = _("Background work")

    def ready(self) -> None:
        # Each part of the service declares its long work in its own jobs.py.
        from django.utils.module_loading import autodiscover_modules

        from nas.jobs import navigation, policies  # noqa: F401  (register themselves)

        autodiscover_modules("jobs")
