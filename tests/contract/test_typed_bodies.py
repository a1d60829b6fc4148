"""Every write endpoint declares its body (issue 15): a wrong type is a 422
naming the field, never a 500; booleans are booleans, dates are real dates a
social worker could mean, text has a length limit; the OpenAPI describes it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

WRONG = [1, [1], {"a": 1}, True]


def _send(client: Client, method: str, url: str, body: dict) -> object:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def _refuses(client: Client, method: str, url: str, field: str, value: object, **rest: object) -> None:
    response = _send(client, method, url, {**rest, field: value})
    assert response.status_code == 422, (url, field, value, response.status_code, response.content[:300])
    errors = response.json()["errors"]
    assert field in errors, (url, field, value, errors)


@pytest.fixture
def child(make_child):
    return make_child()


def test_a_child_refuses_wrong_types_and_nonsense(client_for, child):
    client = client_for("sw.cardiff")
    for value in WRONG:
        _refuses(client, "post", "/api/v1/children", "date_of_birth", value)
        _refuses(
            client, "patch", f"/api/v1/children/{child.pk}", "date_of_birth", value, version=child.version
        )
    _refuses(client, "post", "/api/v1/children", "date_of_birth", "0001-01-01")
    _refuses(client, "post", "/api/v1/children", "disability", "maybe")
    _refuses(client, "patch", f"/api/v1/children/{child.pk}", "disability", "maybe", version=child.version)
    _refuses(client, "post", "/api/v1/children", "needs_summary", "x" * 1_000_000)
    _refuses(client, "patch", f"/api/v1/children/{child.pk}", "version", "1")
    _refuses(
        client,
        "post",
        f"/api/v1/children/{child.pk}/milestones",
        "date",
        1,
        kind="permanence_plan",
        version=1,
    )


def test_a_household_refuses_wrong_types_and_nonsense(client_for, make_household):
    household = make_household()
    member = household.members.first()
    client = client_for("assessor.vvc")
    base = f"/api/v1/adopters/{household.pk}"
    version = household.version
    for value in WRONG:
        _refuses(client, "post", "/api/v1/adopters", "enquiry_date", value)
        _refuses(client, "post", f"{base}/members", "date_of_birth", value)
        _refuses(client, "patch", f"{base}/members/{member.pk}", "date_of_birth", value, version=version)
    _refuses(client, "post", f"{base}/members", "date_of_birth", "0001-01-01")
    _refuses(client, "patch", base, "email", ["a@example.com"], version=version)
    _refuses(client, "put", f"{base}/approval-range", "sibling_group", "maybe", version=version)
    _refuses(client, "put", f"{base}/approval-range", "age_max", 99, version=version)
    _refuses(client, "post", f"{base}/milestones", "date", 1, kind="stage_1", version=version)


def test_support_refuses_wrong_types_and_nonsense(client_for, make_person, make_case):
    person = make_person()
    case = make_case(person)
    client = client_for("support.vvc")
    manager = client_for("manager.vvc")
    v = case.version
    for value in WRONG:
        _refuses(client, "post", "/api/v1/support/people", "date_of_birth", value)
        _refuses(
            client,
            "patch",
            f"/api/v1/support/people/{person.pk}",
            "date_of_birth",
            value,
            version=person.version,
        )
        _refuses(client, "post", "/api/v1/support/cases", "requested_on", value)
        _refuses(client, "patch", f"/api/v1/support/cases/{case.pk}", "consulted_on", value, version=v)
        _refuses(
            client, "post", f"/api/v1/support/cases/{case.pk}/assessment", "assessed_on", value, version=v
        )
        _refuses(manager, "post", f"/api/v1/support/cases/{case.pk}/decision", "decided_on", value, version=v)
        _refuses(client, "post", f"/api/v1/support/cases/{case.pk}/services", "starts_on", value, version=v)
        _refuses(client, "post", f"/api/v1/support/cases/{case.pk}/plan", "plan_agreed_on", value, version=v)
        _refuses(client, "post", f"/api/v1/support/cases/{case.pk}/reviews", "reviewed_on", value, version=v)
        _refuses(client, "post", f"/api/v1/support/cases/{case.pk}/closure", "closed_on", value, version=v)
        _refuses(client, "post", "/api/v1/support/letterbox", "first_exchange_on", value)
        _refuses(client, "post", "/api/v1/support/birth-records", "received_on", value)
        _refuses(client, "post", "/api/v1/support/intermediary", "received_on", value)
    _refuses(client, "post", "/api/v1/support/people", "date_of_birth", "0001-01-01")
    _refuses(client, "post", "/api/v1/support/cases", "request_summary", "x" * 1_000_000)


def test_matching_refuses_wrong_types_and_nonsense(client_for, make_child, advance):
    from nas.children.journey import MilestoneKind
    from nas.matching.models import ChildProfile

    child = make_child()
    advance(child, MilestoneKind.SHOULD_BE_PLACED)
    profile = ChildProfile.objects.get(child=child)
    worker = client_for("sw.cardiff")
    national = client_for("analyst.national")
    for value in WRONG:
        _refuses(national, "post", "/api/v1/matching/fees", "valid_from", value)
        _refuses(worker, "patch", f"/api/v1/matching/profiles/{profile.pk}", "about", value, version=1)
    _refuses(national, "post", "/api/v1/matching/fees", "valid_from", "0001-01-01")
    _refuses(
        worker, "patch", f"/api/v1/matching/profiles/{profile.pk}", "avoid_own_authority", "maybe", version=1
    )
    _refuses(national, "post", "/api/v1/matching/weights", "weights", [1], version=1, reason="r")
    _refuses(national, "post", "/api/v1/matching/weights", "version", 2**63, reason="r")
    _refuses(worker, "post", "/api/v1/matching/links", "profile", 2**63, side="child", household=1)


def test_performance_and_returns_refuse_wrong_types(client_for, child):
    director = client_for("director.national")
    worker = client_for("sw.cardiff")
    for value in WRONG:
        _refuses(
            director,
            "post",
            "/api/v1/performance/interventions",
            "response_due_on",
            value,
            region="north-wales",
        )
        _refuses(worker, "put", f"/api/v1/returns/ssda903-details/{child.pk}", "upn", value, version=0)
    _refuses(director, "post", "/api/v1/performance/interventions", "review_on", "0001-01-01")
    _refuses(director, "post", "/api/v1/performance/interventions", "concerns", "x" * 1_000_000)
