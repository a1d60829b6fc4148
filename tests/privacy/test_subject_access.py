"""Subject access export (UK GDPR Article 15, the right of access): every
record naming the person, as a PDF to read and a JSON file; notes that may
tell about other people withheld unless a manager includes them (Article
15(4); Data Protection Act 2018, Schedule 2, paragraph 16); audited."""

from __future__ import annotations

import json
from datetime import date

import pypdfium2
import pytest

from nas.audit.models import AuditEvent
from nas.support import services as support_services

pytestmark = pytest.mark.django_db


def test_a_childs_export_holds_the_record_the_milestones_and_who_read_it(client_for, make_child):
    child = make_child(first_names="Gwenllian", last_name="Prydderch", case_reference="CDF-SAR-1")
    client = client_for("sw.cardiff")
    client.get(f"/children/{child.pk}/")
    export = client.get(f"/api/v1/privacy/subject-access/child/{child.pk}").json()
    sections = {s["title"]: s["records"] for s in export["sections"]}
    assert sections["The child's record"][0]["first names"] == "Gwenllian"
    assert sections["The child's record"][0]["case reference"] == "CDF-SAR-1"
    assert sections["The journey's milestones"]
    assert any(
        row["what"] == "Viewed" and row["who"] == "sw.cardiff"
        for row in sections["Who read or changed the record"]
    )
    assert export["notes_about_other_people"] == "withheld"
    entry = AuditEvent.objects.filter(
        action="export", record_type="children.child", record_id=str(child.pk)
    ).get()
    assert entry.detail == {"export": "subject_access", "format": "json", "third_party_notes": False}


def test_the_pdf_reads_as_the_persons_records(client_for, make_child):
    child = make_child(first_names="Gwenllian", last_name="Prydderch")
    response = client_for("tm.cardiff").post(
        f"/data-protection/subject-access/child/{child.pk}/", {"file_format": "pdf"}
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="subject-access-child-{child.pk}.pdf"'
    pdf = pypdfium2.PdfDocument(response.content)
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    assert "Your records: subject access" in text and "Gwenllian" in text and "Prydderch" in text


def test_notes_about_other_people_are_withheld_unless_a_manager_includes_them(
    client_for, make_person, make_case, worker
):
    person = make_person(first_names="Rhodri")
    case = make_case(person=person)
    support_services.case_close(
        actor=worker,
        case=case,
        expected_version=case.version,
        closed_on=date(2025, 6, 1),
        outcome="declined",
        closure_note="Aunt Gwen Smith says no",
    )
    worker_export = client_for("support.vvc").get(
        f"/api/v1/privacy/subject-access/support-person/{person.pk}"
    )
    assert "Aunt Gwen" not in worker_export.content.decode()
    assert "support.supportcase.closure_note" in worker_export.json()["withheld_fields"]
    refused = client_for("support.vvc").get(
        f"/api/v1/privacy/subject-access/support-person/{person.pk}?third_party=true"
    )
    assert refused.status_code == 403
    included = client_for("manager.vvc").get(
        f"/api/v1/privacy/subject-access/support-person/{person.pk}?third_party=true"
    )
    assert "Aunt Gwen Smith says no" in included.content.decode()
    assert json.loads(included.content)["notes_about_other_people"] == "included"
    assert AuditEvent.objects.filter(action="export", detail__third_party_notes=True).count() == 1


def test_the_export_page_offers_the_notes_only_to_a_manager(client_for, make_person):
    person = make_person()
    url = f"/data-protection/subject-access/support-person/{person.pk}/"
    assert (
        "Include notes that may tell about other people"
        not in client_for("support.vvc").get(url).content.decode()
    )
    assert (
        "Include notes that may tell about other people"
        in client_for("manager.vvc").get(url).content.decode()
    )
    assert (
        client_for("support.vvc").post(url, {"file_format": "json", "third_party": "on"}).status_code == 403
    )


def test_the_start_page_finds_the_record_by_its_number(client_for, make_child):
    child = make_child()
    response = client_for("sw.cardiff").get(
        "/data-protection/subject-access/", {"kind": "child", "record": child.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/data-protection/subject-access/child/{child.pk}/"
    page = client_for("sw.cardiff").get("/data-protection/subject-access/", {"kind": "child", "record": "x"})
    assert "Enter the record number as digits, like 123" in page.content.decode()
