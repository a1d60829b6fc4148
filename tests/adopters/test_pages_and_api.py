"""Household pages and the JSON API: the same services, validation and access layer."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nas.adopters.journey import MilestoneKind
from nas.audit.models import AuditEvent
from tests.adopters.helpers import RANGE

pytestmark = pytest.mark.django_db


def _post_json(client, url, body, method="post"):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_reading_a_household_is_audited(make_household, client_for):
    household = make_household()
    client_for("ff.vvc").get(f"/adopters/{household.pk}/")
    assert AuditEvent.objects.filter(
        record_type="adopters.household", record_id=str(household.pk), action="view", actor_username="ff.vvc"
    ).exists()


def test_the_list_worklist_and_enquiry_pages_make_a_fixed_number_of_queries(
    make_household, advance, client_for
):
    from nas.adopters.services import enquiry_submit
    from nas.organisations.models import Organisation

    client = client_for("manager.vvc")
    vvc = Organisation.objects.get(code="vale-valleys-cardiff").pk

    def visit():
        for url in ("/adopters/", "/adopters/worklist/", "/adopters/enquiries/", "/"):
            assert client.get(url).status_code == 200

    advance(make_household(), MilestoneKind.ROI_ACCEPTED)
    enquiry_submit(organisation_id=vvc, first_names="A", last_name="B", email="a@example.com", language="en")
    visit()
    # Worked out, not kept (a kept worklist is read back in fewer): new households give a new key.
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        visit()
    for n in range(6):
        advance(make_household(), MilestoneKind.ROI_ACCEPTED)
        enquiry_submit(
            organisation_id=vvc, first_names="A", last_name=f"B{n}", email="a@example.com", language="en"
        )
    cache.clear()  # worked out again too, whatever other stamps the writes did not change
    with CaptureQueriesContext(connection) as many:
        visit()
    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_assessor_adds_a_household_and_records_the_journey_through_the_api(client_for):
    client = client_for("assessor.vvc")
    refused = _post_json(client, "/api/v1/adopters", {"kind": "domestic"})
    assert refused.status_code == 422
    assert "Enter the date of the enquiry" in refused.json()["errors"]["enquiry_date"]
    created = _post_json(
        client,
        "/api/v1/adopters",
        {
            "enquiry_date": "2025-01-06",
            "first_names": "Api",
            "last_name": "Applicant",
            "kind": "relative",
            "language": "welsh",
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    step = _post_json(
        client,
        f"/api/v1/adopters/{pk}/milestones",
        {"kind": "roi_received", "date": "2025-01-20", "version": 1},
    )
    assert step.status_code == 201
    stale = _post_json(
        client,
        f"/api/v1/adopters/{pk}/milestones",
        {"kind": "roi_accepted", "date": "2025-01-21", "version": 1},
    )
    assert stale.status_code == 409
    body = client.get(f"/api/v1/adopters/{pk}").json()
    assert body["stage"] == "registration_of_interest"
    assert [d["code"] for d in body["deadlines"]] == ["roi_decision"]
    assert body["deadlines"][0]["source"].startswith("NAS Wales practice")
    bad_range = _post_json(
        client, f"/api/v1/adopters/{pk}/approval-range", {"version": body["version"]}, "put"
    )
    assert bad_range.status_code == 422
    saved = _post_json(
        client, f"/api/v1/adopters/{pk}/approval-range", {**RANGE, "version": body["version"]}, "put"
    )
    assert saved.status_code == 200, saved.content
    assert (
        saved.json()["contact"] == ["letterbox", "direct_siblings"] and saved.json()["sibling_group"] is True
    )
    # A decision is never typed in: it comes from the panel and the decision maker.
    assert (
        _post_json(
            client,
            f"/api/v1/adopters/{pk}/milestones",
            {"kind": "approved", "date": "2025-02-01", "version": 3},
        ).status_code
        == 403
    )


def test_the_approval_range_page_saves_what_family_finding_will_read(make_household, client_for):
    household = make_household()
    client = client_for("assessor.vvc")
    page = client.post(f"/adopters/{household.pk}/approval-range/", {"version": household.version})
    assert "Enter the oldest age of child they could adopt" in page.content.decode()
    response = client.post(
        f"/adopters/{household.pk}/approval-range/",
        {
            **{k: v for k, v in RANGE.items() if k not in {"sibling_group", "disability", "contact"}},
            "sibling_group": "no",
            "disability": "yes",
            "contact": ["letterbox"],
            "version": household.version,
        },
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert (household.age_max, household.disability, household.contact) == (4, True, ["letterbox"])
    detail = client.get(f"/adopters/{household.pk}/").content.decode()
    assert "0 to 4 years" in detail and "Letterbox (indirect) contact" in detail


def test_a_withdrawal_on_the_page_needs_a_coded_reason(make_household, client_for):
    household = make_household()
    client = client_for("assessor.vvc")
    url = f"/adopters/{household.pk}/milestones/withdrawn/new/"
    page = client.post(url, {"date": "01/02/2025", "version": household.version}).content.decode()
    assert "Choose the reason" in page
    client.post(url, {"date": "01/02/2025", "version": household.version, "reason": "not_ready"})
    household.refresh_from_db()
    assert household.stage == "withdrawn"
    assert "Not ready to go on" in client.get(f"/adopters/{household.pk}/").content.decode()


def test_the_lists_audit_a_read_of_every_household_and_enquiry_they_show(make_household, advance, client_for):
    from nas.adopters.services import enquiry_submit
    from nas.organisations.models import Organisation

    household = advance(make_household(), MilestoneKind.ROI_ACCEPTED)
    enquiry = enquiry_submit(
        organisation_id=Organisation.objects.get(code="vale-valleys-cardiff").pk,
        first_names="A",
        last_name="B",
        email="a@example.com",
        language="en",
    )
    client = client_for("manager.vvc")
    for url, record_type, pk, where in (
        ("/adopters/", "adopters.household", household.pk, "adopters:list"),
        ("/api/v1/adopters", "adopters.household", household.pk, "api:adopters"),
        ("/adopters/worklist/", "adopters.household", household.pk, "adopters:worklist"),
        ("/api/v1/adopters/worklist", "adopters.household", household.pk, "api:adopters/worklist"),
        ("/adopters/enquiries/", "adopters.enquiry", enquiry.pk, "adopters:enquiries"),
        ("/api/v1/adopters/enquiries", "adopters.enquiry", enquiry.pk, "api:adopters/enquiries"),
    ):
        assert client.get(url).status_code == 200
        assert AuditEvent.objects.filter(
            record_type=record_type,
            record_id=str(pk),
            action="view",
            actor_username="manager.vvc",
            detail__listed_in=where,
        ).exists(), url


def test_a_negative_offset_in_the_list_api_is_read_as_the_start(make_household, client_for):
    household = make_household()
    client = client_for("assessor.vvc")
    for url in ("/api/v1/adopters?offset=-1", "/api/v1/adopters/enquiries?offset=-5&status=new"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert [h["id"] for h in client.get("/api/v1/adopters?offset=-1").json()] == [household.pk]


def test_the_household_page_makes_a_fixed_number_of_queries_however_long_its_history(
    make_household, advance, personas, client_for
):
    early = advance(make_household(), MilestoneKind.ROI_RECEIVED)
    later = advance(make_household(), MilestoneKind.PAR_COMPLETED)
    assert later.milestones.count() > 3 * early.milestones.count()
    client = client_for("assessor.vvc")
    assert client.get(f"/adopters/{early.pk}/").status_code == 200
    with CaptureQueriesContext(connection) as short:
        client.get(f"/adopters/{early.pk}/")
    with CaptureQueriesContext(connection) as long:
        assert client.get(f"/adopters/{later.pk}/").status_code == 200
    assert len(long.captured_queries) == len(short.captured_queries)
