"""`make bench`: every benchmark, each against a simple baseline measured in
the same run, printing its figures and the ratio. `python -m bench NAME…`
runs only the named ones."""

from __future__ import annotations

import importlib
import os
import sys

import django

# One line a benchmark (a module of bench/ with a run() function).
BENCHMARKS = [
    "adopter_worklist",
    "audit_chain",
    "children_import",
    "daily_digest",
    "matching",
    "page_latency",
    "performance_measures",
    "search",
    "load_test",
    "two_servers",
    "faults",
    "replica",
    "ssda903",
    "support_caseload",
    "import_readers",
    "sufficiency",
]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nas.settings")
    django.setup()
    selected = set(sys.argv[1:])
    unknown = selected - set(BENCHMARKS)
    if unknown:
        sys.exit(f"No such benchmark: {', '.join(sorted(unknown))}. Choose from: {', '.join(BENCHMARKS)}")
    for name in BENCHMARKS:
        if not selected or name in selected:
            importlib.import_module(f"bench.{name}").run()


if __name__ == "__main__":
    main()
