"""A restricted record's documents through the post-adoption record (Access
to Information (Post-Commencement Adoptions) (Wales) Regulations 2005, reg.
7), the service's generated documents, and life-story work."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nas.audit.models import AuditEvent
from nas.children.journey import MilestoneKind
from nas.documents import life_story, services
from nas.documents.models import Document, DocumentKind
from nas.organisations.models import Organisation
from tests.documents import files

pytestmark = pytest.mark.django_db


def _upload(personas, child, kind=DocumentKind.CHILDS_ADOPTION_REPORT, dated=date(2024, 3, 1)):
    data = files.pdf()
    return services.document_upload(
        actor=personas["sw.cardiff"],
        record_type="children.child",
        record=child,
        kind=kind,
        dated=dated,
        description="",
        upload=services.Upload("doc.pdf", io.BytesIO(data), len(data)),
    )


@pytest.fixture
def adopted(personas, make_child, advance):
    """A Cardiff child with a document, then adopted (the record is restricted)."""
    child = make_child(last_name="Restrictedchild")
    document = _upload(personas, child)
    advance(child, MilestoneKind.ADOPTION_ORDER)
    child.refresh_from_db()
    assert child.is_restricted
    return child, document


def test_at_the_adoption_order_the_documents_are_restricted_with_the_record(adopted, client_for):
    child, document = adopted
    for persona in ("sw.cardiff", "tm.cardiff"):
        client = client_for(persona)
        assert client.get(f"/documents/{document.pk}/").status_code == 404
        assert client.get(f"/documents/{document.pk}/versions/1/download/").status_code == 404
        assert client.get(f"/documents/of/children.child/{child.pk}/").status_code == 404


def test_reg_7_1_the_agencys_manager_opens_them_through_the_post_adoption_record_with_a_reason(
    adopted, client_for
):
    child, document = adopted
    record = child.post_adoption_record
    client = client_for("tm.cardiff")
    page = client.get(f"/documents/post-adoption/{record.pk}/")
    assert page.status_code == 200 and "reg. 7(1)" in page.content.decode()
    assert client.get(f"/documents/{document.pk}/versions/1/download/").status_code == 404
    assert client.post(f"/documents/post-adoption/{record.pk}/", {"reason": ""}).status_code == 400
    client.post(
        f"/documents/post-adoption/{record.pk}/", {"reason": "Adopted adult's request for information"}
    )
    assert AuditEvent.objects.for_record("children.child", child.pk).filter(
        reason="Adopted adult's request for information", detail__restricted_documents_opened=True
    )
    response = client.get(f"/documents/{document.pk}/versions/1/download/")
    assert response.status_code == 200
    assert AuditEvent.objects.for_record("documents.document", document.pk).filter(
        action="export", detail__post_adoption_record=record.reference
    )


def test_reg_7_2_the_support_team_supporting_a_linked_person_may_open_them(adopted, personas, client_for):
    from nas.support import services as support

    child, document = adopted
    record = child.post_adoption_record
    client = client_for("support.vvc")
    assert client.get(f"/documents/post-adoption/{record.pk}/").status_code == 404
    support.person_create(
        actor=personas["support.vvc"],
        region_id=Organisation.objects.get(code="vale-valleys-cardiff").pk,
        child=child,
        kind="adopted_adult",
        first_names="Adult",
        last_name="Adoptee",
        date_of_birth=date(2000, 1, 1),
        adoption_date=date(2005, 1, 1),
    )
    assert client.get(f"/documents/post-adoption/{record.pk}/").status_code == 200
    client.post(f"/documents/post-adoption/{record.pk}/", {"reason": "Birth records counselling"})
    assert client.get(f"/documents/{document.pk}/versions/1/download/").status_code == 200


@pytest.mark.parametrize(
    "persona", ["sw.cardiff", "sw.wrexham", "ff.vvc", "board.national", "assessor.stdavids"]
)
def test_nobody_else_reaches_a_restricted_record_s_documents(adopted, client_for, persona):
    child, _document = adopted
    assert (
        client_for(persona).get(f"/documents/post-adoption/{child.post_adoption_record.pk}/").status_code
        == 404
    )


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_childs_summary_for_the_matching_panel_is_a_pdf_in_english_or_welsh(
    make_child, client_for, language
):
    import pypdfium2

    child = make_child(first_names="Ŵyn", last_name="Summarychild")
    response = client_for("sw.cardiff").get(
        f"/documents/generated/child-summary/{child.pk}/?language={language}"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pypdfium2.PdfDocument(response.content)[0].get_textpage().get_text_range()
    assert "Ŵyn Summarychild" in text
    heading = "Child's summary for the matching panel" if language == "en" else "Crynodeb"
    assert heading in text
    assert AuditEvent.objects.for_record("children.child", child.pk).filter(
        detail__generated_document="child-summary"
    )


@pytest.mark.parametrize("persona", ["sw.wrexham", "ff.vvc", "board.national"])
def test_a_generated_document_outside_scope_is_not_found(make_child, client_for, persona):
    child = make_child()
    assert client_for(persona).get(f"/documents/generated/child-summary/{child.pk}/").status_code == 404


def test_life_story_work_is_due_by_the_adoption_order_and_overdue_after_it(personas, make_child, advance):
    """Due by the adoption order (the service's standard; Adoption UK,
    Adoption Barometer 2021)."""
    placed = advance(make_child(last_name="Placed"), MilestoneKind.PLACED)
    given = advance(make_child(last_name="Given"), MilestoneKind.PLACED)
    _upload(personas, given, DocumentKind.LIFE_STORY_BOOK, date(2024, 5, 1))
    _upload(personas, given, DocumentKind.LATER_LIFE_LETTER, date(2024, 5, 1))
    late = advance(
        make_child(last_name="Late"),
        MilestoneKind.ADOPTION_ORDER,
        start=date.today().replace(year=date.today().year - 1),
    )
    rows = {r.child.last_name: r for r in life_story.tracked(user=personas["tm.cardiff"], today=date.today())}
    assert not rows["Placed"].overdue and not rows["Placed"].done
    assert rows["Given"].done and not rows["Given"].overdue
    assert rows["Late"].overdue and rows["Late"].restricted
    assert list(life_story.tracked(user=personas["sw.wrexham"], today=date.today())) == []
    del placed, late


def _late_form(kind=DocumentKind.LIFE_STORY_BOOK, name="book.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "kind": kind,
        "dated": "3/11/2026",
        "description": "Given at the celebration hearing",
        "file": SimpleUploadedFile(name, files.pdf(), content_type="application/pdf"),
    }


def test_a_life_story_book_given_after_the_order_is_added_through_the_post_adoption_record(
    adopted, client_for
):
    """Reg. 7(1): the agency's manager adds the late life-story book to the
    restricted record; the life-story list then has it, still as not given
    by the order (it was given after)."""
    child, _document = adopted
    record = child.post_adoption_record
    client = client_for("tm.cardiff")
    address = f"/documents/post-adoption/{record.pk}/life-story/new/"
    # The reason for opening the record is given first.
    assert client.get(address)["Location"] == f"/documents/post-adoption/{record.pk}/"
    client.post(f"/documents/post-adoption/{record.pk}/", {"reason": "Life-story book given late"})
    page = client.get(address).content.decode()
    assert "Later-life letter" in page and "Child&#x27;s Adoption Report" not in page
    refused = client.post(address, _late_form(kind=DocumentKind.CHILDS_ADOPTION_REPORT))
    assert refused.status_code == 400
    response = client.post(address, _late_form())
    assert response.status_code == 302
    added = Document.objects.get(record_type="children.child", record_id=child.pk, kind="life_story_book")
    assert added.dated == date(2026, 11, 3)
    assert AuditEvent.objects.for_record("documents.document", added.pk).filter(action="create")
    listed = client.get(f"/documents/post-adoption/{record.pk}/").content.decode()
    assert "Life-story book" in listed


def test_only_the_agencys_managers_add_to_a_restricted_record(adopted, personas, client_for):
    child, _document = adopted
    record = child.post_adoption_record
    address = f"/documents/post-adoption/{record.pk}/life-story/new/"
    for persona in ("sw.cardiff", "sw.wrexham", "board.national", "support.vvc"):
        assert client_for(persona).get(address).status_code == 404
    with pytest.raises(ValidationError):
        data = files.pdf()
        services.life_story_late_upload(
            actor=personas["sw.cardiff"],
            record=record,
            kind=DocumentKind.LIFE_STORY_BOOK,
            dated=date(2026, 11, 3),
            description="",
            upload=services.Upload("book.pdf", io.BytesIO(data), len(data)),
        )


def test_once_both_are_given_late_nothing_waits_on_the_home_page_but_the_list_still_counts_it(
    adopted, personas, client_for, monkeypatch
):
    from nas.core.worklist import worklist_for

    # The fixture's order is older than the list's year of adopted children.
    monkeypatch.setattr(life_story, "OVERDUE_WINDOW_DAYS", 365 * 10)
    child, _document = adopted
    record = child.post_adoption_record

    def home_titles():
        sections = {s.key: s for s in worklist_for(personas["tm.cardiff"])}
        return [i.title for i in sections["life_story"].items] if "life_story" in sections else []

    assert any(record.reference in title for title in home_titles())
    for kind in (DocumentKind.LIFE_STORY_BOOK, DocumentKind.LATER_LIFE_LETTER):
        data = files.pdf()
        services.life_story_late_upload(
            actor=personas["tm.cardiff"],
            record=record,
            kind=kind,
            dated=date.today(),
            description="",
            upload=services.Upload("late.pdf", io.BytesIO(data), len(data)),
        )
    assert not any(record.reference in title for title in home_titles())
    rows = life_story.tracked(user=personas["tm.cardiff"], today=date.today())
    assert [r.overdue for r in rows if r.child.pk == child.pk] == [True]
