"""What every record of the service shares.

Adoption records are kept for at least 100 years (docs/design.md, "Who may see what"):
closing a case archives it, with the reason and who did it; nothing is
hard-deleted. Case records also carry a version number, so two people
editing the same record cannot silently overwrite each other.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NEVER_DELETED = "Adoption records are never deleted; archive the record instead."


class ArchivableQuerySet(models.QuerySet[Any]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)

    def current(self) -> ArchivableQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> ArchivableQuerySet:
        return self.filter(archived_at__isnull=False)


class Archivable(models.Model):
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("archived by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    archive_reason = models.TextField(_("reason for archiving"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)


class Record(Archivable):
    """Base of every case record (child, household, match, support case…)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True
