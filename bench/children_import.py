"""The import of an authority's SSDA903 return (nas.children.imports).

Makes the Header, Episodes, PlacedAdoption and AD1 tables of N children over
three collection years (three episodes a child: entering care, the placement
order, the placement for adoption; two thirds of them adopted), then times
`import_children` on the whole upload: parsing, the DfE's and the journey's
rules, the bulk write of children, milestones (with journey dates and
family-finding profiles) and care history, and the audit entries.

The baseline writes the same children row by row through the ORM (one
create a child, a milestone, an episode), without checks or audit, for a
sample of the children; its time is scaled to N, and the ratio is baseline
over import. Set BENCH_IMPORT_CHILDREN (10000) and BENCH_IMPORT_BASELINE
(1000) to change the sizes; PostgreSQL is used when DATABASE_URL names it.
"""

from __future__ import annotations

import csv
import io
import os
import time
from datetime import date, timedelta

from django.db import connection, transaction
from django.test.utils import setup_test_environment, teardown_test_environment

N = int(os.environ.get("BENCH_IMPORT_CHILDREN", "10000"))
BASELINE = min(N, int(os.environ.get("BENCH_IMPORT_BASELINE", "1000")))


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


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def tables(n: int, prefix: str = "C") -> dict[str, list[list[str]]]:
    """A return of n children over the collection years 2023 to 2025."""
    header, episodes, placed, ad1 = [], [], [], []
    for i in range(n):
        ref = f"{prefix}{i:06d}"
        born = date(2019, 1, 1) + timedelta(days=i % 900)
        entered = date(2022, 4, 1) + timedelta(days=i % 300)
        decided = entered + timedelta(days=120)
        order = decided + timedelta(days=60)
        matched = order + timedelta(days=90)
        moved = matched + timedelta(days=14)
        adopted = moved + timedelta(days=150) if i % 3 else None
        header.append([ref, "M" if i % 2 else "F", _day(born), "WBRI", "UN1", "", ""])
        post = ["CF10 1", "CF5 2", ""]
        episodes.append([ref, _day(entered), "S", "C2", "N1", "U1", "PR1", _day(order), "X1", "", *post])
        episodes.append([ref, _day(order), "L", "E1", "N1", "U1", "PR1", _day(moved), "X1", "CARPL", *post])
        episodes.append(
            [ref, _day(moved), "P", "E1", "N1", "A6", "PR2", _day(adopted) if adopted else "",
             "E11" if adopted else "", "", *post]
        )  # fmt: skip
        placed.append([ref, _day(born), _day(decided), "", ""])
        if adopted:
            ad1.append([ref, _day(born), _day(decided), _day(matched), "0", "2", "MF", "L11"])
    return {"Header": header, "Episodes": episodes, "PlacedAdoption": placed, "AD1": ad1}


def files(made: dict[str, list[list[str]]]) -> list[tuple[str, bytes]]:
    from nas.children.ssda903 import SSDA903_TABLES

    out = []
    for name, rows in made.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(SSDA903_TABLES[name])
        writer.writerows(rows)
        out.append((f"{name}.csv", buffer.getvalue().encode()))
    return out


def _row_by_row(made: dict[str, list[list[str]]], authority_id: int) -> None:
    """The baseline: the same children, milestones and episodes, one ORM create each."""
    from nas.children.models import CareEpisode, Child, Milestone

    def parse(text: str) -> date | None:
        return date(int(text[6:]), int(text[3:5]), int(text[:2])) if text else None

    by_child: dict[str, list[list[str]]] = {}
    for row in made["Episodes"]:
        by_child.setdefault(row[0], []).append(row)
    decided = {row[0]: parse(row[2]) for row in made["PlacedAdoption"]}
    matched = {row[0]: parse(row[3]) for row in made["AD1"]}
    with transaction.atomic():
        for ref, sex, born, ethnic, *_rest in made["Header"]:
            child = Child.objects.create(
                local_authority_id=authority_id,
                case_reference=ref,
                date_of_birth=parse(born),
                sex="1" if sex == "M" else "2",
                ethnicity=ethnic,
            )
            rows = by_child[ref]
            steps = [("entered_care", parse(rows[0][1])), ("should_be_placed", decided[ref])]
            steps += [("authority_to_place", parse(rows[1][1]))]
            if ref in matched:
                steps.append(("match_decision", matched[ref]))
            steps.append(("placed", parse(rows[2][1])))
            if rows[2][8]:
                steps.append(("adoption_order", parse(rows[2][7])))
            for sequence, (kind, when) in enumerate(steps, start=1):
                Milestone.objects.create(child=child, kind=kind, date=when, sequence=sequence)
            for row in rows:
                CareEpisode.objects.create(
                    child=child,
                    start=parse(row[1]),
                    reason_new=row[2],
                    legal_status=row[3],
                    category_of_need=row[4],
                    place=row[5],
                    place_provider=row[6],
                    end=parse(row[7]),
                    reason_ended=row[8],
                    reason_place_change=row[9],
                )


def _measure() -> None:
    from nas.accounts.models import User
    from nas.children.imports import import_children
    from nas.children.models import CareEpisode, Child, Milestone
    from nas.organisations.models import Organisation

    cardiff = Organisation.objects.get(code="cardiff")
    swansea = Organisation.objects.get(code="swansea")
    actor = User.objects.create(username="bench.import", organisation=cardiff)
    made = tables(N)
    upload = files(made)
    start = time.perf_counter()
    result = import_children(actor=actor, local_authority_id=cardiff.pk, files=upload)
    imported = time.perf_counter() - start
    assert result.ok, [str(e) for e in result.errors[:5]]
    start = time.perf_counter()
    again = import_children(actor=actor, local_authority_id=cardiff.pk, files=upload)
    reimported = time.perf_counter() - start
    assert again.nothing_changed
    sample = {name: rows for name, rows in tables(BASELINE, prefix="R").items()}
    start = time.perf_counter()
    _row_by_row(sample, swansea.pk)
    baseline = (time.perf_counter() - start) * N / BASELINE
    episodes = CareEpisode.objects.filter(child__local_authority=cardiff).count()
    milestones = Milestone.objects.filter(child__local_authority=cardiff).count()
    print(
        f"children_import on {connection.vendor}: {N} children, {len(made['Episodes'])} episodes over 3 years"
    )
    children = Child.objects.filter(local_authority=cardiff).count()
    print(f"  written: {children} children, {milestones} milestones, {episodes} episodes")
    print(f"  import (checks, rules, bulk writes, audit): {imported:.1f} s ({N / imported:,.0f} children/s)")
    print(f"  the same files again (nothing changes): {reimported:.1f} s")
    print(f"  row-by-row ORM baseline ({BASELINE} children, scaled to {N}): {baseline:.1f} s")
    print(f"  ratio baseline/import: {baseline / imported:.2f}x")
