"""Adding to the agenda asks for the kind of business first, then lists only
what may come to panel for it: households for an approval, never a child's
profile; a child's case never lists an adopted child, whose record is
restricted at the order."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from nas.children.models import Child
from nas.panels import services, subjects
from tests.adopters import helpers
from tests.children.conftest import make_child  # noqa: F401,F811  (the children's own fixture)

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


def test_an_approval_lists_households_and_no_child(meeting, personas, client_for):
    assessor = personas["assessor.vvc"]
    household = helpers.advance(
        assessor, helpers.make_household(assessor, "vale-valleys-cardiff", "Agendasurname"), "par_completed"
    )
    url = f"/panels/{meeting.pk}/items/new/?kind=adopter_approval"
    page = client_for("panel.vvc").get(url).content.decode()
    assert f'value="adopters.household:{household.pk}"' in page
    assert "children.child:" not in page
    assert "matching.link:" not in page
    assert 'value="adopter_approval" checked' in page


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
