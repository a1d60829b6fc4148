"""Adoption support in the JSON API: the same rules and messages as the pages."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.utils import timezone

from nas.support import codes

pytestmark = pytest.mark.django_db


def _post(client, url, body, **extra):
    return client.post(url, data=json.dumps(body), content_type="application/json", **extra)


def test_the_api_takes_a_case_from_request_to_plan(client_for, make_person):
    worker, manager = client_for("support.vvc"), client_for("manager.vvc")
    person = make_person(codes.PersonKind.ADOPTIVE_PARENT)
    response = _post(
        worker,
        "/api/v1/support/cases",
        {"person": person.pk, "requested_on": "2025-01-06", "request_summary": "Therapy for our son"},
    )
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["stage"] == "assessment" and case["assessment_due"] == "2025-03-05"
    url = f"/api/v1/support/cases/{case['id']}"
    response = _post(
        worker,
        f"{url}/assessment",
        {
            "version": case["version"],
            "assessed_on": "2025-02-20",
            "needs_statement": "Needs therapy",
            "proposal": "Therapy",
            "notice_sent_on": "2025-02-21",
            "representations_by": "2025-03-21",
        },
    )
    assert response.status_code == 200, response.content
    version = response.json()["version"]
    decision = {"version": version, "decided_on": "2025-03-24", "decision": "provide"}
    assert _post(worker, f"{url}/decision", decision).status_code == 403
    response = _post(manager, f"{url}/decision", decision)
    assert response.status_code == 200 and response.json()["decision"] == "provide"
    service = {"kind": "therapeutic", "detail": "Play therapy", "provider": "Therapy team"}
    stale = _post(worker, f"{url}/services", {**service, "starts_on": "2025-04-01", "version": version})
    assert stale.status_code == 409
    response = _post(
        worker,
        f"{url}/services",
        {
            "version": response.json()["version"],
            "kind": "therapeutic",
            "detail": "Play therapy",
            "provider": "Therapy team",
            "starts_on": "2025-04-01",
        },
    )
    assert response.status_code == 200 and response.json()["services"][0]["kind"] == "therapeutic"
    response = _post(
        worker,
        f"{url}/plan",
        {
            "version": response.json()["version"],
            "plan_agreed_on": "2025-04-01",
            "plan_summary": "Play therapy",
        },
    )
    assert response.status_code == 200
    assert response.json()["stage"] == "plan" and response.json()["review_due"] == "2026-04-01"


def test_errors_come_back_by_field_in_the_callers_language(client_for):
    client = client_for("support.vvc")
    response = _post(client, "/api/v1/support/people", {"kind": "dragon", "first_names": "Ann"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["kind"] == ["Choose who this person is"]
    assert errors["last_name"] == ["Enter their last name"]
    response = _post(client, "/api/v1/support/people", {}, HTTP_ACCEPT_LANGUAGE="cy")
    assert response.json()["errors"]["kind"] == ["Dewiswch pwy yw'r person hwn"]


def test_a_stale_version_gets_409(client_for, make_case):
    case = make_case()
    client = client_for("support.vvc")
    url = f"/api/v1/support/cases/{case.pk}"
    body = {"request_summary": "Changed", "version": case.version}
    assert client.patch(url, data=json.dumps(body), content_type="application/json").status_code == 200
    stale = client.patch(
        url, data=json.dumps(body | {"request_summary": "Again"}), content_type="application/json"
    )
    assert stale.status_code == 409
    assert client.get(url).json()["request_summary"] == "Changed"


def test_a_letter_goes_from_received_to_released_through_the_api(client_for, make_person, worker):
    client = client_for("support.vvc")
    today = timezone.localdate()
    response = _post(
        client,
        "/api/v1/support/letterbox",
        {
            "workers": [worker.pk],
            "per_year": 1,
            "agreed_on": "2025-01-01",
            "first_exchange_on": "2025-03-01",
            "reminder_days": 14,
        },
    )
    assert response.status_code == 201, response.content
    agreement = response.json()
    birth_mother = make_person(codes.PersonKind.BIRTH_PARENT)
    response = _post(
        client,
        f"/api/v1/support/letterbox/{agreement['id']}/parties",
        {"person": birth_mother.pk, "side": "birth", "writes": True, "receives": True},
    )
    assert response.status_code == 201
    party = response.json()["parties"][0]["id"]
    response = _post(
        client,
        f"/api/v1/support/letterbox/{agreement['id']}/letters",
        {"writer": party, "exchange_on": "2025-03-01", "received_on": "2025-02-27", "content": "Dear Deio"},
    )
    assert response.status_code == 201, response.content
    letter = response.json()
    assert letter["status"] == "received" and letter["content"] == "Dear Deio"
    url = f"/api/v1/support/letters/{letter['id']}"
    response = _post(
        client, f"{url}/check", {"version": 1, "result": "approve", "checked_on": today.isoformat()}
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
    response = _post(client, f"{url}/release", {"version": 2, "released_on": today.isoformat()})
    assert response.status_code == 200 and response.json()["status"] == "released"
    assert response.json()["released_by"] == "support.vvc"


def test_an_intermediary_case_goes_from_application_to_outcome_through_the_api(client_for, make_person):
    client = client_for("support.vvc")
    adopted = make_person(
        codes.PersonKind.ADOPTED_ADULT, date_of_birth=date(1965, 3, 1), adoption_date=date(1966, 2, 1)
    )
    sister = make_person(codes.PersonKind.SIBLING, date_of_birth=date(1963, 1, 1))
    response = _post(
        client,
        "/api/v1/support/intermediary",
        {
            "applicant": adopted.pk,
            "subject": sister.pk,
            "received_on": "2025-01-06",
            "adoption_date": "1966-02-01",
        },
    )
    assert response.status_code == 201, response.content
    application = response.json()
    assert application["priority"] is True
    url = f"/api/v1/support/intermediary/{application['id']}"
    response = _post(
        client, f"{url}/outcome", {"version": 1, "outcome": "contact_agreed", "outcome_on": "2025-03-01"}
    )
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        "Record the identity, veto and Adoption Contact Register checks first"
    ]
    response = _post(
        client,
        f"{url}/checks",
        {
            "version": 1,
            "identity_confirmed_on": "2025-01-10",
            "adoption_agency": "Glamorgan County Council",
            "veto_checked_on": "2025-01-15",
            "veto": "none",
            "register_checked_on": "2025-01-16",
            "register_entry": "wants_contact",
        },
    )
    assert response.status_code == 200, response.content
    response = _post(
        client, f"{url}/outcome", {"version": 2, "outcome": "contact_agreed", "outcome_on": "2025-03-01"}
    )
    assert response.status_code == 200 and response.json()["outcome"] == "contact_agreed"
