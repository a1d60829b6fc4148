"""A record of each run of the synthetic national dataset's generator, so a
second run with the same seed is refused rather than doubling the data."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from nas.core.models import NEVER_DELETED


class GenerationRun(models.Model):
    seed = models.BigIntegerField(_("seed"), unique=True)
    scale = models.FloatField(_("scale"))
    years = models.PositiveSmallIntegerField(_("years of history"))
    history_ends = models.DateField(_("history ends on"))
    counts = models.JSONField(_("records made"), default=dict)
    seconds = models.FloatField(_("seconds taken"), default=0)
    created_at = models.DateTimeField(_("generated at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("synthetic data run")
        verbose_name_plural = _("synthetic data runs")

    def __str__(self) -> str:
        return f"seed {self.seed}, scale {self.scale:g}, {self.years} years"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)
