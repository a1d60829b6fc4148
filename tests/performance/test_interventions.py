"""Interventions: the Director of Operations opens, updates, reviews and
closes; the region's manager responds; the history stays; the manager's home
page shows what is due."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nas.core.worklist import worklist_for
from nas.organisations.models import Organisation
from nas.performance import services
from nas.performance.models import EntryKind, InterventionStatus
from nas.performance.policies import interventions as policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def intervention(personas):
    today = timezone.localdate()
    return services.intervention_open(
        actor=personas["director.national"],
        region=Organisation.objects.get(code="vale-valleys-cardiff"),
        measure="NAS-C4",
        concerns="Children wait too long for a match.",
        action="Review every child waiting over six months.",
        action_due_on=today + timedelta(days=30),
        review_on=today + timedelta(days=20),
        response_due_on=today + timedelta(days=7),
    )


def test_opening_needs_a_known_measure_and_dates_not_in_the_past(personas):
    today = timezone.localdate()
    fields = {
        "region": Organisation.objects.get(code="north-wales"),
        "measure": "NOT-A-MEASURE",
        "concerns": "x",
        "action": "y",
        "action_due_on": today,
        "review_on": today,
        "response_due_on": today,
    }
    with pytest.raises(ValidationError) as error:
        services.intervention_open(actor=personas["director.national"], **fields)
    assert "measure" in error.value.message_dict
    fields.update(measure="NAS-C1", review_on=today - timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.intervention_open(actor=personas["director.national"], **fields)
    assert "review_on" in error.value.message_dict


def test_the_history_keeps_every_update_and_response(personas, intervention):
    director, manager = personas["director.national"], personas["manager.vvc"]
    action = intervention.actions.get()
    services.intervention_respond(
        actor=manager, intervention=intervention, text="All six are now referred.", done_actions=[action.pk]
    )
    services.intervention_update(
        actor=director,
        intervention=intervention,
        text="Thank you; keep the weekly review.",
        action="Report the waits weekly.",
        action_due_on=timezone.localdate() + timedelta(days=60),
    )
    services.intervention_review(actor=director, intervention=intervention, outcome="Progress is good.")
    services.intervention_close(
        actor=director, intervention=intervention, note="Waits are back under target."
    )
    kinds = list(intervention.entries.values_list("kind", flat=True))
    assert kinds == [
        EntryKind.OPENED,
        EntryKind.RESPONSE,
        EntryKind.UPDATE,
        EntryKind.REVIEW,
        EntryKind.CLOSED,
    ]
    assert intervention.status == InterventionStatus.CLOSED
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    assert intervention.actions.count() == 2
    with pytest.raises(ValidationError, match="closed"):
        services.intervention_respond(actor=manager, intervention=intervention, text="More")
    with pytest.raises(TypeError):
        intervention.delete()
    with pytest.raises(TypeError):
        intervention.entries.first().delete()


def test_only_the_director_acts_and_only_the_regions_manager_responds(personas, intervention):
    assert policy.can(personas["director.national"], "update", intervention)
    assert not policy.can(personas["analyst.national"], "update", intervention)
    assert policy.can(personas["manager.vvc"], "respond", intervention)
    assert not policy.can(personas["director.national"], "respond", intervention)
    assert not policy.scope(personas["ff.north"]).exists()
    assert not policy.scope(personas["ff.vvc"]).exists()
    assert policy.scope(personas["board.national"]).exists()


def test_the_regional_managers_home_page_shows_a_response_due(personas, intervention, client_for):
    sections = {s.key: s for s in worklist_for(personas["manager.vvc"])}
    assert sections["performance_interventions"].items[0].detail == "The region's response is due"
    services.intervention_respond(actor=personas["manager.vvc"], intervention=intervention, text="Done")
    sections = {s.key: s for s in worklist_for(personas["manager.vvc"])}
    # Responded: the next thing due is the Director's review in 20 days.
    assert sections["performance_interventions"].items[0].detail == "Review by the Director of Operations"
    assert "performance_interventions" not in {s.key for s in worklist_for(personas["ff.north"])}
    home = client_for("manager.vvc").get("/")
    assert "NAS-C4" in home.content.decode()


def test_the_pages_open_and_respond(client_for, personas):
    today = timezone.localdate()
    director = client_for("director.national")
    region = Organisation.objects.get(code="vale-valleys-cardiff")
    response = director.post(
        "/performance/interventions/new/",
        {
            "region": region.pk,
            "measure": "NAS-A3",
            "concerns": "Approvals take too long.",
            "action": "Plan the panel dates a quarter ahead.",
            "action_due_on": (today + timedelta(days=30)).strftime("%d/%m/%Y"),
            "review_on": (today + timedelta(days=40)).strftime("%d/%m/%Y"),
            "response_due_on": (today + timedelta(days=10)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    empty = director.post("/performance/interventions/new/", {})
    assert empty.status_code == 400 and "Enter the concerns" in empty.content.decode()
    manager = client_for("manager.vvc")
    refused = manager.post(url + "respond/", {"text": "", "version": 1})
    assert refused.status_code == 400 and "Enter the region&#x27;s response" in refused.content.decode()
    assert manager.post(url + "respond/", {"text": "Panel dates are set.", "version": 1}).status_code == 302
    assert "Panel dates are set." in director.get(url).content.decode()
    assert manager.post(url + "close/", {"note": "x", "version": 2}).status_code == 403
