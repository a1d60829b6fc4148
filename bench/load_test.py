"""Load test: 50 people for 5 minutes over the main pages and the API, on
PostgreSQL with the national dataset at scale 10 (UK-sized: some 257,000
children), against one gunicorn server (2 workers of 4 threads; this
machine has 2 cores) with Redis as its cache and session store.

- The database is nas_prod_load on the benchmarks' own PostgreSQL cluster
  (port 5442, bench/pgcluster.py), migrated, with the demonstration
  personas, and generated once (`generate_national_data --scale 10`, about
  5 minutes) and kept; or the database LOAD_DATABASE_URL names, made
  already (for example a copy of the kept scale-10 nation:
  `CREATE DATABASE nas_load10 TEMPLATE test_nas_scale10`). Redis is a redis-server of the benchmark's own.
- locust (headless) runs the people of bench/locustfile.py: 50 users,
  started 5 a second; the statistics are reset once all have started, so
  the figures are of the steady load (LOAD_SECONDS, 300 by default).
- Printed: requests, failures and server errors (5xx), p50/p95/p99 per
  route and overall, the ratio of each p95 to the baseline's (/healthz
  under the same load), and the resident memory of the master and each
  worker after warm-up and at the end (growth must stay under 10%).
- Targets: 0 server errors, p95 under 150 ms on every route.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time

from bench import pgcluster
from bench.services import RUN, Gunicorn, Redis, environment, manage, percentile  # noqa: F401

USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "300"))
SCALE = os.environ.get("LOAD_SCALE", "10")
DATABASE = "nas_prod_load"
# LOAD_DATABASE_URL: measure on a database made already (the personas and the
# nation at LOAD_SCALE, e.g. a copy of the kept scale-10 nation) instead of
# making one on the benchmarks' own cluster: generating scale 10 takes minutes.
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "")
TARGET_P95_MS = 150


def prepare(cluster: pgcluster.Cluster) -> dict[str, str]:
    """The database, migrated, with the personas and the nation (made once)."""
    cluster.create_database(DATABASE)
    env = environment(cluster.url(DATABASE))
    began = time.perf_counter()
    manage(env, "migrate", "--no-input")
    manage(env, "seed_demo")
    manage(
        env, "generate_national_data", "--years", "10", "--scale", SCALE, "--seed", "42", "--skip-existing"
    )
    print(f"  database {DATABASE} (scale {SCALE}) ready in {time.perf_counter() - began:.1f} s")
    return env


def records(env: dict[str, str]) -> dict[str, list[int]]:
    code = (
        "import json; from nas.children.models import Child; from nas.adopters.models import Household; "
        "print(json.dumps({'child': list(Child.objects.filter(local_authority__code='cardiff', "
        "archived_at=None, "
        "restricted_at=None).order_by('pk').values_list('pk', flat=True)[:400]), "
        "'household': list(Household.objects.filter(owner__code='vale-valleys-cardiff')"
        ".order_by('pk').values_list('pk', flat=True)[:400])}))"
    )
    return json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])


def _mb(values: dict[str, int]) -> str:
    return ", ".join(f"{k} {v / 2**20:.0f} MB" for k, v in values.items())


def run() -> None:
    from nas.accounts.personas import DEMO_PASSWORD

    print(
        f"load_test: {USERS} users for {SECONDS} s, main pages and API, "
        f"PostgreSQL scale {SCALE}, gunicorn 2x4"
    )
    if DATABASE_URL:
        env = environment(DATABASE_URL)
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        print(f"  database {DATABASE_URL.rsplit('/', 1)[-1]} (made already, scale {SCALE})")
    else:
        env = prepare(pgcluster.primary())
    RUN.mkdir(parents=True, exist_ok=True)
    (RUN / "records.json").write_text(json.dumps(records(env)))
    redis = Redis().start()
    server = Gunicorn({**env, "REDIS_URL": redis.url}).start()
    load_before = os.getloadavg()[0]
    try:
        locust = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                "bench/locustfile.py",
                "--headless",
                "--users",
                str(USERS),
                "--spawn-rate",
                "5",
                "--run-time",
                f"{SECONDS + USERS // 5}s",
                "--reset-stats",
                "--host",
                f"http://127.0.0.1:{server.port}",
                "--csv",
                str(RUN / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=pgcluster.ROOT,
            env={**os.environ, "LOAD_RECORDS": str(RUN / "records.json"), "LOAD_PASSWORD": DEMO_PASSWORD},
            stdout=subprocess.DEVNULL,
            stderr=(RUN / "locust.log").open("wb"),
        )
        time.sleep(USERS // 5 + 20)
        memory_before = server.memory()
        locust.wait(timeout=SECONDS + 600)
        memory_after = server.memory()
    finally:
        server.stop()
        redis.stop()
    print(f"  machine load (1-minute average): {load_before:.1f} at start, {os.getloadavg()[0]:.1f} at end")
    report(memory_before, memory_after, server.log)


def report(memory_before: dict[str, int], memory_after: dict[str, int], server_log) -> None:
    with (RUN / "load_stats.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    server_errors = sum(
        int(row["Occurrences"])
        for row in csv.DictReader((RUN / "load_failures.csv").open())
        if row["Error"].startswith("status 5")
    )
    baseline = next(r for r in rows if r["Name"] == "baseline: /healthz")
    base95 = float(baseline["95%"])
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(
        f"  {total['Request Count']} requests ({float(total['Requests/s']):.1f}/s), "
        f"{total['Failure Count']} failures, {server_errors} server errors (5xx)"
    )
    print(f"  {'route':<28} {'n':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'p95/baseline':>13}")
    over = []
    for row in sorted(rows, key=lambda r: r["Name"]):
        if row["Name"] in {"Aggregated", "sign-in"}:
            continue
        p95 = float(row["95%"])
        flag = "" if p95 < TARGET_P95_MS or row["Name"].startswith("baseline") else "  over 150 ms"
        if flag:
            over.append(row["Name"])
        print(
            f"  {row['Name']:<28} {row['Request Count']:>6} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7} "
            f"{p95 / base95:>12.1f}x{flag}"
        )
    print(
        f"  {'all requests':<28} {total['Request Count']:>6} {total['50%']:>7} "
        f"{total['95%']:>7} {total['99%']:>7}"
    )
    growth = (sum(memory_after.values()) - sum(memory_before.values())) / sum(memory_before.values())
    print(f"  memory after warm-up: {_mb(memory_before)}")
    print(f"  memory at the end:    {_mb(memory_after)}")
    print(f"  memory growth: {growth * 100:+.1f}% (target under 10%)")
    ok = server_errors == 0 and not over and growth < 0.10
    print(
        f"  {'PASS' if ok else 'FAIL'}: 0 server errors, "
        f"p95 under {TARGET_P95_MS} ms on every route, growth < 10%"
    )
    with server_log.open() as log:
        tracebacks = sum(1 for line in log if '"level": "error"' in line)
    print(f"  error lines in the server's log: {tracebacks}")
