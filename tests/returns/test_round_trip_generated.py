"""The round trip at the generator's scale: the synthetic national data for
several authorities over several collection years (nas.synthetic), exported
as SSDA903, imported year after year into an empty database, and exported
again, is identical row for row and field for field, for every table,
authority and year; and the DfE's validator reports no more errors on the
second export than on the first."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.db import transaction

from nas.children.imports import import_children
from nas.children.models import CareEpisode, Child
from nas.organisations.models import Organisation
from nas.returns.selectors import ssda903_return
from nas.returns.ssda903 import ONS_CODES, SSDA903_TABLES, TABLES, Ssda903Return
from nas.synthetic.generate import generate
from tests.returns.test_ssda903_validator import RUNNER, VALIDATOR_PYTHON

pytestmark = pytest.mark.django_db

#: The smallest generation that gives several authorities several years of
#: returns: a twentieth of Wales, three years of history to 31 March 2025.
GENERATED = {"years": 3, "scale": 0.05, "seed": 11, "until": date(2025, 3, 31)}
#: The collection years those three years cover (2022-23 to 2024-25).
YEARS = (2023, 2024, 2025)

Exports = dict[tuple[str, int], Ssda903Return]


def _export_all() -> Exports:
    return {
        (org.code, year): ssda903_return(authority=org, year=year)
        for org in Organisation.objects.filter(code__in=ONS_CODES).order_by("code")
        for year in YEARS
    }


def _files(built: Ssda903Return) -> list[tuple[str, bytes]]:
    return [(f"{table}.csv", built.csv(table)) for table in TABLES]


def _validate(built: Ssda903Return, previous: Ssda903Return, folder: Path) -> Counter[str]:
    """The DfE validator's errors on one authority's return: how many, by rule."""
    for name, tables in (("this", built), ("last", previous)):
        (folder / name).mkdir(parents=True)
        for table in TABLES:
            (folder / name / f"{table}.csv").write_bytes(tables.csv(table))
    command = [str(VALIDATOR_PYTHON), str(RUNNER), "--year", str(built.year.year)]
    command += ["--la", ONS_CODES[built.authority], str(folder / "this"), "--previous", str(folder / "last")]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout)
    return Counter({code: sum(len(c) for c in e["tables"].values()) for code, e in report["errors"].items()})


def test_the_generators_returns_come_back_the_same_through_an_empty_database(personas, tmp_path):
    with transaction.atomic():
        generate(**GENERATED)
        first = _export_all()
        transaction.set_rollback(True)
    assert not Child.objects.exists()
    rows = Counter({table: sum(len(b.tables[table]) for b in first.values()) for table in SSDA903_TABLES})
    authorities = {code for (code, _year), built in first.items() if built.tables["Header"]}
    # Several authorities, several years, and every table with rows.
    assert len(authorities) >= 10 and all(rows[t] for t in SSDA903_TABLES), rows
    assert all(any(first[(code, year)].tables["Header"] for code in authorities) for year in YEARS)

    manager = personas["tm.cardiff"]
    for year in YEARS:
        for (code, built_year), built in first.items():
            if built_year != year or not built.tables["Header"]:
                continue
            org = Organisation.objects.get(code=code)
            result = import_children(actor=manager, local_authority_id=org.pk, files=_files(built))
            assert result.ok, (code, year, [str(e) for e in result.errors[:5]])
    assert CareEpisode.objects.exclude(source="import").count() == 0

    second = _export_all()
    for key, built in first.items():
        assert second[key].tables == built.tables, key

    # The DfE's validator on the largest authority's last year (with the year before).
    code = max(authorities, key=lambda c: len(first[(c, YEARS[-1])].tables["Episodes"]))
    before = _validate(first[(code, YEARS[-1])], first[(code, YEARS[-2])], tmp_path / "first")
    after = _validate(second[(code, YEARS[-1])], second[(code, YEARS[-2])], tmp_path / "second")
    assert sum(after.values()) <= sum(before.values()), (before, after)
    print(f"round trip: {dict(rows)} rows, {len(authorities)} authorities, {len(YEARS)} years")
    print(f"validator errors, {code} {YEARS[-1]}: first {sum(before.values())}, second {sum(after.values())}")
