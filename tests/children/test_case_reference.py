"""A case reference (CHILD in the SSDA903 return) is an identifier, never
free text: the import and the child's form refuse anything else, so text a
spreadsheet would run (=HYPERLINK(...)) never reaches the return or an export."""

from __future__ import annotations

import pytest
from django.utils import translation

from nas.children.forms import NewChildForm
from nas.children.imports import import_children
from nas.children.models import Child
from nas.children.ssda903 import is_case_reference
from nas.organisations.models import Organisation
from tests.children.test_import import _csv, _rows, _ssda903, _table

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://ev.il","x")'


@pytest.mark.parametrize("reference", ["A1", "CDF-1008", "GEN-7-000001", "WX/2024/17", "CDF 12.3_a"])
def test_identifiers_are_case_references(reference):
    assert is_case_reference(reference)


@pytest.mark.parametrize("reference", [FORMULA, "+1", "-A1", "@A1", "A1\t", "A\r1", "A1 ", "A--1", "x" * 41])
def test_anything_else_is_not(reference):
    assert not is_case_reference(reference)


def _cardiff() -> int:
    return Organisation.objects.get(code="cardiff").pk


def test_the_ssda903_import_refuses_a_child_that_is_not_an_identifier_naming_row_and_column(personas):
    files = _ssda903()
    files[0] = _table(
        "Header",
        [["A1", "1", "01/02/2020", "WBRI", "", "", ""], [FORMULA, "2", "05/06/2021", "MWBC", "", "", ""]],
    )
    result = import_children(actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=files)
    assert not result.ok and Child.objects.count() == 0
    refused = [e for e in result.errors if e.column == "CHILD" and e.row == 3]
    assert refused and str(refused[0]).startswith("header.csv, row 3, CHILD: This is not a case reference")
    assert "HYPERLINK" not in refused[0].message


def test_the_children_layout_refuses_it_too_in_welsh(personas):
    rows = _rows(2)
    rows[1]["case_reference"] = FORMULA
    with translation.override("cy"):
        result = import_children(
            actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=[("c.csv", _csv(rows))]
        )
        message = str(result.errors[0])
    assert not result.ok
    assert message.startswith("c.csv, rhes 3, case_reference: Nid cyfeirnod achos yw hwn")


def test_the_childs_form_refuses_it(personas):
    form = NewChildForm(data={"case_reference": FORMULA}, authority=Organisation.objects.get(code="cardiff"))
    assert not form.is_valid()
    assert form.errors["case_reference"][0].startswith("This is not a case reference")
