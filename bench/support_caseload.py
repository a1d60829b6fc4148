"""The cost of the regional adoption support caseload.

The caseload computes, for every open case, its stage and next deadline
(assessment due in working days, review due) and its active services, and
for every letterbox agreement which letters are due or missed. The baseline
is the least any list of the same open cases must do: one query for the
cases with their person and worker. The ratio says what the computed
caseload costs over a plain list; the query count must not grow with N.
"""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment

CASES = 2000
AGREEMENTS = 300
RUNS = 5


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


def _timed(fn, runs: int = RUNS) -> tuple[float, int]:
    samples = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - start)
    return statistics.mean(samples), len(queries)


def _measure() -> None:
    from django.utils import timezone

    from nas.accounts.roles import Role
    from nas.accounts.services import staff_create
    from nas.organisations.models import Organisation
    from nas.support import selectors
    from nas.support.models import (
        Letter,
        LetterboxAgreement,
        LetterboxParty,
        SupportCase,
        SupportPerson,
        SupportReview,
        SupportService,
    )

    region = Organisation.objects.get(code="vale-valleys-cardiff")
    manager = staff_create(
        actor=None,
        username="bench.manager",
        password="bench-password-not-used",
        organisation_id=region.pk,
        roles=[Role.REGIONAL_MANAGER],
    )
    today = timezone.localdate()
    people = SupportPerson.objects.bulk_create(
        SupportPerson(region=region, kind="birth_parent", first_names=f"P{i}", last_name="Bench")
        for i in range(CASES)
    )
    cases = SupportCase.objects.bulk_create(
        SupportCase(
            region=region,
            reference=f"BENCH-{i}",
            person=people[i],
            worker=manager,
            requested_on=today - timedelta(days=i % 400),
            request_summary="Bench",
            decided_on=today - timedelta(days=30) if i % 2 else None,
            decision="provide" if i % 2 else "",
            notice_sent_on=today - timedelta(days=40) if i % 2 else None,
            plan_agreed_on=today - timedelta(days=20) if i % 2 else None,
        )
        for i in range(CASES)
    )
    SupportService.objects.bulk_create(
        SupportService(
            case=c, kind="therapeutic", detail="d", provider="p", starts_on=today - timedelta(days=20)
        )
        for c in cases[1::2]
    )
    SupportReview.objects.bulk_create(
        SupportReview(case=c, reviewed_on=today - timedelta(days=10), summary="s") for c in cases[1::4]
    )
    agreements = LetterboxAgreement.objects.bulk_create(
        LetterboxAgreement(
            region=region,
            reference=f"LB-BENCH-{i}",
            per_year=1 + i % 2,
            first_exchange_on=date(2020, 1, 1) + timedelta(days=i),
            agreed_on=date(2019, 12, 1),
        )
        for i in range(AGREEMENTS)
    )
    parties = LetterboxParty.objects.bulk_create(
        LetterboxParty(agreement=a, person=people[i], side="birth") for i, a in enumerate(agreements)
    )
    Letter.objects.bulk_create(
        Letter(
            agreement=a,
            writer=parties[i],
            exchange_on=a.first_exchange_on,
            received_on=a.first_exchange_on,
            content="Bench letter",
        )
        for i, a in enumerate(agreements)
    )

    caseload_s, caseload_q = _timed(lambda: selectors.caseload(user=manager, today=today))
    baseline_s, baseline_q = _timed(
        lambda: list(
            SupportCase.objects.filter(region=region, closed_on__isnull=True).select_related(
                "person", "worker"
            )
        )
    )
    exchanges_s, exchanges_q = _timed(lambda: selectors.exchanges_due(user=manager, today=today))
    plain_s, _ = _timed(
        lambda: list(LetterboxAgreement.objects.filter(region=region).prefetch_related("letters", "parties"))
    )
    print(f"support_caseload on {connection.vendor}: {CASES} open cases, {AGREEMENTS} letterbox agreements")
    print(f"  caseload: mean {caseload_s * 1000:.1f} ms in {caseload_q} queries")
    print(f"  plain list of the open cases (baseline): mean {baseline_s * 1000:.1f} ms in {baseline_q} query")
    print(f"  ratio caseload/plain: {caseload_s / baseline_s:.2f}x")
    print(f"  letterbox exchanges due and missed: mean {exchanges_s * 1000:.1f} ms in {exchanges_q} queries")
    print(f"  plain fetch of the agreements with letters (baseline): mean {plain_s * 1000:.1f} ms")
    print(f"  ratio exchanges/plain: {exchanges_s / plain_s:.2f}x")
