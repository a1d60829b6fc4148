"""`generate()`: the synthetic national dataset, for the command line, the
demonstration (`make run`), the tests and the benchmarks.

One run writes thousands of records in bulk. The children's journeys go
through the journey's one bulk writer (nas.children.services.
milestones_record_many), so its rules and hooks run as for an import; the
family-finding profiles that hook makes are audited one entry each, as for
an import. Everything else bypasses the per-record services (which would
write one audit entry each): the run writes ONE audit entry for it
(record type "synthetic.run", with the seed, the scale, the years, the
history's last day and the counts), through nas.audit.services.audit_record,
so the audit chain's head stays consistent. Every record carries a reference that says it is synthetic
(case references "GEN-<seed>-…", household references "GEN-<seed>-H…",
support cases "G<seed>-S…"), and nothing in it names a real person or a
place other than the authorities themselves.

A seed is generated once: a second run with the same seed is refused
(records are never deleted, so the data would double).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.synthetic.models import GenerationRun
from nas.synthetic.simulation import Simulation
from nas.synthetic.writer import Writer

RECORD_TYPE = "synthetic.run"
MAX_SCALE = 20.0
MAX_YEARS = 30


class AlreadyGenerated(Exception):
    def __init__(self, run: GenerationRun) -> None:
        self.run = run
        super().__init__(
            f"Seed {run.seed} was already generated on "
            f"{timezone.localtime(run.created_at):%d %B %Y at %H:%M} "
            f"(scale {run.scale:g}, {run.years} years, history ending {run.history_ends:%d %B %Y}). "
            "Records are never deleted, so running it again would double the data: "
            "use another seed, or --force-new-seed to take the next free one."
        )


def previous_run(seed: int) -> GenerationRun | None:
    return GenerationRun.objects.filter(seed=seed).first()


def next_free_seed(seed: int) -> int:
    used = set(GenerationRun.objects.filter(seed__gte=seed).values_list("seed", flat=True))
    while seed in used:
        seed += 1
    return seed


def generate(
    *,
    years: int = 10,
    scale: float = 1.0,
    seed: int = 42,
    progress: Callable[[str, int, int], None] | None = None,
    until: date | None = None,
) -> dict[str, int]:
    """Simulate `years` of adoption in Wales at `scale` (1: Wales; 10: about
    the United Kingdom's numbers) ending on `until` (today by default), write
    it, and return how many records of each kind were made. Deterministic:
    the same seed, scale, years and last day give the same records."""
    today = timezone.localdate()
    until = until or today
    if until > today:
        raise ValueError("The history cannot end in the future.")
    if not 0 < scale <= MAX_SCALE:
        raise ValueError(f"The scale must be more than 0 and at most {MAX_SCALE:g}.")
    if not 1 <= years <= MAX_YEARS:
        raise ValueError(f"The history must be 1 to {MAX_YEARS} years long.")
    if seed < 0:
        raise ValueError("The seed must be 0 or more.")
    existing = previous_run(seed)
    if existing is not None:
        raise AlreadyGenerated(existing)
    started = time.perf_counter()
    plan = Simulation(seed=seed, scale=scale, years=years, until=until, progress=progress).run()
    with transaction.atomic():
        # The journeys go through the journeys' bulk writers, which keep the
        # journey dates tables themselves (nas.synthetic.writer).
        counts = Writer(plan, seed=seed, progress=progress).write()
        run = GenerationRun.objects.create(
            seed=seed,
            scale=scale,
            years=years,
            history_ends=until,
            counts=counts,
            seconds=round(time.perf_counter() - started, 2),
        )
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            record_type=RECORD_TYPE,
            record_id=run.pk,
            detail={
                "seed": seed,
                "scale": scale,
                "years": years,
                "history_ends": until.isoformat(),
                "counts": counts,
            },
            reason="Synthetic national dataset: one entry for the whole run",
        )
    return counts
