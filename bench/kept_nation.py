"""The generated nation the scale benchmarks measure on, kept between runs
in the test database (`keepdb`): generating it is the slow part.

The kept database is the test database of DATABASE_URL (`test_<name>`), so
every scale benchmark run with the same DATABASE_URL shares one generated
nation (seed 42, ten years, the scale each asks for). Generate it ahead of
the benchmarks, printing its progress and the time it took:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nas_scale10 python -m bench.kept_nation --scale 10
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable

import django
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment


def run_in_kept_database(measure: Callable[[], None]) -> None:
    """Run `measure` in the benchmark's test database, kept between runs.

    Nothing is serialised at set-up: the test runner's default copies every
    row of the database into memory (for test cases that roll back by
    reloading it, which a benchmark never does), and on a kept national
    dataset that alone ran for many minutes before the first measurement."""
    from django.test.runner import DiscoverRunner

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False, keepdb=True)
    # No copy of the database in memory for TransactionTestCase's rollback
    # (Django serialises every row by default): at scale 10 that is minutes
    # and gigabytes, and no benchmark needs it.
    old = runner.setup_databases(serialized_aliases=set())
    try:
        measure()
    finally:
        runner.teardown_databases(old)
        teardown_test_environment()


def generate_once(
    *,
    years: int,
    scale: float,
    seed: int,
    progress: Callable[[str, int, int], None] | None = None,
) -> float:
    """Generate the nation unless this database already holds it; the seconds it took."""
    from nas.synthetic.generate import generate
    from nas.synthetic.models import GenerationRun

    if GenerationRun.objects.filter(seed=seed, scale=scale, years=years).exists():
        return 0.0
    began = time.perf_counter()
    generate(years=years, scale=scale, seed=seed, progress=progress)
    # As in service, the planner knows the tables' statistics and the
    # visibility map is set (autovacuum would vacuum and analyse them in
    # time; a bulk load straight before timing has not been).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - began


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Generate the scale benchmarks' kept nation ahead of them.")
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nas.settings")
    django.setup()
    began = time.perf_counter()
    last = [0.0, ""]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter() - began
        if stage != last[1] or now - float(last[0]) >= 30:
            last[0], last[1] = now, stage
            print(f"  {now:7.0f} s  {stage}: {done:,}" + (f" of {total:,}" if total else ""), flush=True)

    def make() -> None:
        from nas.children.models import Child

        name = connection.settings_dict["NAME"]
        print(f"kept nation: {connection.vendor} database {name}, scale {args.scale:g}", flush=True)
        seconds = generate_once(years=args.years, scale=args.scale, seed=args.seed, progress=progress)
        made = f"generated in {seconds:.0f} s" if seconds else "already generated"
        print(f"kept nation: {Child.objects.count():,} children in {name} ({made})", flush=True)

    run_in_kept_database(make)


if __name__ == "__main__":
    main(sys.argv[1:])
