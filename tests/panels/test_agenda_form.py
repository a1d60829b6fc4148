"""Adding to the agenda asks for the kind of business first, then lists only
what may come to panel for it: households for an approval, never a child's
profile; a child's case never lists an adopted child, whose record is
restricted at the order."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from nas.accounts.models import Role
from nas.accounts.services import staff_create
from nas.children.journey import MilestoneKind
from nas.children.models import Child
from nas.organisations.models import Organisation
from nas.panels import services, subjects
from nas.panels.models import AgendaItem
from tests.adopters import helpers
from tests.children.conftest import advance, make_child  # noqa: F401,F811  (the children's own fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(personas):
    adviser = personas["panel.vvc"]
    return services.meeting_create(
        actor=adviser, organisation_id=adviser.organisation_id, when=date(2025, 6, 2)
    )


def test_the_first_step_asks_only_for_the_kind_of_business(meeting, client_for):
    page = client_for("panel.vvc").get(f"/panels/{meeting.pk}/items/new/").content.decode()
    assert 'name="kind" type="radio" value="adopter_approval"' in page
    assert 'name="subject"' not in page
    assert '<form method="get"' in page


def _listed(page: str) -> list[str]:
    return re.findall(r'name="subject" type="radio" value="(\d+)"', page)


def _household(assessor, surname):
    return helpers.advance(
        assessor, helpers.make_household(assessor, "vale-valleys-cardiff", surname), "par_completed"
    )


def test_an_approval_lists_households_with_reference_applicants_and_stage_and_no_child(
    meeting, personas, client_for
):
    household = _household(personas["assessor.vvc"], "Agendasurname")
    url = f"/panels/{meeting.pk}/items/new/?kind=adopter_approval"
    page = client_for("panel.vvc").get(url).content.decode()
    # A short list is listed at once, each with enough to tell households apart.
    assert _listed(page) == [str(household.pk)]
    assert f"{household.reference} – Matrix Agendasurname – {household.get_stage_display()}" in page
    assert "Child profile" not in page and "Match " not in page
    # The kind of business is carried, not asked again: it is shown, with a link to change it.
    assert '<input type="hidden" name="kind" value="adopter_approval"' in page
    assert "Approval of prospective adopters" in page and "<select" not in page


def test_a_long_list_is_searched_by_an_applicants_name_or_the_reference(
    meeting, personas, client_for, monkeypatch
):
    monkeypatch.setattr("nas.core.forms.CHOOSER_LIMIT", 2)
    assessor = personas["assessor.vvc"]
    households = [_household(assessor, name) for name in ("Bowen", "Pryce", "Lloyd")]
    client = client_for("panel.vvc")
    url = f"/panels/{meeting.pk}/items/new/?kind=adopter_approval"
    page = client.get(url).content.decode()
    assert _listed(page) == []
    assert "Search to list who you can choose." in page
    assert _listed(client.get(url + "&subject-q=pryce").content.decode()) == [str(households[1].pk)]
    by_reference = client.get(url + f"&subject-q={households[2].reference}").content.decode()
    assert _listed(by_reference) == [str(households[2].pk)]


def test_a_search_keeps_what_was_typed_and_the_chosen_household_is_added(meeting, personas, client_for):
    household = _household(personas["assessor.vvc"], "Keptsurname")
    client = client_for("panel.vvc")
    url = f"/panels/{meeting.pk}/items/new/"
    data = {
        "kind": "adopter_approval",
        "version": meeting.version,
        "subject": household.pk,
        "subject-q": "keptsurname",
        "papers_received_on-day": "20",
        "papers_received_on-month": "5",
        "papers_received_on-year": "2025",
    }
    page = client.post(url, {**data, "search": "subject"}).content.decode()
    assert re.search(rf'value="{household.pk}" checked', page)
    assert 'value="2025"' in page and "govuk-error-summary" not in page
    assert not AgendaItem.objects.exists()
    assert client.post(url, data).status_code == 302
    item = AgendaItem.objects.get()
    assert (item.subject_type, item.subject_id) == ("adopters.household", household.pk)


def test_a_colleague_adviser_sees_the_same_list_and_an_outsider_is_not_found(
    meeting, personas, client_for, reference_data
):
    household = _household(personas["assessor.vvc"], "Scopesurname")
    url = f"/panels/{meeting.pk}/items/new/?kind=adopter_approval"
    colleague = staff_create(
        actor=None,
        username="panel2.vvc",
        password="x" * 20,
        organisation_id=meeting.organisation_id,
        roles=[Role.PANEL_ADVISER],
    )
    client = Client()
    client.force_login(colleague)
    assert _listed(client.get(url).content.decode()) == [str(household.pk)]
    north = Organisation.objects.get(code="north-wales")
    outsider = staff_create(
        actor=None,
        username="panel.north",
        password="x" * 20,
        organisation_id=north.pk,
        roles=[Role.PANEL_ADVISER],
    )
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    data = {"kind": "adopter_approval", "subject": household.pk, "version": meeting.version}
    assert client.post(f"/panels/{meeting.pk}/items/new/", data).status_code == 404
    # Their own region's meeting does not offer another region's household, even by its reference.
    theirs = services.meeting_create(actor=outsider, organisation_id=north.pk, when=date(2025, 6, 3))
    page = client.get(
        f"/panels/{theirs.pk}/items/new/?kind=adopter_approval&subject-q={household.reference}"
    ).content.decode()
    assert _listed(page) == [] and f"0 matches for “{household.reference}”" in page
    assert not AgendaItem.objects.exists()


def test_a_childs_case_never_offers_a_restricted_record(meeting, make_child, advance, client_for):  # noqa: F811
    waiting = advance(make_child(), MilestoneKind.REFERRED_TO_REGION)
    adopted = advance(make_child(), MilestoneKind.REFERRED_TO_REGION)
    Child.objects.filter(pk=adopted.pk).update(restricted_at=timezone.now())
    client = client_for("panel.vvc")
    url = f"/panels/{meeting.pk}/items/new/"
    page = client.get(url + "?kind=child_case").content.decode()
    assert _listed(page) == [str(waiting.pk)]
    assert waiting.first_names not in page  # the region sees a profile, never the child's name
    assert _listed(client.get(url + f"?kind=child_case&subject-q={adopted.pk}").content.decode()) == []
    page = client.post(url, {"kind": "child_case", "subject": adopted.pk, "version": meeting.version})
    assert "Choose who or what the panel is to consider" in page.content.decode()
    assert not AgendaItem.objects.exists()


def test_a_kind_that_does_not_exist_is_asked_again(meeting, client_for):
    page = client_for("panel.vvc").get(f"/panels/{meeting.pk}/items/new/?kind=nonsense").content.decode()
    assert "Choose the kind of business" in page
    assert 'name="subject"' not in page


def test_an_adopted_childs_restricted_record_is_never_a_candidate(make_child, personas):  # noqa: F811
    waiting, adopted = make_child(), make_child()
    Child.objects.filter(pk=adopted.pk).update(restricted_at=timezone.now())
    candidates = subjects.get("children.child").candidates(personas["sw.cardiff"])
    assert waiting in candidates
    assert adopted not in candidates
