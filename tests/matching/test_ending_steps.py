"""Ending things looks like it: the placement's end is a warning button, and
recording the adoption order (which restricts the child's record at once)
asks for confirmation first."""

from __future__ import annotations

from datetime import date

import pytest

from nas.matching import services
from tests.matching import helpers

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _placed(personas):
    child = helpers.waiting_child(personas, "END00001")
    household = helpers.approved_household(personas, "Ending")
    link = helpers.to_linking_meeting(personas, child, household)
    helpers.decide(personas, link, helpers.through_panel(personas, link))
    link.refresh_from_db()
    services.link_step(
        actor=personas["sw.cardiff"], link=link, expected_version=link.version, step="placed", when=TODAY
    )
    link.refresh_from_db()
    return link


def test_recording_that_the_placement_ended_is_a_warning_button(personas, client_for):
    link = _placed(personas)
    sw = client_for("sw.cardiff")
    detail = sw.get(f"/family-finding/links/{link.pk}/").content.decode()
    ending = f'href="/family-finding/links/{link.pk}/disrupted/"'
    assert f'govuk-button govuk-button--warning" data-module="govuk-button" {ending}' in detail
    form = sw.get(f"/family-finding/links/{link.pk}/disrupted/").content.decode()
    assert "govuk-button govuk-button--warning" in form


def test_the_adoption_order_is_recorded_only_after_the_confirmation_page(personas, client_for):
    link = _placed(personas)
    sw = client_for("sw.cardiff")
    when = TODAY.strftime("%d/%m/%Y")
    url = f"/family-finding/links/{link.pk}/adoption_order/"
    first = sw.post(url, {"version": link.version, "date": when})
    assert first.status_code == 200
    assert "Check before you record the adoption order" in first.content.decode()
    link.refresh_from_db()
    assert link.state == "placed"
    # Confirmed, the step reaches the service, which checks the 10 weeks' placement
    # (Adoption and Children Act 2002, s.42(2)(a)) of this placement made today.
    confirmed = sw.post(url, {"version": link.version, "date": when, "confirmed": "yes"}).content.decode()
    assert "s.42(2)(a)" in confirmed and "Check before you record" not in confirmed
