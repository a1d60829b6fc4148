"""Issue: prospective adopters, panels and decisions. A member of the public
enquires through the bilingual public form; the region's assessor opens the
household from the enquiry list and takes it through Stage 1 and Stage 2
(the worklist shows both statutory deadlines on the way); the panel adviser
runs a quorate panel; the agency decision maker approves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from nas.accounts.personas import DEMO_PASSWORD
from nas.adopters.models import Household
from nas.core.calendar import add_months, add_working_days
from nas.organisations.models import Organisation
from tests.browser.conftest import assert_accessible
from tests.browser.forms import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAGE_ONE = [
    "Attended an information event",
    "Registration of interest received",
    "Registration of interest accepted: Stage 1 begins",
    "Enhanced DBS check returned",
    "Local authority check returned",
    "Adoption medical report received",
    "References taken up",
    "Preparation training completed",
    "Stage 1 completed: may go on to Stage 2",
    "Stage 2 began: notice to go on received",
]


@pytest.fixture
def signed_in(browser, live_server):
    """A page signed in as the persona; its browser context is closed after the test, so no
    connection to the live server outlives it."""
    contexts = []

    def sign_in(username):
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        contexts.append(context)
        return _sign_in(context.new_page(), username)

    yield sign_in
    for context in contexts:
        context.close()


def _sign_in(page, username):
    page.csp_errors = []
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#main-content button[type=submit]")
    return page


def _long(day):
    return f"{day.day} {day:%B %Y}"


def _record(page, household_url, link, today):
    page.goto(household_url)
    page.get_by_test_id("next-steps").get_by_role("link", name=link, exact=True).click()
    fill_date(page, "#id_date", today.strftime("%d/%m/%Y"))
    page.click("#main-content button[type=submit]")
    assert page.locator(".govuk-notification-banner").count(), (
        f"{link} was not recorded: {page.content()[:800]}"
    )


def test_a_household_goes_from_public_enquiry_to_approval_through_panel_and_decision(
    signed_in, personas, page, settings
):
    settings.DEMO_MODE = True
    today = timezone.localdate()
    region = Organisation.objects.get(code="vale-valleys-cardiff")

    # A member of the public, not signed in, enquires (in Welsh first, to see the form is bilingual).
    page.goto("/language/cy/?next=/enquire/")
    assert page.locator("h1").inner_text() == "Yn ystyried mabwysiadu? Gofynnwch i ni"
    page.goto("/language/en/?next=/enquire/")
    page.click("#main-content button[type=submit]")
    assert "Choose a region or an agency" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.select_option("#id_organisation", str(region.pk))
    page.fill("#id_first_names", "Nia")
    page.fill("#id_last_name", "Browsertest")
    page.fill("#id_email", "nia@example.com")
    page.check("#id_kind_0")
    page.check("#id_consent")
    page.click("#main-content button[type=submit]")
    assert page.locator("h1").inner_text() == "Enquiry sent"
    assert "Browsertest" not in page.content()
    assert_accessible(page)

    # The region's assessor finds it on the enquiry list and opens the household.
    assessor = signed_in("assessor.vvc")
    assessor.get_by_role("link", name="Enquiries").first.click()
    assert_accessible(assessor)
    assessor.get_by_test_id("enquiries").get_by_role("link", name="Nia Browsertest").click()
    assessor.get_by_role("button", name="Open a household record").click()
    household = Household.objects.get(members__last_name="Browsertest")
    household_url = f"/adopters/{household.pk}/"
    assert assessor.get_by_test_id("stage").inner_text() == "Enquiry"
    assert_accessible(assessor)

    for link in STAGE_ONE:
        _record(assessor, household_url, link, today)
        if link.startswith("Registration of interest accepted"):
            assessor.goto("/adopters/worklist/")
            due = assessor.get_by_test_id("due").inner_text()
            assert "Complete Stage 1 (checks and preparation)" in due
            assert _long(add_months(today, 2)) in due
            assert "SI 2020/163" in due
            assert_accessible(assessor)
    assessor.goto("/adopters/worklist/")
    due = assessor.get_by_test_id("due").inner_text()
    assert "Complete Stage 2: the suitability decision" in due and _long(add_months(today, 4)) in due

    # The report recommends an approval range.
    assessor.goto(household_url)
    assessor.get_by_role("link", name="Record the approval range").click()
    assessor.fill("#id_age_min", "0")
    assessor.fill("#id_age_max", "4")
    assessor.fill("#id_max_children", "2")
    assessor.check("#id_sibling_group_0")
    assessor.check("#id_health_needs_2")
    assessor.check("#id_developmental_needs_2")
    assessor.check("#id_behavioural_needs_1")
    assessor.check("#id_disability_1")
    assessor.check("#id_contact_1")
    assert_accessible(assessor)
    assessor.click("#main-content button[type=submit]")
    assert "0 to 4 years" in assessor.get_by_test_id("approval-range").inner_text()
    _record(assessor, household_url, "Prospective Adopter's Report completed", today)

    # The panel adviser sets up a quorate panel with the household on its agenda.
    adviser = signed_in("panel.vvc")
    adviser.get_by_role("link", name="Panels").first.click()
    adviser.get_by_role("link", name="Set up a panel meeting").click()
    fill_date(adviser, "#id_date", today.strftime("%d/%m/%Y"))
    adviser.fill("#id_venue", "Ty Hywel")
    adviser.click("#main-content button[type=submit]")
    meeting_url = adviser.url
    assert "Not quorate" in adviser.get_by_test_id("quorum").inner_text()
    # The members are chosen from the region's central list of panel members, not typed.
    from nas.panels import services as panels

    listed = [
        ("Rhodri Social", "social_worker", False),
        ("Dr Bowen", "medical_adviser", False),
        ("Mair Member", "independent", True),
        ("Dafydd Member", "independent", True),
    ]
    for name, role, independent in [("Gwen Chair", "chair", True), *listed]:
        panels.central_member_add(
            actor=personas["panel.vvc"], name=name, role=role, independent=independent, joined_on=today
        )
    adviser.get_by_role("link", name="Choose the members from the central list").click()
    for name, _role, _independent in listed:
        adviser.locator("#main-content fieldset").first.get_by_label(name, exact=False).check()
    adviser.locator("#main-content fieldset").nth(1).get_by_label("Gwen Chair", exact=False).check()
    adviser.click("#main-content button[type=submit]")
    assert "Quorate" in adviser.get_by_test_id("quorum").inner_text()
    adviser.get_by_role("link", name="Add to the agenda").click()
    adviser.check("#id_kind_0")
    adviser.click("#main-content button[type=submit]")  # the kind of business first
    adviser.check(f"input[name=subject][value='{household.pk}']")  # a short list is listed at once
    assert_accessible(adviser)
    adviser.screenshot(path="/tmp/forms-shots/agenda-search-step.png", full_page=True)
    adviser.get_by_role("button", name="Add to the agenda").click()
    adviser.get_by_test_id("agenda").get_by_role("link", name="Record the recommendation").click()
    adviser.check("#id_recommendation_0")
    adviser.fill("#id_reasons", "A thoughtful couple, well prepared, with strong support.")
    adviser.click("#main-content button[type=submit]")
    adviser.get_by_role("link", name="Finalise the minutes").click()
    adviser.fill("#id_minutes", "The panel was quorate and recommended approval.")
    adviser.click("#main-content button[type=submit]")
    assert "Final, sent to the decision maker" in adviser.get_by_test_id("minutes-final").inner_text()
    assert_accessible(adviser)

    # The agency decision maker sees it waiting, with the deadline, and approves with reasons.
    adm = signed_in("adm.vvc")
    assert "Panel recommendations waiting for your decision" in adm.content()
    adm.goto(meeting_url)
    adm.get_by_test_id("agenda").get_by_role("link", name="Record your decision").click()
    assert adm.get_by_test_id("due").inner_text() == _long(add_working_days(today, 10))
    assert_accessible(adm)
    adm.check("#id_outcome_0")
    adm.fill("#id_reasons", "I agree with the panel's recommendation and reasons.")
    adm.click("#main-content button[type=submit]")
    assert "Your decision is recorded." in adm.content()

    assessor.goto(household_url)
    assert assessor.get_by_test_id("stage").inner_text() == "Approved"
    timeline = assessor.get_by_test_id("timeline").inner_text()
    for label in (
        "Adoption panel recommendation",
        "Final panel minutes sent",
        "Approved as suitable to adopt",
    ):
        assert label in timeline
    assert "Huw Jenkins" in assessor.get_by_test_id("decisions").inner_text()
    assert "Refer to the Adoption Register for Wales" in assessor.get_by_test_id("deadlines").inner_text()
    assert _long(today + timedelta(days=0)) in assessor.get_by_test_id("approval-range").inner_text()
    assert_accessible(assessor)
