"""Lists export what they show, as CSV or Excel: within the caller's scope,
audited, and neutralised against spreadsheet formulas."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from nas.audit.models import AuditEvent
from nas.core import spreadsheet

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_is_written_as_plain_text(text):
    assert spreadsheet.neutralise(text) == "'" + text


def test_numbers_and_dates_are_written_as_themselves():
    assert spreadsheet.neutralise(-2) == -2
    assert spreadsheet.neutralise(date(2024, 1, 2)) == date(2024, 1, 2)
    assert spreadsheet.neutralise(None) == ""


@pytest.fixture
def listed(make_child):
    make_child(first_names="=cmd|' /C calc'!A0", last_name="Formula", case_reference="CDF-EXP1")
    make_child(first_names="Plain", last_name="Cardiffchild", case_reference="CDF-EXP2")
    make_child("wrexham", first_names="Other", last_name="Wrexhamchild", case_reference="WRX-EXP3")


def test_the_children_list_exports_as_csv_within_scope_neutralised_and_audited(listed, client_for):
    response = client_for("tm.cardiff").get("/children/", {"export": "csv", "sort": "name"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "Cardiffchild" in body and "Formula" in body and "Wrexhamchild" not in body
    assert "'=cmd" in body and ",=cmd" not in body
    assert AuditEvent.objects.filter(
        record_type="core.list", action="export", record_id="children:list"
    ).exists()
    assert AuditEvent.objects.filter(record_type="children.child", action="export").count() == 2


def test_the_children_list_exports_as_excel_with_the_filters_applied(listed, client_for):
    response = client_for("tm.cardiff").get("/children/", {"export": "xlsx", "q": "Formula"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "case reference" and len(rows) == 2
    assert rows[1][1] == "'=cmd|' /C calc'!A0"


def test_a_region_exports_profiles_without_identity(listed, client_for):
    body = client_for("ff.vvc").get("/children/", {"export": "csv"}).content.decode("utf-8-sig")
    assert body.splitlines()[0] == "profile,authority,stage"
    assert "Formula" not in body and "CDF-EXP" not in body
