"""The performance framework's measures at UK scale.

Generates (seeded) ~100,000 children with their milestones across the 22
authorities, adopter households across the regions and agencies, and
support cases; then computes every measure for every region, the agencies
and Wales for 40 quarters (10 years) with `compute_all`, and compares it
with a deliberately row-by-row baseline: read every milestone once, then
walk each child in Python, quarter by quarter, the way a spreadsheet macro
would. The baseline computes a subset of the measures (the children's
timeliness, waiting, placement and scorecard measures, the adopters'
waiting and enquiry-to-approval); compute_all is timed for that same subset
(the ratio) and for every measure (the total). The figures of the two are
checked to be equal, so the benchmark also checks the engine at scale.

Run on PostgreSQL for the production figure:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/nas_bench python -m bench performance_measures
PERFORMANCE_BENCH_CHILDREN sets the number of children (100000).
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections import defaultdict
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment

CHILDREN = int(os.environ.get("PERFORMANCE_BENCH_CHILDREN", "100000"))
HOUSEHOLDS = CHILDREN // 5
SUPPORT_CASES = CHILDREN // 10
QUARTERS = 40
RUNS = 3
SUBSET = ["NAS-C1", "NAS-C2", "NAS-C3", "NAS-C4", "NAS-C6", "NAS-C7", "A1", "NAS-A3", "NAS-A4"]


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


def _generate(today: date) -> None:
    from nas.adopters.models import Household
    from nas.adopters.models import Milestone as HouseholdMilestone
    from nas.children import journey_dates
    from nas.children.models import Child, Milestone
    from nas.organisations.models import Organisation
    from nas.support.models import SupportCase, SupportPerson

    rng = random.Random(20260401)
    start = today - timedelta(days=365 * 11)
    span = (today - start).days
    authorities = list(Organisation.objects.local_authorities())
    owners = list(Organisation.objects.regions()) + list(Organisation.objects.agencies())
    region_of = {a.pk: a.region_id for a in authorities}

    children = [
        Child(
            local_authority=rng.choice(authorities),
            case_reference=f"B{n:07d}",
            date_of_birth=date(2010, 1, 1),
            sex="1",
            ethnicity="WBRI",
        )
        for n in range(CHILDREN)
    ]
    Child.objects.bulk_create(children, batch_size=5000)
    milestones = []
    for child in children:
        steps: list[tuple[str, date, dict]] = []
        day = start + timedelta(days=rng.randrange(span))
        steps.append(("entered_care", day, {}))
        for kind, low, high in (
            ("should_be_placed", 60, 300),
            ("authority_to_place", 20, 150),
            ("referred_to_register", 5, 60),
            ("linked", 30, 400),
            ("match_decision", 20, 90),
            ("placed", 10, 60),
            ("adoption_order", 80, 300),
        ):
            day = day + timedelta(days=rng.randint(low, high))
            if day > today:
                break
            if kind == "linked" and rng.random() < 0.05:
                steps.append(("plan_changed", day, {"reason": rng.choice(["RD1", "RD2", "RD3", "RD4"])}))
                break
            detail: dict = {}
            if kind == "placed":
                area = rng.choice(["same_region", "same_region", "elsewhere_in_wales", "outside_wales", None])
                region = region_of[child.local_authority_id]
                detail = {
                    "household": None,
                    "household_owner": "",
                    "household_region": str(region),
                    "inter_agency_fee_pence": None if area in (None, "same_region") else 2_700_000,
                }
                if area is not None:
                    detail["placement_area"] = area
            steps.append((kind, day, detail))
            if kind == "placed" and rng.random() < 0.03:
                steps.append(("disrupted", day + timedelta(days=30), {"reason": "other"}))
                break
        for sequence, (kind, when, detail) in enumerate(steps, start=1):
            if when <= today:
                milestones.append(
                    Milestone(child=child, kind=kind, date=when, detail=detail, sequence=sequence)
                )
    Milestone.objects.bulk_create(milestones, batch_size=10000)
    journey_dates.refresh()

    households = [Household(owner=rng.choice(owners), reference=f"BH{n:07d}") for n in range(HOUSEHOLDS)]
    Household.objects.bulk_create(households, batch_size=5000)
    steps_h = []
    for household in households:
        day = start + timedelta(days=rng.randrange(span))
        sequence = 0
        for kind, low, high in (
            ("enquiry", 0, 0),
            ("roi_received", 10, 60),
            ("roi_accepted", 1, 10),
            ("stage_one_completed", 30, 80),
            ("stage_two_started", 5, 60),
            ("approved", 60, 160),
            ("referred_to_register", 5, 45),
            ("linked", 20, 300),
            ("matched", 10, 60),
        ):
            day = day + timedelta(days=rng.randint(low, high))
            if day > today:
                break
            sequence += 1
            steps_h.append(HouseholdMilestone(household=household, kind=kind, date=day, sequence=sequence))
    HouseholdMilestone.objects.bulk_create(steps_h, batch_size=10000)

    regions = list(Organisation.objects.regions())
    people = [
        SupportPerson(region=region, kind="adoptive_parent", first_names="Bench", last_name=str(n))
        for n, region in enumerate(regions)
    ]
    SupportPerson.objects.bulk_create(people)
    cases = []
    for n in range(SUPPORT_CASES):
        person = rng.choice(people)
        requested = start + timedelta(days=rng.randrange(span - 120))
        cases.append(
            SupportCase(
                region_id=person.region_id,
                reference=f"BS{n:07d}",
                person=person,
                requested_on=requested,
                request_summary="Bench",
                assessed_on=requested + timedelta(days=rng.randint(20, 90)),
            )
        )
    SupportCase.objects.bulk_create(cases, batch_size=5000)


def _timed(fn, runs: int = RUNS):
    samples, result, queries = [], None, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            result = fn()
            samples.append(time.perf_counter() - began)
        queries = len(captured)
    return statistics.median(samples), result, queries


def _measure() -> None:
    from django.utils import timezone

    from nas.performance import measures, periods, scopes

    today = timezone.localdate()
    began = time.perf_counter()
    _generate(today)
    from nas.children.models import Milestone

    # As in service, the planner knows the tables' statistics (autovacuum would
    # analyse them in time; a bulk load straight before timing has not been).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"performance_measures: {CHILDREN:,} children, {Milestone.objects.count():,} child milestones, "
        f"{HOUSEHOLDS:,} households, {SUPPORT_CASES:,} support cases on {connection.vendor} "
        f"(generated in {time.perf_counter() - began:.1f} s)"
    )
    last = periods.quarter_of(periods.quarter_of(today).start - timedelta(days=1))
    quarters = periods.last_quarters(QUARTERS, last)
    national = scopes.national()
    # The working calendar is filled once, as in service; not part of the timing.
    measures.compute_all(quarters[-1:], national, codes=["NAS-S1"])

    every, results, every_queries = _timed(lambda: measures.compute_all(quarters, national))
    subset, fast, subset_queries = _timed(lambda: measures.compute_all(quarters, national, codes=SUBSET))
    base, slow, _q = _timed(lambda: _baseline(quarters, national), runs=1)
    mismatches = _compare(fast, slow, quarters, national)
    print(
        f"  compute_all, all {len(measures.MEASURES)} measures x {len(national)} scopes x {QUARTERS} "
        f"quarters ({len(results):,} figures): {every * 1000:.0f} ms, {every_queries} queries"
    )
    print(
        f"  compute_all, the baseline's {len(SUBSET)} measures: {subset * 1000:.0f} ms, "
        f"{subset_queries} queries"
    )
    print(f"  row-by-row baseline, the same {len(SUBSET)} measures: {base * 1000:.0f} ms")
    print(f"  ratio (baseline / compute_all): {base / subset:.1f}x; figures that differ: {mismatches}")


def _baseline(quarters, national):
    """Row by row: every milestone read once, then each child and household
    walked in Python for each quarter."""
    from nas.adopters.models import Milestone as HouseholdMilestone
    from nas.children.models import Milestone
    from nas.core.calendar import add_months
    from nas.organisations.models import Organisation

    region_of = dict(Organisation.objects.local_authorities().values_list("pk", "region_id"))
    journeys: dict[int, list] = defaultdict(list)
    for child_id, authority, kind, when, detail, sequence in Milestone.objects.values_list(
        "child_id", "child__local_authority_id", "kind", "date", "detail", "sequence"
    ).iterator(chunk_size=20000):
        journeys[child_id].append((authority, kind, when, detail, sequence))
    homes: dict[int, list] = defaultdict(list)
    for household_id, owner, kind, when in HouseholdMilestone.objects.values_list(
        "household_id", "household__owner_id", "kind", "date"
    ).iterator(chunk_size=20000):
        homes[household_id].append((owner, kind, when))

    def bucket() -> dict:
        return defaultdict(lambda: [0, 0])

    out = {code: {q.code: bucket() for q in quarters} for code in SUBSET}
    out["NAS-C6"] = {q.code: defaultdict(int) for q in quarters}
    for steps in journeys.values():
        authority = steps[0][0]
        region = region_of[authority]
        first = {}
        for _a, kind, when, _d, _s in sorted(steps, key=lambda s: s[4]):
            first.setdefault(kind, when)
        for q in quarters:
            for _a, kind, when, _detail, _s in steps:
                if not q.contains(when):
                    continue
                if kind == "placed":
                    if "entered_care" in first:
                        out["NAS-C1"][q.code][region][0] += (when - first["entered_care"]).days
                        out["NAS-C1"][q.code][region][1] += 1
                    if "should_be_placed" in first:
                        out["NAS-C3"][q.code][region][0] += (when - first["should_be_placed"]).days
                        out["NAS-C3"][q.code][region][1] += 1
                    out["NAS-C6"][q.code][region] += 1
                elif kind == "match_decision" and "authority_to_place" in first:
                    out["NAS-C2"][q.code][region][0] += max(0, (when - first["authority_to_place"]).days)
                    out["NAS-C2"][q.code][region][1] += 1
                elif kind == "disrupted":
                    out["NAS-C7"][q.code][region][1] += 1
                elif kind == "adoption_order":
                    pass
            decision = first.get("should_be_placed")
            if decision is not None:
                stops = [w for _a, k, w, _d, _s in steps if k in ("match_decision", "plan_changed")]
                if add_months(decision, 6) < q.end and not any(s <= q.end for s in stops):
                    out["NAS-C4"][q.code][region][0] += (q.end - decision).days
                    out["NAS-C4"][q.code][region][1] += 1
            order = first.get("adoption_order")
            window = periods_three_years(q)
            if order is not None and window.contains(order) and "entered_care" in first:
                placed = max(w for _a, k, w, _d, _s in steps if k == "placed")
                out["A1"][q.code][region][0] += (placed - first["entered_care"]).days
                out["A1"][q.code][region][1] += 1
    for steps in homes.values():
        owner = steps[0][0]
        first = {}
        for _o, kind, when in steps:
            first.setdefault(kind, when)
        for q in quarters:
            approved = first.get("approved")
            if approved is not None and q.contains(approved) and "enquiry" in first:
                out["NAS-A3"][q.code][owner][0] += (approved - first["enquiry"]).days
                out["NAS-A3"][q.code][owner][1] += 1
            if approved is not None and add_months(approved, 3) < q.end:
                stops = [w for _o, k, w in steps if k in ("matched", "withdrawn", "deregistered")]
                if not any(s <= q.end for s in stops):
                    out["NAS-A4"][q.code][owner][0] += (q.end - approved).days
                    out["NAS-A4"][q.code][owner][1] += 1
    return out


def periods_three_years(q):
    from nas.performance import periods

    return periods.three_years_to(q)


def _compare(fast, slow, quarters, national) -> int:
    """Region figures of the engine and the baseline, compared."""
    from nas.performance import measures

    differ = 0
    for scope in national:
        if scope.kind != "region":
            continue
        for q in quarters:
            for code in SUBSET:
                figure = fast.get(code, q, scope)
                if code == "NAS-C6":
                    expected = slow[code][q.code][scope.organisation_id]
                    differ += int(figure.value != expected)
                    continue
                total, n = slow[code][q.code][scope.organisation_id]
                measure = measures.get(code)
                if measure.unit == "count":
                    differ += int(figure.value != n)
                elif n == 0:
                    differ += int(figure.value is not None)
                else:
                    value = total / n if measure.unit == "days" else total / n / measures.DAYS_PER_MONTH
                    differ += int(abs(figure.value - value) > 1e-6)
    return differ
