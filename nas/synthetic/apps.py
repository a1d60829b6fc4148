from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyntheticConfig(AppConfig):
    name = "nas.synthetic"
    verbose_name = _("Synthetic national dataset")
