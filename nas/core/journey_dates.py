"""Keeps a table of journey dates (one row per child or household, the dates
the performance measures read) equal to what the milestones say.

One grouped query over the milestones of the owners named (or of every
owner) and their rows rewritten, in the caller's transaction. A milestone
saved through the ORM refreshes its owner (a post_save signal each app
connects in its ready()); writes that bypass save() (bulk_create in the
import and the generators, a correction's update) call refresh themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from nas.core.bulk import insert_rows

_BATCH = 5000


@dataclass(frozen=True)
class DatesTable:
    """How a dates table is made from its milestones."""

    dates: type[models.Model]
    milestones: type[models.Model]
    #: The milestone's owner field ("child", "household").
    owner: str
    #: Column -> aggregate over the owner's milestones.
    columns: Mapping[str, models.Aggregate]
    #: Further columns copied from the owner (name -> expression on the milestone).
    copied: Mapping[str, models.F] = field(default_factory=dict)

    def rows(self, owners: list[int] | None) -> Any:
        found = self.milestones._default_manager.all()
        if owners is not None:
            found = found.filter(**{f"{self.owner}_id__in": owners})
        return found.values(f"{self.owner}_id", **self.copied).annotate(**self.columns).order_by()

    def refresh(self, owners: Iterable[int] | None = None) -> int:
        """Rewrite the rows of these owners (every owner when None); the number written."""
        ids = None if owners is None else sorted(set(owners))
        manager = self.dates._default_manager
        written = 0
        with transaction.atomic():
            if ids is None:
                manager.all().delete()
                batches: list[list[int] | None] = [None]
            else:
                batches = [ids[i : i + _BATCH] for i in range(0, len(ids), _BATCH)]
            for batch in batches:
                if batch is not None:
                    manager.filter(**{f"{self.owner}_id__in": batch}).delete()
                made = [self.dates(**row) for row in self.rows(batch)]
                insert_rows(self.dates, made, batch_size=_BATCH)
                written += len(made)
        return written

    def on_saved(self, sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
        if kwargs.get("raw"):
            return  # fixtures load the rows as they are
        self.refresh([getattr(instance, f"{self.owner}_id")])
