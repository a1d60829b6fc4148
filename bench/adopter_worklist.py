"""The cost of the adopters' statutory-timescale worklist.

The worklist reads every open household of a region with its milestones and
computes each timescale (working days with Welsh bank holidays, months) in
Python. The baseline reads the same households and milestones and does
nothing with them, so the ratio is what computing the timescales costs on
top of the reading itself.
"""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta

from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

HOUSEHOLDS = 300
ROUNDS = 20


def run() -> None:
    from django.test.runner import DiscoverRunner

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        _measure()
    finally:
        runner.teardown_databases(old)
        teardown_test_environment()


def _measure() -> None:
    from django.db.models import Prefetch

    from nas.accounts.personas import DEMO_PASSWORD, PERSONAS
    from nas.accounts.services import staff_create
    from nas.adopters.journey import STAGE_ONE_CHECKS, TERMINAL, MilestoneKind
    from nas.adopters.models import Household, Milestone
    from nas.adopters.selectors import worklist
    from nas.adopters.services import household_create, milestone_record
    from nas.organisations.models import Organisation

    orgs = {o.code: o.pk for o in Organisation.objects.all()}
    people = {
        p.username: staff_create(
            actor=None,
            username=p.username,
            password=DEMO_PASSWORD,
            organisation_id=orgs[p.organisation],
            roles=list(p.roles),
        )
        for p in PERSONAS
        if p.username in {"assessor.vvc", "manager.vvc"}
    }
    assessor, manager = people["assessor.vvc"], people["manager.vvc"]
    steps = [MilestoneKind.ROI_RECEIVED, MilestoneKind.ROI_ACCEPTED, *STAGE_ONE_CHECKS]
    for i in range(HOUSEHOLDS):
        start = date(2025, 1, 1) + timedelta(days=i % 200)
        household = household_create(
            actor=assessor,
            owner_id=orgs["vale-valleys-cardiff"],
            enquiry_date=start,
            applicants=[{"first_names": "Bench", "last_name": f"Household{i}"}],
        )
        for n, kind in enumerate(steps[: 1 + i % len(steps)]):
            milestone_record(
                actor=assessor, household=household, kind=kind, when=start + timedelta(days=3 * (n + 1))
            )

    today = date(2025, 9, 1)

    def baseline() -> int:
        households = (
            Household.objects.filter(owner_id=orgs["vale-valleys-cardiff"], archived_at__isnull=True)
            .exclude(stage__in=list(TERMINAL))
            .select_related("assessor")
            .prefetch_related(
                Prefetch("milestones", queryset=Milestone.objects.only("household_id", "kind", "date"))
            )
        )
        return sum(len(h.milestones.all()) for h in households)

    def computed() -> int:
        return len(worklist(user=manager, today=today, horizon_days=3660))

    timings: dict[str, list[float]] = {"baseline": [], "worklist": []}
    for _ in range(ROUNDS):
        for name, fn in (("baseline", baseline), ("worklist", computed)):
            started = time.perf_counter()
            fn()
            timings[name].append(time.perf_counter() - started)
    entries = computed()
    base, work = statistics.median(timings["baseline"]), statistics.median(timings["worklist"])
    print(f"adopter_worklist on {connection.vendor}: {HOUSEHOLDS} households, {entries} open timescales")
    print(f"  read households and milestones (baseline): median {base * 1000:.1f} ms")
    print(f"  worklist with every timescale computed: median {work * 1000:.1f} ms")
    print(f"  ratio worklist/baseline: {work / base:.2f}x")
