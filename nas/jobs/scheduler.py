"""One tick of the scheduler: claim each entry's latest slot not yet claimed
and queue its job; queue again the jobs whose worker died; remove old files."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from nas.jobs import services
from nas.jobs.models import ScheduleSlot
from nas.jobs.schedule import entries

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claimed:
    entry: str
    slot: datetime
    job_id: int


def tick(*, now: datetime, claimed_by: str) -> list[Claimed]:
    claimed = []
    for entry in entries():
        slot = entry.when.latest(now)
        if ScheduleSlot.objects.filter(entry=entry.name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                # The unique (entry, slot) constraint decides which scheduler runs the slot.
                record = ScheduleSlot.objects.create(entry=entry.name, slot=slot, claimed_by=claimed_by)
                job = services.job_start(
                    actor=None,
                    kind=entry.kind,
                    params=entry.params(slot),
                    idempotency_key=f"{entry.name}:{slot.isoformat()}",
                )
                ScheduleSlot.objects.filter(pk=record.pk).update(job=job)
        except IntegrityError:
            continue
        logger.info("Scheduled %s for %s: job %s", entry.name, slot.isoformat(), job.pk)
        claimed.append(Claimed(entry.name, slot, job.pk))
    services.jobs_requeue_stale(now=now)
    services.results_prune(now=now)
    return claimed
