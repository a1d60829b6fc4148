"""The cost of building an authority's SSDA903 return.

Makes N children with whole journeys (entered care to adoption order, in
bulk), then times the return for one collection year: reading the children,
their milestones and SSDA903 details (three queries) and deriving the four
tables and the zip. The baseline is the same three queries alone, so the
ratio is what deriving the episodes and writing the CSVs adds to the read.
"""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta

from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

N = 2000
RUNS = 5
STEPS = [
    ("entered_care", {}),
    ("permanence_plan", {}),
    ("should_be_placed", {}),
    ("authority_to_place", {"basis": "placement_order"}),
    ("linked", {}),
    ("matching_panel", {}),
    ("match_decision", {}),
    ("placed", {}),
    ("adoption_order", {}),
]


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


def _children() -> None:
    from nas.children import journey_dates
    from nas.children.models import Child, Milestone
    from nas.organisations.models import Organisation
    from nas.returns.models import Ssda903Details

    cardiff = Organisation.objects.get(code="cardiff")
    children = Child.objects.bulk_create(
        Child(
            local_authority=cardiff,
            case_reference=f"B{i:06d}",
            date_of_birth=date(2021, 1, 1) + timedelta(days=i % 700),
            sex="1" if i % 2 else "2",
            ethnicity="WBRI",
            stage="adopted",
        )
        for i in range(N)
    )
    milestones = []
    for i, child in enumerate(children):
        day = date(2024, 1, 1) + timedelta(days=i % 200)
        for sequence, (kind, detail) in enumerate(STEPS, start=1):
            milestones.append(Milestone(child=child, kind=kind, date=day, detail=detail, sequence=sequence))
            day += timedelta(days=30)
    Milestone.objects.bulk_create(milestones, batch_size=5000)
    journey_dates.refresh()
    Ssda903Details.objects.bulk_create(
        Ssda903Details(
            child=child,
            upn="UN1",
            category_of_need="N1",
            legal_status_on_entry="C2",
            foster_placement="U6",
            foster_placement_provider="PR1",
            adoption_placement_provider="PR2",
            adopters_sex="MF",
            adopters_legal_status="L11",
            adoption_order_reason="E12",
        )
        for child in children
    )


def _measure() -> None:
    from nas.organisations.models import Organisation
    from nas.returns.selectors import authority_rows, ssda903_return

    _children()
    cardiff = Organisation.objects.get(code="cardiff")
    built: list[float] = []
    read: list[float] = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = ssda903_return(authority=cardiff, year=2025)
        result.zip()
        built.append(time.perf_counter() - start)
        start = time.perf_counter()
        authority_rows(authority=cardiff)
        read.append(time.perf_counter() - start)
    built_mean, read_mean = statistics.median(built), statistics.median(read)
    print(f"ssda903 on {connection.vendor}: {N} children with whole journeys, median of {RUNS} runs")
    print(f"  rows: {result.row_counts}")
    print(f"  build the return and its zip: {built_mean * 1000:.0f} ms ({N / built_mean:,.0f} children/s)")
    print(f"  read the same rows (baseline): {read_mean * 1000:.0f} ms")
    print(f"  ratio build/read: {built_mean / read_mean:.2f}x")
