"""The annual review of a regional service: drafted by the Regional Adoption
Manager from the year's figures, the plan and the forecast; commented on and
approved by the Regional Collaborative Board; then read by the National
Board (basis: the collaboratives' partnership agreements' annual review,
under the Joint Adoption Arrangements (Wales) Directions 2015)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from nas.organisations.models import Organisation
from nas.performance import periods
from nas.sufficiency import services
from nas.sufficiency.models import AnnualReview, ReviewStatus


@pytest.fixture
def last_year():
    from django.utils import timezone

    current = periods.year_of(timezone.localdate())
    return periods.year_of(current.start.replace(year=current.start.year - 1)).code


@pytest.fixture
def review(known, personas, last_year):
    return services.review_draft(
        actor=personas["manager.vvc"],
        region=Organisation.objects.get(code="vale-valleys-cardiff"),
        year=last_year,
        commentary="A year of more sibling-group approvals.",
    )


def test_the_manager_drafts_the_review_from_the_years_figures(client_for, known, last_year):
    client = client_for("manager.vvc")
    assert client.get("/sufficiency/reviews/new/").status_code == 200
    response = client.post("/sufficiency/reviews/new/", {"year": last_year, "commentary": ""})
    assert response.status_code == 302
    drafted = AnnualReview.objects.get()
    assert set(drafted.figures["measures"]) >= {"NAS-C4", "NAS-A4", "NAS-R1"}
    assert "gaps" in drafted.figures["forecast"] and "open" in drafted.figures["plan"]
    assert client.post("/sufficiency/reviews/new/", {"year": last_year}).status_code == 400


def test_a_year_not_yet_over_cannot_be_reviewed(known, personas):
    from django.utils import timezone

    with pytest.raises(ValidationError):
        services.review_draft(
            actor=personas["manager.vvc"],
            region=Organisation.objects.get(code="vale-valleys-cardiff"),
            year=periods.year_of(timezone.localdate()).code,
        )


def test_the_board_comments_and_approves_and_the_national_board_then_reads_it(review, governance, client_for):
    url = f"/sufficiency/reviews/{review.pk}/"
    national = client_for("board.national")
    assert national.get(url).status_code == 404  # a draft stays with the region
    officer = governance("sro.vvc")
    assert officer.post(f"{url}comment/", {"text": "Recruitment is on track."}).status_code == 302
    assert officer.post(f"{url}approve/").status_code == 403  # the Board approves
    board = governance("rcb.vvc")
    assert board.post(f"{url}comment/", {"text": "Agreed, with the sibling figures."}).status_code == 302
    assert board.post(f"{url}approve/").status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED
    body = national.get(url).content.decode()
    assert "Agreed, with the sibling figures." in body and "sent to the National Board" in body
    assert board.post(f"{url}comment/", {"text": "Late"}).status_code == 403


def test_the_review_is_nobody_elses(review, governance, client_for):
    url = f"/sufficiency/reviews/{review.pk}/"
    assert client_for("manager.vvc").post(f"{url}comment/", {"text": "x"}).status_code == 403
    assert governance("dss.cardiff").get(url).status_code == 404
    assert client_for("ff.north").get(url).status_code == 404


def test_the_review_downloads_as_pdf_and_excel_in_english_and_welsh(review, client_for):
    import io

    from openpyxl import load_workbook

    client = client_for("manager.vvc")
    pdf = client.get(f"/sufficiency/reviews/{review.pk}/pdf/?lang=cy")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    book = load_workbook(io.BytesIO(client.get(f"/sufficiency/reviews/{review.pk}/xlsx/?lang=cy").content))
    assert book.active["A1"].value.startswith("Adolygiad blynyddol")
    english = load_workbook(io.BytesIO(client.get(f"/sufficiency/reviews/{review.pk}/xlsx/").content))
    assert english.active["A1"].value.startswith("Annual review")


def test_the_api_gives_the_review_to_the_region_and_after_approval_to_the_nation(
    review, governance, client_for
):
    assert (
        client_for("manager.vvc").get(f"/api/v1/sufficiency/reviews/{review.pk}").json()["year"]
        == review.year
    )
    assert client_for("board.national").get(f"/api/v1/sufficiency/reviews/{review.pk}").status_code == 404
    governance("rcb.vvc").post(f"/sufficiency/reviews/{review.pk}/approve/")
    listed = client_for("board.national").get("/api/v1/sufficiency/reviews").json()
    assert [r["status"] for r in listed] == ["approved"]


def test_the_api_drafts_comments_on_and_approves_the_review_through_the_services(
    known, personas, governance, client_for, last_year
):
    """The same journey as the pages, through the API: the manager drafts, the
    region's governance comments, its Board member approves with the version
    read, and the National Board then reads it; each write audited."""
    import json

    from nas.audit.models import AuditEvent

    def post(client, url, body):
        return client.post(url, data=json.dumps(body), content_type="application/json")

    manager = client_for("manager.vvc")
    drafted = post(manager, "/api/v1/sufficiency/reviews", {"year": last_year, "commentary": "By the API."})
    assert drafted.status_code == 201, drafted.content
    review = drafted.json()
    assert review["status"] == "draft" and review["region"] == "vale-valleys-cardiff"
    assert review["year"] == last_year and review["version"] == 1 and review["comments"] == []
    assert set(review["figures"]["measures"]) >= {"NAS-C4", "NAS-R1"}
    again = post(manager, "/api/v1/sufficiency/reviews", {"year": last_year})
    assert again.status_code == 422 and "year" in again.json()["errors"]
    assert post(manager, "/api/v1/sufficiency/reviews", {"year": "next year"}).status_code == 422
    assert post(governance("rcb.vvc"), "/api/v1/sufficiency/reviews", {"year": last_year}).status_code == 403

    url = f"/api/v1/sufficiency/reviews/{review['id']}"
    officer, board = governance("sro.vvc"), governance("rcb.vvc")
    made = post(officer, f"{url}/comments", {"text": "Recruitment is on track."})
    assert made.status_code == 201 and made.json()["text"] == "Recruitment is on track."
    assert post(officer, f"{url}/comments", {"text": "   "}).status_code == 422
    assert post(manager, f"{url}/comments", {"text": "Mine"}).status_code == 403  # the manager drafts only
    assert post(governance("dss.cardiff"), f"{url}/comments", {"text": "x"}).status_code == 404
    assert post(client_for("board.national"), f"{url}/comments", {"text": "x"}).status_code == 404

    assert post(officer, f"{url}/approve", {"version": 1}).status_code == 403  # the Board approves
    assert post(board, f"{url}/approve", {"version": 0}).status_code == 409  # not the version read
    assert post(board, f"{url}/approve", {"version": "1"}).status_code == 422
    approved = post(board, f"{url}/approve", {"version": 1})
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved" and approved.json()["version"] == 2
    assert post(board, f"{url}/approve", {"version": 1}).status_code == 409  # approved since
    assert post(board, f"{url}/comments", {"text": "Late"}).status_code == 403

    national = client_for("board.national").get(url)
    assert national.status_code == 200
    assert [c["text"] for c in national.json()["comments"]] == ["Recruitment is on track."]
    assert national.json()["approved_at"] is not None
    entries = AuditEvent.objects.for_record("sufficiency.annualreview", review["id"])
    assert entries.count() == 3  # drafted, commented, approved


def test_approving_a_review_changed_or_approved_since_it_was_read_is_refused(known, personas, review):
    from django.db.models import F

    from nas.core.records import StaleRecordError

    board = personas["manager.vvc"]  # who acts does not matter to the service; the policy decides that
    read = AnnualReview.objects.get(pk=review.pk)
    AnnualReview.objects.filter(pk=review.pk).update(version=F("version") + 1)  # changed since
    with pytest.raises(StaleRecordError):
        services.review_approve(actor=board, review=read)
    services.review_approve(actor=board, review=AnnualReview.objects.get(pk=review.pk))
    with pytest.raises(ValidationError):  # approved since it was read
        services.review_approve(actor=board, review=AnnualReview.objects.get(pk=read.pk), expected_version=2)
    with pytest.raises(ValidationError):
        services.review_approve(actor=board, review=read, expected_version=2)
    assert AnnualReview.objects.get(pk=review.pk).status == ReviewStatus.APPROVED
