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


def _validation(built: Ssda903Return, previous: Ssda903Return, folder: Path) -> subprocess.Popen[str]:
    """The DfE validator started on one authority's return (with the year before)."""
    for name, tables in (("this", built), ("last", previous)):
        (folder / name).mkdir(parents=True)
        for table in TABLES:
            (folder / name / f"{table}.csv").write_bytes(tables.csv(table))
    command = [str(VALIDATOR_PYTHON), str(RUNNER), "--year", str(built.year.year)]
    command += ["--la", ONS_CODES[built.authority], str(folder / "this"), "--previous", str(folder / "last")]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _errors(run: subprocess.Popen[str]) -> Counter[str]:
    """The validator's errors: how many, by rule."""
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err[-3000:]
    report = json.loads(out)
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
    # The two runs side by side: each is a process of its own.
    runs = [
        _validation(exports[(code, YEARS[-1])], exports[(code, YEARS[-2])], tmp_path / name)
        for name, exports in (("first", first), ("second", second))
    ]
    before, after = (_errors(run) for run in runs)
    assert sum(after.values()) <= sum(before.values()), (before, after)
    print(f"round trip: {dict(rows)} rows, {len(authorities)} authorities, {len(YEARS)} years")
    print(f"validator errors, {code} {YEARS[-1]}: first {sum(before.values())}, second {sum(after.values())}")
