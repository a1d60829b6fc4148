"""The daily digest for all of Wales at UK scale (issue 19: under 30 s at
scale 10 on PostgreSQL).

The data is the synthetic national dataset at scale 10 (`generate_national_data
--years 10 --scale 10 --seed 42`, about 256,000 children), kept between runs
in the benchmark's own test database like `performance_measures` (the same
GenerationRun is reused if that benchmark made it). The generator allocates
no staff, so the benchmark adds them once: for each authority, social workers
(one per 40 open children with deadlines) and two team managers; for each
region and agency, assessors (one per 40 open households), support workers
and a regional manager; and allocates the children, households and support
cases round robin.

Timed: the daily run as the scheduler runs it (nas.notifications.rules
.daily_plan over children, households, support cases, letterbox agreements,
returns and interventions, then notify_planned: the access check per person
and kind of record, and the inserts). Baseline: the same digest built person
by person, the way each home page builds its worklist (each worker's
children, households and cases read through their own scope, their
deadlines worked out, the day's occasions kept). The two are compared for
the allocated workers' notices of children, households and support cases,
which both make.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nas_notify python -m bench daily_digest

DIGEST_BENCH_SCALE sets the scale (10); DIGEST_BENCH_DAY the day (today).
"""

from __future__ import annotations

import os
import statistics
import time
from collections import defaultdict
from datetime import date

from django.db import connection

from bench.kept_nation import generate_once, run_in_kept_database

SCALE = float(os.environ.get("DIGEST_BENCH_SCALE", "10"))
SEED = 42
YEARS = 10
PER_WORKER = 40
RUNS = 3


def run() -> None:
    run_in_kept_database(_measure)


