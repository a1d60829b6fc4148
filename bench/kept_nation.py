"""The generated nation the scale benchmarks measure on, kept between runs
in the test database (`keepdb`): generating it is the slow part."""

from __future__ import annotations

import time
from collections.abc import Callable

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
    old = runner.setup_databases(serialized_aliases=set())
    try:
        measure()
    finally:
        runner.teardown_databases(old)
        teardown_test_environment()


def generate_once(*, years: int, scale: float, seed: int) -> float:
    """Generate the nation unless this database already holds it; the seconds it took."""
    from nas.synthetic.generate import generate
    from nas.synthetic.models import GenerationRun

    if GenerationRun.objects.filter(seed=seed, scale=scale, years=years).exists():
        return 0.0
    began = time.perf_counter()
    generate(years=years, scale=scale, seed=seed)
    # As in service, the planner knows the tables' statistics (autovacuum would
    # analyse them in time; a bulk load straight before timing has not been).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - began
