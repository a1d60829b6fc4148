"""A record's chronology: notes, milestones, decisions, allocations and
documents in one timeline, filtered by kind and date; a PDF in English and
Welsh; a fixed number of queries however long it is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nas.casework import chronology, services

pytestmark = pytest.mark.django_db


def _note(personas, child, day, text="A call", **kw):
    values = {
        "actor": personas["sw.cardiff"],
        "record_type": "children.child",
        "record": child,
        "kind": "telephone",
        "contact_on": day,
        "text": text,
    }
    values.update(kw)
    return services.note_create(**values)


def test_the_chronology_holds_notes_milestones_decisions_and_allocations_oldest_first(personas, child):
    from nas.children.services import milestone_record

    milestone_record(actor=personas["sw.cardiff"], child=child, kind="permanence_plan", when=date(2024, 2, 1))
    _note(personas, child, date(2024, 1, 20), "First call")
    _note(personas, child, date(2024, 3, 1), "Decided to go ahead", kind="decision")
    services.allocation_set(
        actor=personas["tm.cardiff"],
        record_type="children.child",
        record=child,
        worker=personas["sw.cardiff"],
    )
    entries = chronology.chronology(
        user=personas["tm.cardiff"], record_type="children.child", record_id=child.pk
    )
    kinds = [(e.on, e.kind) for e in entries]
    assert kinds[:4] == [
        (date(2024, 1, 10), "milestone"),  # entered care
        (date(2024, 1, 20), "note"),
        (date(2024, 2, 1), "milestone"),
        (date(2024, 3, 1), "decision"),
    ]
    assert kinds[-1][1] == "allocation"
    only_notes = chronology.chronology(
        user=personas["tm.cardiff"], record_type="children.child", record_id=child.pk, kind="note"
    )
    assert [e.text for e in only_notes] == ["First call"]
    window = chronology.chronology(
        user=personas["tm.cardiff"],
        record_type="children.child",
        record_id=child.pk,
        since=date(2024, 1, 15),
        until=date(2024, 2, 15),
    )
    assert [e.on for e in window] == [date(2024, 1, 20), date(2024, 2, 1)]


def test_a_sensitive_note_is_in_the_chronology_only_for_those_allowed(personas, child, client_for):
    _note(
        personas,
        child,
        date(2024, 1, 20),
        "Birth relative's health",
        sensitive=True,
        actor=personas["tm.cardiff"],
    )
    url = f"/casework/of/children.child/{child.pk}/chronology/"
    assert "Birth relative" in client_for("tm.cardiff").get(url).content.decode()
    page = client_for("adm.cardiff").get(url)
    assert page.status_code == 200 and "Birth relative" not in page.content.decode()
    assert client_for("sw.wrexham").get(url).status_code == 404
    api = client_for("adm.cardiff").get(
        f"/api/v1/casework/chronology?record_type=children.child&record_id={child.pk}"
    )
    assert api.status_code == 200 and "Birth relative" not in api.content.decode()


def _page_image(pdf: bytes, index: int):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    return len(document), document[index].render(scale=1).to_pil().convert("L"), document[0].get_textpage()


def test_the_chronology_pdf_of_a_child_with_200_entries_renders_in_english_and_welsh(
    personas, child, client_for
):
    start = date(2025, 1, 1)
    for n in range(199):
        _note(personas, child, start + timedelta(days=n), f"Contact number {n} with the family")
    entries = chronology.chronology(
        user=personas["sw.cardiff"], record_type="children.child", record_id=child.pk
    )
    assert len(entries) == 200  # and the milestone of entering care
    client = client_for("sw.cardiff")
    for language, word in (("en", "Chronology"), ("cy", "Cronoleg")):
        response = client.get(f"/casework/of/children.child/{child.pk}/chronology.pdf?language={language}")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        pages, image, text = _page_image(response.content, 1)
        assert pages > 5
        inked = sum(1 for value in image.tobytes() if value < 200)
        assert inked > 5000, inked
        assert word in text.get_text_range()
    assert client.get(f"/casework/of/children.child/{child.pk}/chronology.pdf?language=fr").status_code == 404


def test_the_chronology_page_makes_a_fixed_number_of_queries_however_long(personas, child, client_for):
    client = client_for("sw.cardiff")
    url = f"/casework/of/children.child/{child.pk}/chronology/"
    _note(personas, child, date(2025, 1, 1))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20):
        note = _note(personas, child, date(2025, 1, 2) + timedelta(days=n))
        services.note_addendum(actor=personas["sw.cardiff"], note=note, text="More", record=child)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_my_cases_and_the_caseload_make_a_fixed_number_of_queries(personas, make_child, client_for):
    def allocate(n):
        for _ in range(n):
            services.allocation_set(
                actor=personas["tm.cardiff"],
                record_type="children.child",
                record=make_child(),
                worker=personas["sw.cardiff"],
            )
            make_child()  # and one nobody holds

    counts = []
    for n in (2, 10):
        allocate(n)
        found = []
        for persona, url in (("sw.cardiff", "/casework/my-cases/"), ("tm.cardiff", "/casework/caseload/")):
            client = client_for(persona)
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        counts.append(found)
    assert counts[0] == counts[1], counts


def test_a_support_cases_chronology_shows_its_letterbox_letters_only_to_those_who_see_them(
    personas, client_for
):
    from nas.accounts.services import staff_create
    from nas.organisations.models import Organisation
    from nas.support import services as support

    vvc = Organisation.objects.get(code="vale-valleys-cardiff")
    worker = personas["support.vvc"]
    other = staff_create(
        actor=None,
        username="support2.vvc",
        password="x-Aa1!long-enough",
        organisation_id=vvc.pk,
        roles=["support_worker"],
    )
    person = support.person_create(
        actor=worker,
        region_id=vvc.pk,
        kind="birth_parent",
        first_names="Ann",
        last_name="Cwk",
        date_of_birth=date(1980, 1, 1),
    )
    case = support.case_create(
        actor=worker,
        region_id=vvc.pk,
        person=person,
        requested_on=date(2025, 1, 6),
        request_summary="Letterbox",
    )
    agreement = support.agreement_create(
        actor=worker,
        region_id=vvc.pk,
        workers=[other],
        per_year=1,
        agreed_on=date(2025, 1, 10),
        first_exchange_on=date(2025, 3, 1),
        case=case,
    )
    birth = support.party_add(
        actor=other, agreement=agreement, person=person, side="birth", writes=True, receives=True
    )
    support.letter_record(
        actor=other,
        agreement=agreement,
        writer=birth,
        exchange_on=date(2025, 3, 1),
        received_on=date(2025, 2, 25),
        content="MTX letter content",
    )
    for user, sees in ((personas["manager.vvc"], True), (worker, False)):
        entries = chronology.chronology(user=user, record_type="support.case", record_id=case.pk)
        assert any(e.kind == "letter" for e in entries) is sees
        assert all("MTX letter content" not in e.text for e in entries)
