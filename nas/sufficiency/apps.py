from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SufficiencyConfig(AppConfig):
    """Sufficiency: the pipelines of children and adopters now, the forecast
    of families needed and available, its backtest, and what-if questions."""

    name = "nas.sufficiency"
    verbose_name = _("Sufficiency")
