"""The SSDA903 export of the demonstration data passes the DfE's own
validator, csc-validator-be-903 (import name lac_validator), with no error
from any rule that reads the adoption tables (AD1 or PlacedAdoption: among
them 331 'date of matching ... on or before the date of placement', 333
'date should be placed ... on or before the date of matching', 523 'date of
the decision ... the same date as ... date should be placed', 524 'L12 ...
MM or FF').

The validator pins an old pandas, so it lives in its own virtual environment
(.venv-903, made by `make validator-903`, which `make test` runs first) and
runs as a separate process (tests/returns/validator_runner.py).
"""

from __future__ import annotations

import io
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from nas.accounts.models import User
from nas.organisations.models import Organisation
from nas.returns.demo import DEMO_YEAR
from nas.returns.services import ssda903_export
from nas.returns.ssda903 import ONS_CODES, TABLES, CollectionYear

pytestmark = pytest.mark.django_db

REPOSITORY = Path(__file__).resolve().parents[2]
VALIDATOR_PYTHON = REPOSITORY / ".venv-903" / "bin" / "python"
RUNNER = Path(__file__).with_name("validator_runner.py")
# Rules that read the adoption tables but only with the care leavers' table
# (OC3), which a return about adoption does not have: the validator skips them.
NEED_CARE_LEAVERS = {"134", "187"}
# Rules the export cannot pass because this service keeps no addresses: the
# validator works out the placement's authority and distance from HOME_POST
# and PL_POST (lac_validator.datastore), and without them 169 (no LA of
# placement), 179 (no placement location), 218 (URN required outside Wales)
# and 392b (no postcodes) fire for every episode.
NO_ADDRESSES = {"169", "179", "218", "392b"}


def _export(actor: User, authority: Organisation, year: int, folder: Path) -> dict[str, list[list[str]]]:
    export = ssda903_export(actor=actor, authority=authority, year=year)
    folder.mkdir()
    for table in TABLES:
        (folder / f"{table}.csv").write_bytes(export.result.csv(table))
    return export.result.tables


def test_the_demo_return_passes_the_dfe_validators_adoption_rules(tmp_path, reference_data):
    if not VALIDATOR_PYTHON.exists():
        pytest.fail(
            f"The DfE's SSDA903 validator is not installed at {VALIDATOR_PYTHON}: "
            "run `make validator-903` (make test does it first)."
        )
    call_command("seed_demo", stdout=io.StringIO())
    manager = User.objects.get(username="tm.cardiff")
    cardiff = Organisation.objects.get(code="cardiff")
    tables = _export(manager, cardiff, DEMO_YEAR, tmp_path / "this-year")
    _export(manager, cardiff, DEMO_YEAR - 1, tmp_path / "last-year")

    # The demonstration reaches every step the adoption rules check, within the year.
    year = CollectionYear(DEMO_YEAR)

    def in_year(value: str) -> bool:
        day, month, year_ = (int(part) for part in value.split("/"))
        return date(year_, month, day) in year

    assert any(in_year(row[2]) for row in tables["PlacedAdoption"]), "no 'should be placed' decision"
    assert any(row[5] in {"A3", "A4", "A5", "A6"} and in_year(row[1]) for row in tables["Episodes"])
    # Two adopted: one by new adopters, one by their foster carers (foster for adoption).
    assert sorted(row[4] for row in tables["AD1"]) == ["0", "1"]
    assert any(row[8] in {"E11", "E12"} and in_year(row[7]) for row in tables["Episodes"]), (
        "no adoption order"
    )

    run = subprocess.run(
        [
            str(VALIDATOR_PYTHON),
            str(RUNNER),
            "--year",
            str(DEMO_YEAR),
            "--la",
            ONS_CODES["cardiff"],
            str(tmp_path / "this-year"),
            "--previous",
            str(tmp_path / "last-year"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, f"The validator did not run:\n{run.stderr[-3000:]}"
    report = json.loads(run.stdout)
    adoption_rules = set(report["adoption_rules"])
    assert {"331", "333", "523", "524"} <= adoption_rules
    # A skipped rule proves nothing: every adoption rule ran but those that need care leavers.
    assert set(report["skipped"]) & adoption_rules == NEED_CARE_LEAVERS
    assert not set(report["failed"]) & adoption_rules
    adoption_errors = {code: error for code, error in report["errors"].items() if code in adoption_rules}
    assert adoption_errors == {}, json.dumps(adoption_errors, indent=1)
    # And nothing else fires but what the missing addresses explain.
    others = {code: error["message"] for code, error in report["errors"].items() if code not in NO_ADDRESSES}
    assert others == {}, json.dumps(others, indent=1)
