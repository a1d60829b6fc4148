"""The region's plan: actions tied to measures, progress recorded monthly
(DESIGN.md section 1: each region keeps a plan reported on monthly)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nas.audit.models import AuditEvent
from nas.organisations.models import Organisation
from nas.sufficiency import plans, services
from nas.sufficiency.models import ActionStatus, PlanAction

DUE = (timezone.localdate() + timedelta(days=60)).strftime("%d/%m/%Y")


@pytest.fixture
def vvc(reference_data):
    return Organisation.objects.get(code="vale-valleys-cardiff")


@pytest.fixture
def action(vvc, personas):
    return services.plan_action_add(
        actor=personas["manager.vvc"],
        region=vvc,
        measure="NAS-R1",
        title="Recruit adopters for sibling groups",
        owner="Recruitment lead",
        due_on=date(2027, 3, 31),
        expected_effect="Two more households a quarter able to take two children",
    )


def test_the_manager_adds_an_action_tied_to_a_measure(client_for, vvc):
    client = client_for("manager.vvc")
    response = client.post(
        "/sufficiency/plans/vale-valleys-cardiff/",
        {
            "measure": "NAS-C4",
            "title": "Weekly family-finding review",
            "owner": "Family finding team",
            "due_on": DUE,
            "expected_effect": "Fewer children waiting over six months",
        },
    )
    assert response.status_code == 302
    added = PlanAction.objects.get()
    assert (added.region, added.measure) == (vvc, "NAS-C4")
    assert AuditEvent.objects.filter(record_type="sufficiency.planaction", record_id=str(added.pk)).exists()


def test_an_action_needs_a_measure_of_the_framework(vvc, personas):
    with pytest.raises(ValidationError):
        services.plan_action_add(
            actor=personas["manager.vvc"],
            region=vvc,
            measure="NOPE",
            title="x",
            owner="y",
            due_on=date(2027, 1, 1),
            expected_effect="z",
        )


def test_the_manager_records_a_months_progress_once(client_for, action):
    client = client_for("manager.vvc")
    url = f"/sufficiency/plans/actions/{action.pk}/progress/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "at_risk", "note": "Two information events held"}).status_code == 302
    again = client.post(url, {"status": "on_track", "note": "Again"})
    assert again.status_code == 400
    assert "already recorded" in again.content.decode()
    status = plans.plan(action.region, timezone.localdate())
    assert status.counts["at_risk"] == 1 and status.missing_this_month == 0


def test_done_closes_the_action(action, personas):
    services.plan_progress_record(
        actor=personas["manager.vvc"], action=action, month=timezone.localdate(), status="done", note="Done"
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_the_national_tier_reads_every_plan_and_the_board_sees_its_status(client_for, action):
    body = client_for("board.national").get("/sufficiency/plans/").content.decode()
    assert "1 open action" in body and "1 action without this month" in body
    page = client_for("director.national").get("/sufficiency/plans/vale-valleys-cardiff/").content.decode()
    assert "Recruit adopters for sibling groups" in page and "Add an action" not in page


def test_another_regions_plan_does_not_exist_for_a_manager(client_for, action):
    client = client_for("manager.vvc")
    assert client.get("/sufficiency/plans/north-wales/").status_code == 404
    assert client_for("ff.north").get(f"/sufficiency/plans/actions/{action.pk}/progress/").status_code == 404


def test_the_api_adds_an_action_and_records_progress(client_for, vvc):
    client = client_for("manager.vvc")
    created = client.post(
        "/api/v1/sufficiency/plans/vale-valleys-cardiff/actions",
        {
            "measure": "NAS-A4",
            "title": "Match approved adopters sooner",
            "owner": "Regional manager",
            "due_on": "2027-06-30",
            "expected_effect": "Fewer adopters waiting over three months",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    progress = client.post(
        f"/api/v1/sufficiency/plans/actions/{pk}/progress",
        {"status": "on_track", "note": "Linking meetings weekly"},
        content_type="application/json",
    )
    assert progress.status_code == 201
    plan = client.get("/api/v1/sufficiency/plans/vale-valleys-cardiff").json()
    assert plan["actions"][0]["latest"]["status"] == "on_track"
    bad = client.post(
        f"/api/v1/sufficiency/plans/actions/{pk}/progress",
        {"status": "sideways", "note": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_an_action_answering_an_intervention_shows_on_the_intervention(client_for, vvc, personas):
    from nas.performance import services as performance_services

    soon = timezone.localdate() + timedelta(days=30)
    intervention = performance_services.intervention_open(
        actor=personas["director.national"],
        region=vvc,
        measure="NAS-C4",
        concerns="Too many children wait over six months",
        action="A recovery plan",
        action_due_on=soon,
        review_on=soon,
        response_due_on=soon,
    )
    services.plan_action_add(
        actor=personas["manager.vvc"],
        region=vvc,
        measure="NAS-C4",
        title="Fortnightly family-finding panel",
        owner="Family finding lead",
        due_on=soon,
        expected_effect="Ten fewer children waiting over six months",
        intervention=intervention,
    )
    body = (
        client_for("director.national").get(f"/performance/interventions/{intervention.pk}/").content.decode()
    )
    assert "Fortnightly family-finding panel" in body
