"""Reports read from a streaming replica (DATABASE_REPLICA_URL and the
replica router, nas.operations.routers).

A primary PostgreSQL 15 cluster of the benchmark's own (port 5444,
database nas_prod_replica: migrated, the personas, the national dataset at
scale PRODUCTION_REPLICA_SCALE, 0.1) and a hot standby made from it with
pg_basebackup (port 5445), streaming. Both are started here and stopped at
the end; the shared server on 5432 is never touched.

Printed: the replication state and lag (a WAL position written on the
primary, and how long until the standby has replayed it); then, with one
gunicorn server pointed at both, the rows each server read while the
Director of Operations opens the performance dashboard (the reporting
route: read from the standby) and while a social worker opens the children
list (casework: read from the primary); and the dashboard's latency with the
replica against the same server without one (the baseline).
"""

from __future__ import annotations

import os
import statistics
import time

import psycopg

from bench import pgcluster
from bench.services import Browser, Gunicorn, environment, manage

DATABASE = "nas_prod_replica"
SCALE = os.environ.get("PRODUCTION_REPLICA_SCALE", "0.1")
REQUESTS = 10


def _rows_read(cluster: pgcluster.Cluster) -> int:
    with psycopg.connect(cluster.url(DATABASE), autocommit=True) as db:
        row = db.execute(
            "SELECT tup_returned + tup_fetched FROM pg_stat_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        return int(row[0]) if row else 0


def _lag_ms(primary: pgcluster.Cluster, replica: pgcluster.Cluster) -> float:
    with psycopg.connect(primary.url(DATABASE), autocommit=True) as db:
        db.execute("CREATE TABLE IF NOT EXISTS bench_replica_marker (at timestamptz)")
        db.execute("INSERT INTO bench_replica_marker VALUES (now())")
        lsn = db.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    began = time.perf_counter()
    with psycopg.connect(replica.url(DATABASE), autocommit=True) as db:
        while not db.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]).fetchone()[0]:
            time.sleep(0.001)
    return (time.perf_counter() - began) * 1000


def _timed_pages(port: int, persona: str, path: str, password: str) -> list[float]:
    browser = Browser(port)
    browser.sign_in(persona, password)
    timings = []
    for _ in range(REQUESTS):
        began = time.perf_counter()
        status, _body = browser.request("GET", path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        timings.append((time.perf_counter() - began) * 1000)
    return timings


def _stop_tables_stats(primary: pgcluster.Cluster) -> None:
    """Statistics are flushed by each backend at its end: wait a moment."""
    time.sleep(1.0)


def run() -> None:
    from nas.accounts.personas import DEMO_PASSWORD

    print(f"replica: reports read from a streaming replica (own clusters on 5444 and 5445, scale {SCALE})")
    primary = pgcluster.Cluster("replica-primary", 5444)
    replica = pgcluster.Cluster("replica-standby", 5445)
    primary.init()
    primary.start()
    try:
        primary.create_database(DATABASE)
        env = environment(primary.url(DATABASE))
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        manage(
            env,
            "generate_national_data",
            "--years",
            "10",
            "--scale",
            SCALE,
            "--seed",
            "42",
            "--skip-existing",
        )
        replica.stop()
        began = time.perf_counter()
        replica.replica_of(primary)
        replica.start()
        print(f"  standby made with pg_basebackup and started in {time.perf_counter() - began:.1f} s")
        with psycopg.connect(primary.url("postgres"), autocommit=True) as db:
            state = db.execute("SELECT state, sync_state FROM pg_stat_replication").fetchall()
        with psycopg.connect(replica.url("postgres"), autocommit=True) as db:
            in_recovery = db.execute("SELECT pg_is_in_recovery()").fetchone()[0]
        print(f"  replication: {state} on the primary; the standby in recovery: {in_recovery}")
        lags = [_lag_ms(primary, replica) for _ in range(20)]
        print(f"  replay lag of a write: median {statistics.median(lags):.1f} ms, max {max(lags):.1f} ms")

        results = {}
        for label, extra in (
            ("with the replica", {"DATABASE_REPLICA_URL": replica.url(DATABASE)}),
            ("baseline: primary only", {}),
        ):
            server = Gunicorn({**env, **extra}, workers=1, threads=2).start()
            try:
                _timed_pages(server.port, "director.national", "/performance/", DEMO_PASSWORD)  # warm up
                before = (_rows_read(primary), _rows_read(replica))
                dashboard = _timed_pages(server.port, "director.national", "/performance/", DEMO_PASSWORD)
                _stop_tables_stats(primary)
                middle = (_rows_read(primary), _rows_read(replica))
                _timed_pages(server.port, "sw.cardiff", "/children/", DEMO_PASSWORD)
                _stop_tables_stats(primary)
                after = (_rows_read(primary), _rows_read(replica))
            finally:
                server.stop()
            results[label] = statistics.median(dashboard)
            print(
                f"  {label}: dashboard x{REQUESTS} read {middle[0] - before[0]:,} rows on the primary and "
                f"{middle[1] - before[1]:,} on the standby (median {statistics.median(dashboard):.0f} ms); "
                f"children list x{REQUESTS} read {after[0] - middle[0]:,} on the primary and "
                f"{after[1] - middle[1]:,} on the standby"
            )
        ratio = results["with the replica"] / results["baseline: primary only"]
        print(
            f"  dashboard median with the replica / primary only: {ratio:.2f}x "
            "(same machine: no gain expected)"
        )
    finally:
        replica.stop()
        primary.stop()
