"""Exporting an authority's SSDA903 return (page, API, command) and recording
a child's SSDA903 details: through the access layer, audited, validated."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nas.audit.models import AuditEvent
from nas.audit.services import verify_chain
from nas.children import services as child_services
from nas.core.records import StaleRecordError
from nas.organisations.models import Organisation
from nas.returns import services
from nas.returns.models import Ssda903Details

pytestmark = pytest.mark.django_db

DETAILS = {
    "upn": "un1",
    "category_of_need": "N1",
    "legal_status_on_entry": "C2",
    "foster_placement": "U6",
    "foster_placement_provider": "PR1",
    "placed_with_foster_carers": "no",
    "adoption_placement_provider": "PR2",
    "adopters_sex": "MF",
    "adopters_legal_status": "L11",
    "adoption_order_reason": "E12",
}


@pytest.fixture
def adopted(personas, make_child, advance):
    """A Cardiff child adopted in 2024-25 (placed on 21 May, the order on 1 June 2024)."""
    child = make_child(born=date(2022, 3, 1), entered=date(2024, 1, 15))
    advance(child, "adoption_order", start=date(2024, 2, 1), step=11)
    services.details_save(actor=personas["tm.cardiff"], child=child, values=DETAILS, expected_version=None)
    return child


def test_the_export_is_audited_once_for_the_return_and_once_for_each_child(personas, adopted, make_child):
    make_child(entered=date(2024, 6, 1))
    make_child("wrexham", entered=date(2024, 6, 1))
    cardiff = Organisation.objects.get(code="cardiff")
    export = services.ssda903_export(actor=personas["tm.cardiff"], authority=cardiff, year=2025)
    assert export.result.row_counts == {"Header": 2, "Episodes": 3, "PlacedAdoption": 1, "AD1": 1}
    entry = AuditEvent.objects.get(action="export", record_type="returns.ssda903")
    assert entry.record_id == str(cardiff.pk)
    assert entry.detail == {
        "authority": "cardiff",
        "year": 2025,
        "period": "2024-25",
        "tables": ["Header", "Episodes", "PlacedAdoption", "AD1"],
        "rows": {"Header": 2, "Episodes": 3, "PlacedAdoption": 1, "AD1": 1},
        "children": 2,
    }
    exported = AuditEvent.objects.filter(action="export", record_type="children.child")
    assert sorted(int(e.record_id) for e in exported) == sorted(export.result.children.values())
    assert verify_chain() is None


def test_one_table_audits_only_the_children_in_it(personas, adopted, make_child):
    make_child(entered=date(2024, 6, 1))
    cardiff = Organisation.objects.get(code="cardiff")
    export = services.ssda903_export(actor=personas["adm.cardiff"], authority=cardiff, year=2025, table="AD1")
    assert export.content.decode().splitlines()[1].startswith(adopted.case_reference)
    exported = AuditEvent.objects.filter(action="export", record_type="children.child")
    assert [int(e.record_id) for e in exported] == [adopted.pk]


def test_only_the_authoritys_manager_and_decision_maker_may_export(personas):
    cardiff = Organisation.objects.get(code="cardiff")
    for username in ("sw.cardiff", "sw.wrexham", "analyst.national", "manager.vvc"):
        with pytest.raises(PermissionDenied):
            services.ssda903_export(actor=personas[username], authority=cardiff, year=2025)
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_year_outside_placement_orders_and_the_year_in_progress_is_refused():
    assert services.check_year("2025") == 2025
    for bad in ("2005", str(services.current_collection_year() + 1), "next", ""):
        with pytest.raises(ValidationError):
            services.check_year(bad)
    assert services.current_collection_year(date(2026, 3, 31)) == 2026
    assert services.current_collection_year(date(2026, 4, 1)) == 2027


def test_details_follow_the_dfe_rules_for_upn_and_adopters():
    """Rule 168 (UPN format) and rules 511 to 524 (adopters' sex and legal status)."""
    assert services.check_details({"upn": "h801 200002004"})["upn"] == "H801200002004"
    with pytest.raises(ValidationError) as upn:
        services.check_details({"upn": "I80120000200"})
    assert "upn" in upn.value.message_dict
    for sex, status in (("MF", "L12"), ("MM", "L11"), ("F1", "L2"), ("FF", "L3"), ("MM", "L0")):
        with pytest.raises(ValidationError) as adopters:
            services.check_details({"adopters_sex": sex, "adopters_legal_status": status})
        assert "adopters_legal_status" in adopters.value.message_dict
    for sex, status in (("MF", "L11"), ("FF", "L12"), ("MM", "L4"), ("MF", "L2"), ("M1", "L0")):
        services.check_details({"adopters_sex": sex, "adopters_legal_status": status})


def test_details_are_saved_with_their_version_and_audited_on_the_child(personas, make_child):
    child = make_child()
    tm = personas["tm.cardiff"]
    details = services.details_save(actor=tm, child=child, values={"upn": "UN1"}, expected_version=0)
    assert (details.version, details.upn, details.category_of_need) == (1, "UN1", "")
    with pytest.raises(StaleRecordError):
        services.details_save(actor=tm, child=child, values={"upn": "UN2"}, expected_version=0)
    services.details_save(actor=tm, child=child, values={"upn": "UN2"}, expected_version=1)
    assert Ssda903Details.objects.get(child=child).version == 2
    changes = [
        e.detail["ssda903_details"]
        for e in AuditEvent.objects.filter(
            record_type="children.child", record_id=str(child.pk), action="update"
        )
    ]
    assert changes == [{"upn": {"from": "", "to": "UN1"}}, {"upn": {"from": "UN1", "to": "UN2"}}]


def test_the_page_shows_the_tables_and_the_missing_details_in_few_queries(client_for, personas, make_child):
    for n in range(3):
        make_child(entered=date(2024, 6, 1 + n))
    client = client_for("tm.cardiff")
    with CaptureQueriesContext(connection) as three:
        response = client.get("/returns/ssda903/cardiff/?year=2025")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Prepare the four tables (zip)" in body and "category of need" in body
    for n in range(5):
        make_child(entered=date(2024, 7, 1 + n))
    with CaptureQueriesContext(connection) as eight:
        client.get("/returns/ssda903/cardiff/?year=2025")
    assert len(eight.captured_queries) == len(three.captured_queries)


def test_the_children_of_the_return_page_by_fifty_and_filter(client_for, personas, make_child):
    for n in range(52):
        make_child(entered=date(2024, 6, 1 + n % 28))
    client = client_for("tm.cardiff")
    body = client.get("/returns/ssda903/cardiff/?year=2025").content.decode()
    assert "52 children;" in body and body.count('href="/returns/ssda903/children/') == 50
    assert "Page 1 of 2" in body and "year=2025&amp;page=2" in body
    second = client.get("/returns/ssda903/cardiff/?year=2025&page=2").content.decode()
    assert second.count('href="/returns/ssda903/children/') == 2
    one = client.get("/returns/ssda903/cardiff/?year=2025&q=CAR00007").content.decode()
    assert one.count('href="/returns/ssda903/children/') == 1


def test_the_page_refuses_a_year_it_cannot_make(client_for):
    response = client_for("tm.cardiff").get("/returns/ssda903/cardiff/?year=1999")
    assert response.status_code == 400
    assert "Choose a collection year from the list" in response.content.decode()


def test_the_zip_download_holds_the_four_tables(client_for, adopted):
    response = client_for("tm.cardiff").get("/returns/ssda903/cardiff/2025/SSDA903.zip")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="SSDA903_cardiff_2024-25.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        ad1 = archive.read("AD1.csv").decode().splitlines()
    assert ad1[0] == "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR"
    assert ad1[1].endswith(",0,2,MF,L11")


def test_the_details_form_saves_and_refuses_a_stale_version(client_for, make_child):
    child = make_child()
    client = client_for("sw.cardiff")
    assert client.get(f"/returns/ssda903/children/{child.pk}/").status_code == 200
    response = client.post(f"/returns/ssda903/children/{child.pk}/", {**DETAILS, "version": 0})
    assert response.status_code == 302
    assert Ssda903Details.objects.get(child=child).adopters_sex == "MF"
    stale = client.post(f"/returns/ssda903/children/{child.pk}/", {**DETAILS, "upn": "UN2", "version": 0})
    assert stale.status_code == 400
    assert "Someone else changed this record" in stale.content.decode()
    wrong = client.post(
        f"/returns/ssda903/children/{child.pk}/", {**DETAILS, "adopters_sex": "M1", "version": 1}
    )
    assert "One adopter is a single person" in wrong.content.decode()


def test_after_the_adoption_order_only_a_team_manager_completes_the_details(client_for, adopted):
    assert client_for("sw.cardiff").get(f"/returns/ssda903/children/{adopted.pk}/").status_code == 403
    assert client_for("tm.cardiff").get(f"/returns/ssda903/children/{adopted.pk}/").status_code == 200


def test_the_api_gives_the_summary_the_files_and_the_details(client_for, adopted):
    client = client_for("tm.cardiff")
    summary = client.get("/api/v1/returns/ssda903/cardiff/2025").json()
    assert summary["rows"] == {"Header": 1, "Episodes": 2, "PlacedAdoption": 1, "AD1": 1}
    assert (summary["period"], summary["start"], summary["end"]) == ("2024-25", "2024-04-01", "2025-03-31")
    table = client.get("/api/v1/returns/ssda903/cardiff/2025/download?table=Header")
    assert table["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        table.content.decode().splitlines()[1].startswith(f"{adopted.case_reference},M,01/03/2022,WBRI,UN1")
    )
    assert client.get("/api/v1/returns/ssda903/cardiff/2025/download?table=Nope").status_code == 404
    assert client.get("/api/v1/returns/ssda903/cardiff/1999").status_code == 404
    details = client.get(f"/api/v1/returns/ssda903-details/{adopted.pk}").json()
    assert details["version"] == 1 and details["adopters_legal_status"] == "L11"
    stale = client.put(
        f"/api/v1/returns/ssda903-details/{adopted.pk}",
        data=json.dumps({**DETAILS, "version": 0}),
        content_type="application/json",
    )
    assert stale.status_code == 409
    invalid = client.put(
        f"/api/v1/returns/ssda903-details/{adopted.pk}",
        data=json.dumps({**DETAILS, "category_of_need": "N9", "version": 1}),
        content_type="application/json",
    )
    assert invalid.status_code == 422 and "category_of_need" in invalid.json()["errors"]
    saved = client.put(
        f"/api/v1/returns/ssda903-details/{adopted.pk}",
        data=json.dumps({**DETAILS, "adoption_order_reason": "E11", "version": 1}),
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["version"] == 2


def test_the_command_writes_the_four_tables_as_the_named_manager(tmp_path, personas, adopted):
    out = io.StringIO()
    call_command(
        "export_ssda903",
        authority="cardiff",
        year="2025",
        out=str(tmp_path),
        username="tm.cardiff",
        stdout=out,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "AD1.csv",
        "Episodes.csv",
        "Header.csv",
        "PlacedAdoption.csv",
    ]
    assert "Header 1, Episodes 2, PlacedAdoption 1, AD1 1" in out.getvalue()
    entry = AuditEvent.objects.get(action="export", record_type="returns.ssda903")
    assert (entry.actor_username, entry.channel) == ("tm.cardiff", "command")
    with pytest.raises(CommandError, match="may not export"):
        call_command(
            "export_ssda903", authority="cardiff", year="2025", out=str(tmp_path), username="sw.cardiff"
        )
    with pytest.raises(CommandError, match="may not export"):
        call_command(
            "export_ssda903", authority="cardiff", year="2025", out=str(tmp_path), username="sw.wrexham"
        )
    with pytest.raises(CommandError, match="collection year"):
        call_command(
            "export_ssda903", authority="cardiff", year="1999", out=str(tmp_path), username="tm.cardiff"
        )


def test_a_child_whose_journey_moves_on_changes_the_return(personas, make_child):
    child = make_child(entered=date(2024, 6, 1))
    cardiff = Organisation.objects.get(code="cardiff")
    before = services.ssda903_export(actor=personas["tm.cardiff"], authority=cardiff, year=2025).result
    child_services.milestone_record(
        actor=personas["sw.cardiff"], child=child, kind="permanence_plan", when=date(2024, 7, 1)
    )
    after = services.ssda903_export(actor=personas["tm.cardiff"], authority=cardiff, year=2025).result
    assert before.tables == after.tables  # a permanence plan is not in the SSDA903 return


def test_text_a_spreadsheet_would_run_is_neutralised_in_every_table_and_the_zip(personas, make_child):
    """A reference recorded before the import refused such text still cannot
    run in the Header or Episodes CSV, or in the zip."""
    make_child(entered=date(2024, 6, 1), case_reference='=HYPERLINK("http://ev.il","x")')
    cardiff = Organisation.objects.get(code="cardiff")
    export = services.ssda903_export(actor=personas["tm.cardiff"], authority=cardiff, year=2025)
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        tables = {name: archive.read(name).decode() for name in ("Header.csv", "Episodes.csv")}
    for text in [*tables.values(), export.result.csv("Header").decode()]:
        assert "'=HYPERLINK" in text
        assert not [line for line in text.splitlines() if line.startswith(("=", '"='))]
