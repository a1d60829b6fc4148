"""The cost of the tamper-evident audit chain.

Appending an entry locks the chain head, hashes the entry and writes it; the
baseline writes the same rows with no chain (a plain insert). The ratio says
what tamper-evidence costs per audited read or write. Also times
verify_audit_chain over the entries written.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

N = 2000


def _percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


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
    from django.utils import timezone

    from nas.audit.models import GENESIS_HASH, AuditEvent
    from nas.audit.services import audit_record, verify_chain

    chained: list[float] = []
    for i in range(N):
        start = time.perf_counter()
        audit_record(actor=None, action="view", record_type="bench.record", record_id=i)
        chained.append(time.perf_counter() - start)

    plain: list[float] = []
    offset = 10_000_000
    for i in range(N):
        start = time.perf_counter()
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    seq=offset + i,
                    occurred_at=timezone.now(),
                    action="view",
                    record_type="bench.plain",
                    record_id=str(i),
                    prev_hash=GENESIS_HASH,
                    entry_hash=GENESIS_HASH,
                )
            ]
        )
        plain.append(time.perf_counter() - start)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE record_type = 'bench.plain'")

    start = time.perf_counter()
    broken = verify_chain()
    verify_seconds = time.perf_counter() - start
    assert broken is None, broken

    chained_mean, plain_mean = statistics.mean(chained), statistics.mean(plain)
    print(f"audit_chain on {connection.vendor}: {N} appends")
    print(
        f"  chained append: mean {chained_mean * 1000:.3f} ms, p95 {_percentile(chained, 0.95) * 1000:.3f} ms"
    )
    print(
        f"  plain insert (baseline): mean {plain_mean * 1000:.3f} ms, "
        f"p95 {_percentile(plain, 0.95) * 1000:.3f} ms"
    )
    print(f"  ratio chained/plain: {chained_mean / plain_mean:.2f}x")
    print(
        f"  verify_audit_chain over {N} entries: {verify_seconds * 1000:.1f} ms "
        f"({N / verify_seconds:,.0f} entries/s)"
    )
