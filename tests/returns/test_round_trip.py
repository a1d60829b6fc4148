"""The care history makes the SSDA903 return a round trip: an authority's
return imported (nas.children.imports) and exported again
(nas.returns.ssda903) gives back the same tables, row for row and field for
field, and importing that export into an empty authority and exporting it
once more gives the same again."""

from __future__ import annotations

import csv
import io

import pytest

from nas.children.imports import SSDA903_TABLES, import_children
from nas.children.models import CareEpisode, Child
from nas.organisations.models import Organisation
from nas.returns.selectors import ssda903_return

pytestmark = pytest.mark.django_db

YEAR = 2025  # 1 April 2024 to 31 March 2025

#: Three children: R1 adopted (E11) after a placement order, R2's decision
#: reversed (RD1), R3 (sex U) adopted (E12) with consent. Every column the
#: import used to drop is filled in.
RETURN = {
    "Header": [
        ["R1", "M", "01/02/2020", "WBRI", "UN1", "", ""],
        ["R2", "F", "05/06/2021", "MWBC", "UN1", "0", ""],
        ["R3", "U", "10/10/2019", "BAFR", "UN2", "", ""],
    ],
    "Episodes": [
        ["R1", "10/03/2023", "S", "C2", "N1", "U1", "PR1", "01/07/2024", "X1", "", "CF10 1", "CF5 2", ""],
        [
            "R1",
            "01/07/2024",
            "L",
            "E1",
            "N1",
            "U1",
            "PR1",
            "01/09/2024",
            "X1",
            "CARPL",
            "CF10 1",
            "CF5 2",
            "",
        ],
        ["R1", "01/09/2024", "P", "E1", "N1", "A6", "PR2", "15/03/2025", "E11", "", "CF10 1", "NP20 1", ""],
        ["R2", "01/07/2021", "S", "C2", "N2", "U4", "PR1", "", "", "", "CF24 3", "CF3 4", "SC123456"],
        ["R3", "01/05/2023", "S", "V2", "N1", "U3", "PR0", "01/06/2024", "X1", "CARPL", "SA1 1", "SA2 2", ""],
        ["R3", "01/06/2024", "P", "V2", "N1", "A4", "PR4", "20/02/2025", "E12", "", "SA1 1", "SA3 3", ""],
    ],
    "PlacedAdoption": [
        ["R1", "01/02/2020", "01/06/2024", "", ""],
        ["R2", "05/06/2021", "01/05/2024", "01/11/2024", "RD1"],
        ["R3", "10/10/2019", "01/03/2024", "", ""],
    ],
    "AD1": [
        ["R1", "01/02/2020", "01/06/2024", "20/08/2024", "0", "2", "MF", "L11"],
        ["R3", "10/10/2019", "01/03/2024", "15/05/2024", "1", "1", "F1", "L0"],
    ],
}


def _files(tables: dict[str, list[list[str]]]) -> list[tuple[str, bytes]]:
    files = []
    for name, rows in tables.items():
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(SSDA903_TABLES[name])
        writer.writerows(rows)
        files.append((f"{name}.csv", out.getvalue().encode()))
    return files


def _import(personas, authority: str, files) -> None:
    org = Organisation.objects.get(code=authority)
    result = import_children(actor=personas["tm.cardiff"], local_authority_id=org.pk, files=files)
    assert result.ok, [str(e) for e in result.errors]


def _export(authority: str) -> dict[str, list[list[str]]]:
    built = ssda903_return(authority=Organisation.objects.get(code=authority), year=YEAR)
    return {name: [list(row) for row in rows] for name, rows in built.tables.items()}


def test_an_imported_return_is_exported_the_same_and_again_from_an_empty_authority(personas):
    _import(personas, "cardiff", _files(RETURN))
    assert CareEpisode.objects.filter(child__case_reference="R1").count() == 3
    first = _export("cardiff")
    assert first == RETURN

    assert not Child.objects.filter(local_authority__code="swansea").exists()
    _import(personas, "swansea", _files(first))
    assert _export("swansea") == first


def test_the_ssda903_details_come_from_the_file_not_from_staff(personas):
    _import(personas, "cardiff", _files(RETURN))
    built = ssda903_return(authority=Organisation.objects.get(code="cardiff"), year=YEAR)
    details = Child.objects.get(case_reference="R1").ssda903_details
    assert (details.upn, details.adopters_sex, details.adopters_legal_status) == ("UN1", "MF", "L11")
    assert (details.foster_placement, details.adoption_placement_provider, details.adoption_order_reason) == (
        "U1",
        "PR2",
        "E11",
    )
    assert [g for g in built.gaps if g.case_reference == "R1"] == []


def test_importing_the_return_again_changes_nothing(personas):
    _import(personas, "cardiff", _files(RETURN))
    org = Organisation.objects.get(code="cardiff")
    again = import_children(actor=personas["tm.cardiff"], local_authority_id=org.pk, files=_files(RETURN))
    assert again.nothing_changed, [str(e) for e in again.errors]
