"""Issue 6, part 1: family finding in the browser. A social worker chooses
what a child's anonymous profile shares and publishes it to the region; the
region's family finder reads it without identity; the Director of Operations
changes the weights. Every page is checked with axe."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from nas.accounts.personas import DEMO_PASSWORD
from nas.children import services as children
from nas.matching.adapters import age_on
from nas.matching.equity import age_band
from nas.matching.models import ChildProfile, WeightSet
from nas.organisations.models import Organisation
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.csp_errors = []
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#main-content button[type=submit]")
    return page


def _child_with_decision(personas):
    child = children.child_create(
        actor=personas["sw.cardiff"],
        local_authority_id=Organisation.objects.get(code="cardiff").pk,
        entered_care=date(2024, 1, 10),
        case_reference="CDF-BROWSER-FF",
        first_names="Seren",
        last_name="Identifiable",
        date_of_birth=date(2021, 5, 1),
        sex="2",
        ethnicity="WBRI",
        religion="Quaker",
        developmental_needs="medium",
    )
    for kind, when, who in (
        ("permanence_plan", date(2024, 2, 1), "sw.cardiff"),
        ("childs_adoption_report", date(2024, 3, 1), "sw.cardiff"),
        ("should_be_placed", date(2024, 4, 1), "adm.cardiff"),
    ):
        children.milestone_record(actor=personas[who], child=child, kind=kind, when=when)
    return ChildProfile.objects.get(child=child)


def test_a_profile_is_shared_with_the_region_and_the_director_changes_the_weights(
    browser, live_server, personas, settings
):
    settings.DEMO_MODE = True
    profile = _child_with_decision(personas)

    sw = _signed_in(browser, live_server, "sw.cardiff")
    sw.get_by_role("link", name="Family finding").first.click()
    assert sw.locator("h1").inner_text() == "Children's profiles for family finding"
    assert_accessible(sw)
    sw.get_by_role("link", name=profile.reference).click()
    assert "Not published" in sw.get_by_test_id("publication").inner_text()
    assert_accessible(sw)
    sw.get_by_role("link", name="Choose what the profile shares").click()
    sw.check("label:has-text('Religion')")
    sw.fill("#id_about", "Loves the sea and drawing.")
    sw.check("#id_avoid_neighbouring_authorities")
    assert_accessible(sw)
    sw.click("#main-content button[type=submit]")
    assert "The profile is updated." in sw.locator(".govuk-notification-banner").inner_text()
    sw.get_by_role("button", name="Publish to the region").click()
    assert "Published to the region" in sw.get_by_test_id("publication").inner_text()
    assert_accessible(sw)

    ff = _signed_in(browser, live_server, "ff.vvc")
    ff.goto(f"/family-finding/profiles/{profile.pk}/")
    shared = ff.get_by_test_id("shared-view").inner_text()
    band = age_band(age_on(date(2021, 5, 1), timezone.localdate())[0])
    assert "Quaker" in shared and "Loves the sea and drawing." in shared and band in shared
    body = ff.content()
    assert "Identifiable" not in body and "CDF-BROWSER-FF" not in body
    assert_accessible(ff)

    director = _signed_in(browser, live_server, "director.national")
    director.goto("/family-finding/weights/")
    assert_accessible(director)
    director.get_by_role("link", name="Change the weights").click()
    director.fill("#id_ethnicity", "150")
    director.click("#main-content button[type=submit]")
    assert "Enter a whole number from 0 to 100" in director.locator(".govuk-error-summary").inner_text()
    assert_accessible(director)
    director.fill("#id_ethnicity", "12")
    director.fill("#id_reason", "Board review of identity weights")
    director.click("#main-content button[type=submit]")
    assert "is in force" in director.locator(".govuk-notification-banner").inner_text()
    assert WeightSet.objects.order_by("-number").first().weights["ethnicity"] == 12
    director.goto("/family-finding/register/")
    assert_accessible(director)
    director.goto("/family-finding/fees/new/")
    assert_accessible(director)

    director.goto("/language/cy/?next=/family-finding/weights/")
    assert director.locator("h1").inner_text() == "Sut mae awgrymiadau'n cael eu pwysoli"
    assert_accessible(director)
