"""Reads during a large import on SQLite.

SQLite has one writer at a time and every audited read is a write (its audit
entry). A 30,000-row children import runs while another thread makes an
audited read every 0.2 s; the figure is how long those reads wait. The
baseline is the same import in one transaction (SQLITE_BATCH larger than the
file); the service commits 1,000 children at a time on SQLite.

Run on a SQLite file of its own:
    DATABASE_URL=sqlite:////tmp/nas-bench-import.sqlite3 python -m bench import_readers
"""

from __future__ import annotations

import csv
import io
import statistics
import threading
import time
from datetime import date, timedelta

from django.core.management import call_command
from django.db import OperationalError, connection, connections

ROWS = 30_000


def _file(prefix: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["case_reference", "first_names", "last_name", "date_of_birth", "sex", "ethnicity", "entered_care"]
    )
    for i in range(ROWS):
        born = date(2015, 1, 1) + timedelta(days=i % 2500)
        writer.writerow(
            [
                f"{prefix}{i:06d}",
                f"Child {i}",
                "Bench",
                born.strftime("%d/%m/%Y"),
                "1",
                "WBRI",
                (born + timedelta(days=200)).strftime("%d/%m/%Y"),
            ]
        )
    return out.getvalue().encode()


def _run_once(
    batch: int, prefix: str, actor: object, authority: int
) -> tuple[float, list[float], list[float]]:
    from nas.audit.services import audit_record
    from nas.children import imports
    from nas.children.models import Child

    waits: list[float] = []
    failed: list[float] = []
    done = threading.Event()

    def reader() -> None:
        try:
            while not done.is_set():
                start = time.perf_counter()
                try:
                    audit_record(actor=actor, action="view", record_type="core.list", record_id="bench")
                    Child.objects.count()
                except OperationalError:  # "database is locked": the busy timeout ran out
                    failed.append(time.perf_counter() - start)
                else:
                    waits.append(time.perf_counter() - start)
                time.sleep(0.2)
        finally:
            connections["default"].close()

    imports.SQLITE_BATCH = batch
    content = _file(prefix)
    thread = threading.Thread(target=reader)
    start = time.perf_counter()
    thread.start()
    result = imports.import_children(
        actor=actor, local_authority_id=authority, files=[("bench.csv", content)]
    )
    elapsed = time.perf_counter() - start
    done.set()
    thread.join()
    assert result.ok and result.created == ROWS, result.errors[:3]
    return elapsed, waits, failed


def run() -> None:
    if connection.vendor != "sqlite":
        print("import_readers: SQLite only (PostgreSQL readers do not wait for writers)")
        return
    from nas.accounts.models import User
    from nas.accounts.services import staff_create
    from nas.organisations.models import Organisation
    from nas.organisations.reference import load_reference_data

    call_command("migrate", verbosity=0)
    if not Organisation.objects.exists():
        load_reference_data(Organisation)
    cardiff = Organisation.objects.get(code="cardiff")
    actor = User.objects.filter(username="bench.importer").first() or staff_create(
        actor=None,
        username="bench.importer",
        password="x" * 16,
        organisation_id=cardiff.pk,
        roles=["team_manager"],
    )
    stamp = int(time.time())
    for label, batch in (("one transaction (baseline)", ROWS + 1), ("1,000 a transaction", 1000)):
        elapsed, waits, failed = _run_once(batch, f"B{stamp}{batch}-", actor, cardiff.pk)
        print(
            f"import_readers: {ROWS} rows, {label}: import {elapsed:.1f} s; "
            f"{len(waits)} audited reads served, median {statistics.median(waits) * 1000:.0f} ms, "
            f"max {max(waits):.2f} s; {len(failed)} failed 'database is locked' "
            f"after {max(failed, default=0):.1f} s"
        )
