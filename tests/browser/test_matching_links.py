"""Issue 6, part 2: from suggestions to placement in the browser. The
region's family finder opens a child's suggestions and expresses interest in
a family; the family's assessor accepts; the link and the linking meeting are
recorded; the panel adviser puts the match on the agenda and records the
panel's recommendation; the child's authority's decision maker decides the
match; the child's social worker records introductions and the placement;
the child's timeline shows every step. Every page is checked with axe."""

from __future__ import annotations

import pytest
from django.utils import timezone

from nas.accounts.personas import DEMO_PASSWORD
from nas.matching.models import Link, LinkState
from tests.adopters import helpers as adopter_helpers
from tests.browser.conftest import assert_accessible
from tests.matching import helpers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(browser, live_server):
    contexts = []

    def sign_in(username):
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.csp_errors = []
        page.goto("/sign-in/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("#main-content button[type=submit]")
        return page

    yield sign_in
    for context in contexts:
        context.close()


def _banner(page) -> str:
    return page.locator(".govuk-notification-banner").inner_text()


def test_a_child_is_linked_matched_and_placed_through_the_pages(signed_in, personas, settings):
    settings.DEMO_MODE = True
    today = timezone.localdate()
    profile = helpers.waiting_child(
        personas, "CDF-BROWSER-LINK", surname="Identifiable", developmental_needs="medium"
    )
    family = helpers.approved_household(personas, "Applicantsurname", language="welsh")
    adopter_helpers.quorate_meeting(personas["panel.vvc"], today, venue="Ty Hywel")

    # The family finder reads the suggestions, each explained, and expresses interest.
    ff = signed_in("ff.vvc")
    ff.goto(f"/family-finding/profiles/{profile.pk}/")
    ff.get_by_role("link", name="Families suggested for this child").click()
    card = ff.get_by_test_id("suggestion").first
    assert family.reference in card.inner_text()
    assert "meets medium developmental needs" in card.get_by_test_id("explanation").inner_text()
    assert "No inter-agency fee" in card.get_by_test_id("fee").inner_text()
    assert "Applicantsurname" not in ff.content() and "Identifiable" not in ff.content()
    assert_accessible(ff)
    card.get_by_role("link", name=f"Express interest {family.reference}").click()
    ff.fill("#id_note", "A Welsh-speaking home close to the child's school.")
    assert_accessible(ff)
    ff.click("#main-content button[type=submit]")
    assert "Your interest is recorded" in _banner(ff)
    link = Link.objects.get()
    link_url = f"/family-finding/links/{link.pk}/"
    assert_accessible(ff)

    # The household's assessor accepts it.
    assessor = signed_in("assessor.vvc")
    assert "Expressions of interest waiting for your answer" in assessor.content()
    assessor.goto(link_url)
    assert "A Welsh-speaking home" in assessor.content() and "Identifiable" not in assessor.content()
    assert_accessible(assessor)
    assessor.get_by_role("button", name="Accept the interest").click()
    assert "You have accepted the interest" in _banner(assessor)

    # The family finder records the link and the linking meeting.
    ff.goto(link_url)
    for step in ("Record the link", "Record the linking meeting"):
        ff.get_by_role("link", name=step).click()
        assert_accessible(ff)
        ff.click("#main-content button[type=submit]")
        assert "done" in _banner(ff)
    assert ff.get_by_test_id("state").inner_text() == "Linking meeting held"

    # The panel adviser puts the match on the agenda and records the recommendation.
    adviser = signed_in("panel.vvc")
    adviser.get_by_role("link", name="Panels").first.click()
    adviser.get_by_role("link", name=today.strftime("%-d %B %Y")).first.click()
    adviser.get_by_role("link", name="Add to the agenda").click()
    adviser.check("#id_kind_1")
    adviser.click("#main-content button[type=submit]")  # the kind of business first
    adviser.check(f"input[name=subject][value='{link.pk}']")  # a short list is listed at once
    assert_accessible(adviser)
    adviser.get_by_role("button", name="Add to the agenda").click()
    adviser.get_by_test_id("agenda").get_by_role("link", name="Record the recommendation").click()
    adviser.check("#id_recommendation_0")
    adviser.fill("#id_reasons", "The family can meet the child's needs; a strong match.")
    adviser.click("#main-content button[type=submit]")
    adviser.get_by_role("link", name="Finalise the minutes").click()
    adviser.fill("#id_minutes", "The panel was quorate and recommended the match.")
    adviser.click("#main-content button[type=submit]")
    assert "Final, sent to the decision maker" in adviser.get_by_test_id("minutes-final").inner_text()
    assert_accessible(adviser)

    # Cardiff's agency decision maker decides the match.
    adm = signed_in("adm.cardiff")
    assert "Matches waiting for your decision" in adm.content()
    adm.goto(link_url)
    adm.get_by_role("link", name="Decide the match").click()
    assert_accessible(adm)
    adm.check("#id_outcome_0")
    adm.fill("#id_reasons", "I agree with the panel: this family can meet the child's needs.")
    adm.click("#main-content button[type=submit]")
    assert "Your decision is recorded." in _banner(adm)
    assert adm.get_by_test_id("state").inner_text() == "Matched: the decision maker approved the match"
    assert_accessible(adm)

    # The child's social worker records introductions and the placement.
    sw = signed_in("sw.cardiff")
    sw.goto(link_url)
    for step in ("Record the start of introductions", "Record the placement"):
        sw.get_by_role("link", name=step).click()
        assert_accessible(sw)
        sw.click("#main-content button[type=submit]")
        assert "done" in _banner(sw)
    assert sw.get_by_test_id("state").inner_text() == "Placed"
    steps = sw.get_by_test_id("link-timeline").inner_text()
    for state in (
        "Interest expressed",
        "Linked",
        "Matching panel recommendation made",
        "Introductions",
        "Placed",
    ):
        assert state in steps
    assert_accessible(sw)
    link.refresh_from_db()
    assert link.state == LinkState.PLACED

    # The child's timeline shows every step.
    sw.get_by_role("link", name="The child's record (your authority only)").click()
    timeline = sw.get_by_test_id("timeline").inner_text()
    for label in (
        "Linked with a family",
        "Matching panel recommendation",
        "Agency decision maker's match decision",
        "Introductions began",
        "Placed with adopters (In the child's own region)",
    ):
        assert label in timeline, label
    assert_accessible(sw)

    # In Welsh, the suggestions explain themselves in Welsh.
    ff.goto(f"/language/cy/?next=/family-finding/profiles/{profile.pk}/suggestions/")
    assert_accessible(ff)