def _staff() -> int:
    """Staff for every organisation and the open records allocated to them (once)."""
    from nas.accounts.models import StaffRole, User
    from nas.accounts.roles import Role
    from nas.adopters import journey as household_journey
    from nas.adopters.models import Household
    from nas.children import deadlines
    from nas.children.journey import TERMINAL
    from nas.children.models import Child
    from nas.organisations.models import Organisation, OrganisationKind
    from nas.support.models import SupportCase

    if User.objects.filter(username__startswith="bench.").exists():
        return User.objects.filter(username__startswith="bench.").count()
    made: list[tuple[User, str]] = []

    def people(org: Organisation, role: str, count: int) -> list[User]:
        users = [
            User(username=f"bench.{org.code}.{role}.{n}", organisation=org, password="!")  # noqa: S106
            for n in range(count)
        ]
        User.objects.bulk_create(users)
        users = list(User.objects.filter(username__startswith=f"bench.{org.code}.{role}.").order_by("pk"))
        made.extend((u, role) for u in users)
        return users

    open_children = Child.objects.filter(archived_at__isnull=True).exclude(
        stage__in=[*TERMINAL, *deadlines.STAGES_WITHOUT_DEADLINES]
    )
    for org in Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY):
        pks = list(open_children.filter(local_authority=org).values_list("pk", flat=True))
        workers = people(org, Role.SOCIAL_WORKER, max(1, len(pks) // PER_WORKER))
        people(org, Role.TEAM_MANAGER, 2)
        _allocate(Child, "social_worker_id", pks, workers)
    owners = Organisation.objects.filter(
        kind__in=[OrganisationKind.REGION, OrganisationKind.VOLUNTARY_AGENCY]
    )
    for org in owners:
        pks = list(
            Household.objects.filter(owner=org, archived_at__isnull=True)
            .exclude(stage__in=list(household_journey.TERMINAL))
            .values_list("pk", flat=True)
        )
        _allocate(
            Household, "assessor_id", pks, people(org, Role.ADOPTER_ASSESSOR, max(1, len(pks) // PER_WORKER))
        )
        if org.kind == OrganisationKind.REGION:
            people(org, Role.REGIONAL_MANAGER, 1)
            cases = list(
                SupportCase.objects.filter(region=org, closed_on__isnull=True).values_list("pk", flat=True)
            )
            _allocate(
                SupportCase,
                "worker_id",
                cases,
                people(org, Role.SUPPORT_WORKER, max(1, len(cases) // PER_WORKER)),
            )
    StaffRole.objects.bulk_create([StaffRole(user=user, role=role) for user, role in made])
    return len(made)


def _allocate(model, field: str, pks: list[int], workers: list) -> None:
    by_worker: dict[int, list[int]] = defaultdict(list)
    for n, pk in enumerate(pks):
        by_worker[workers[n % len(workers)].pk].append(pk)
    for worker, mine in by_worker.items():
        for start in range(0, len(mine), 5000):
            model.objects.filter(pk__in=mine[start : start + 5000]).update(**{field: worker})


def _timed(fn, runs: int = RUNS):
    samples, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples), result


def _daily_run(today: date) -> tuple[int, int]:
    from nas.notifications import rules
    from nas.notifications.models import Notification
    from nas.notifications.services import notify_planned

    Notification.objects.all().delete()  # each run starts from a day with nothing sent yet
    planned = rules.daily_plan(today)
    return len(planned), notify_planned(planned)


def _person_by_person(today: date) -> set[tuple[int, str, str, str, str]]:
    """Each worker's own digest, the way their home page's worklist is built."""
    from nas.accounts.models import User
    from nas.accounts.roles import Role
    from nas.adopters.selectors import worklist as household_worklist
    from nas.children.selectors import worklist as child_worklist
    from nas.notifications.rules import occasion
    from nas.support import codes
    from nas.support.selectors import case_rows

    found: set[tuple[int, str, str, str, str]] = set()
    for user in User.objects.filter(username__startswith="bench.").prefetch_related("roles"):
        roles = user.role_set
        if Role.SOCIAL_WORKER in roles:
            for entry in child_worklist(user=user, today=today, horizon_days=14, mine=True):
                kind = occasion(entry.deadline.due, today, earliest=entry.deadline.earliest)
                if kind:
                    found.add(
                        (
                            user.pk,
                            kind,
                            f"children.child:{entry.child.pk}",
                            entry.deadline.code,
                            str(entry.deadline.due),
                        )
                    )
        if Role.ADOPTER_ASSESSOR in roles:
            for entry in household_worklist(user=user, today=today, horizon_days=14, assessor=user):
                if entry.household.assessor_id != user.pk:
                    continue
                kind = occasion(entry.deadline.due, today, earliest=entry.deadline.earliest)
                if kind:
                    found.add(
                        (
                            user.pk,
                            kind,
                            f"adopters.household:{entry.household.pk}",
                            entry.deadline.code,
                            str(entry.deadline.due),
                        )
                    )
        if Role.SUPPORT_WORKER in roles:
            for row in case_rows(user=user, today=today, mine=True):
                if row.due is None or row.due_what == codes.DueWhat.DECISION:
                    continue
                kind = occasion(row.due, today)
                if kind:
                    found.add((user.pk, kind, f"support.case:{row.case.pk}", row.due_what, str(row.due)))
    return found


def _allocated_part(today: date) -> set[tuple[int, str, str, str, str]]:
    from nas.children.models import Child
    from nas.notifications import rules

    planned = [p for name, source in rules.SOURCES[:3] for p in source(today)]
    workers = {
        "children.child": dict(
            Child.objects.exclude(social_worker=None).values_list("pk", "social_worker_id")
        ),
    }
    from nas.adopters.models import Household
    from nas.support.models import SupportCase

    workers["adopters.household"] = dict(
        Household.objects.exclude(assessor=None).values_list("pk", "assessor_id")
    )
    workers["support.case"] = dict(SupportCase.objects.exclude(worker=None).values_list("pk", "worker_id"))
    return {
        (p.recipient_id, p.kind, f"{p.record_type}:{p.record_id}", p.params["what"], p.params["due"])
        for p in planned
        if workers[p.record_type].get(p.record_id) == p.recipient_id
    }


def _measure() -> None:
    from django.utils import timezone

    from nas.children.models import Child

    seconds = generate_once(years=YEARS, scale=SCALE, seed=SEED)
    staff = _staff()
    today = (
        date.fromisoformat(os.environ["DIGEST_BENCH_DAY"])
        if os.environ.get("DIGEST_BENCH_DAY")
        else timezone.localdate()
    )
    made = f"generated in {seconds:.1f} s" if seconds else "generated by an earlier run"
    print(
        f"daily_digest: the national dataset at scale {SCALE:g} ({made}): "
        f"{Child.objects.count():,} children, {staff:,} staff on {connection.vendor}, day {today}"
    )
    fast, (planned, created) = _timed(lambda: _daily_run(today))
    base, slow = _timed(lambda: _person_by_person(today), runs=1)
    same = _allocated_part(today) == slow
    print(
        f"  the daily run (plan, access check, insert): {fast:.2f} s "
        f"for {planned:,} notices, {created:,} notifications"
    )
    print(
        f"  person by person (each worker's worklist): {base:.2f} s "
        f"for {len(slow):,} notices to allocated workers"
    )
    print(f"  the allocated workers' notices agree: {'yes' if same else 'NO'}")
    print(f"  ratio: {base / fast:.1f}x; target under 30 s: {'met' if fast < 30 else 'NOT MET'}")
