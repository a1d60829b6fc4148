"""At the agency decision maker's match decision (Adoption Agencies (Wales)
Regulations 2005, reg. 34(1)) both profiles leave family finding, and come
back where they were published if the placement ends before the adoption order."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nas.matching import selectors, services
from tests.matching import helpers

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _matched(personas):
    child = helpers.waiting_child(personas, "LFF00001", publish="national")
    household = helpers.approved_household(personas, "Leaving", refer=True)
    link = helpers.to_linking_meeting(personas, child, household)
    helpers.decide(personas, link, helpers.through_panel(personas, link))
    link.refresh_from_db()
    child.refresh_from_db()
    household.refresh_from_db()
    return child, household, link


def test_both_profiles_leave_family_finding_at_the_match_decision(personas, client_for):
    child, household, _link = _matched(personas)
    for profile in (child, household):
        assert profile.held_publication == "national"
        assert not profile.is_published_to_region and not profile.is_published_nationally
    assert selectors.household_suggestions(household, TODAY)[1] == []
    assert selectors.child_suggestions(child, TODAY)[1] == []
    page = client_for("sw.cardiff").get(f"/family-finding/profiles/{child.pk}/").content.decode()
    assert "Left family finding: matched" in page and "Published to the region" not in page
    with pytest.raises(ValidationError, match="has been matched"):
        services.child_profile_publish(
            actor=personas["sw.cardiff"], profile=child, expected_version=child.version, target="region"
        )


def test_the_profiles_come_back_when_the_placement_ends_before_the_order(personas):
    child, household, link = _matched(personas)
    services.link_step(
        actor=personas["sw.cardiff"],
        link=link,
        expected_version=link.version,
        step="introductions",
        when=TODAY,
    )
    link.refresh_from_db()
    services.link_step(
        actor=personas["sw.cardiff"],
        link=link,
        expected_version=link.version,
        step="disrupted",
        when=TODAY,
        reason="relationship",
        note="Introductions stopped.",
    )
    for profile in (child, household):
        profile.refresh_from_db()
        assert profile.held_publication == ""
        assert profile.is_published_to_region and profile.is_published_nationally
