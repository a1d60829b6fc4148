"""Issue: adoption support. A support worker runs a letterbox exchange from the
agreement to a released letter, and an intermediary case from the application
to its outcome with the veto check recorded; a missed exchange shows on their
home page. Every page is checked with axe."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import formats, timezone

from nas.accounts.personas import DEMO_PASSWORD
from nas.audit.models import AuditEvent
from nas.organisations.models import Organisation
from nas.support import codes, services
from nas.support.models import IntermediaryCase, Letter
from tests.browser.conftest import assert_accessible
from tests.browser.forms import choose, fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, username):
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#main-content button[type=submit]")


def _submit(page):
    page.click("#main-content form[method=post] > button[type=submit]")
    assert page.locator(".govuk-error-summary").count() == 0, page.locator(
        ".govuk-error-summary"
    ).inner_text()


def _person(kind, first, last, born, adopted=None):
    region = Organisation.objects.get(code="vale-valleys-cardiff")
    return services.person_create(
        actor=None,
        region_id=region.pk,
        kind=kind,
        first_names=first,
        last_name=last,
        date_of_birth=born,
        adoption_date=adopted,
    )


def _day(value: date) -> str:
    return f"{value.day}/{value.month}/{value.year}"


def test_a_letterbox_exchange_goes_from_agreement_to_a_released_letter(page, personas, settings):
    settings.DEMO_MODE = True
    _person(codes.PersonKind.ADOPTIVE_PARENT, "Sian", "Llewellyn", date(1984, 3, 2))
    _person(codes.PersonKind.BIRTH_PARENT, "Kayleigh", "Morris", date(1996, 1, 9))
    today = timezone.localdate()
    first_exchange = today - timedelta(days=10)
    _sign_in(page, "support.vvc")

    page.get_by_role("link", name="Adoption support").click()
    assert page.locator("h1").inner_text() == "Adoption support caseload"
    assert_accessible(page)
    page.get_by_role("link", name="Letterbox", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Record a letterbox agreement").click()
    page.click("#main-content form[method=post] > button[type=submit]")  # nothing chosen yet
    assert "Choose how often letters are exchanged" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.check("label:has-text('Once a year')")
    fill_date(page, "#id_agreed_on", _day(first_exchange - timedelta(days=60)))
    fill_date(page, "#id_first_exchange_on", _day(first_exchange))
    page.fill("#id_terms", "First names only; no school or town.")
    _submit(page)
    assert page.locator("h1").inner_text().startswith("LB-")
    agreement_url = page.url
    assert_accessible(page)

    for person, family in (("Sian Llewellyn", "Adoptive family"), ("Kayleigh Morris", "Birth family")):
        page.get_by_role("link", name="Add a person").click()
        choose(page, "person", person.split()[1], person)
        page.check(f"label:has-text('{family}')")
        assert_accessible(page)
        _submit(page)
    parties = page.get_by_test_id("parties").inner_text()
    assert "Sian Llewellyn" in parties and "Kayleigh Morris" in parties

    page.get_by_role("link", name="Record a letter").click()
    page.select_option("#id_writer", label="Kayleigh Morris (Birth family)")
    page.select_option("#id_exchange_on", first_exchange.isoformat())
    page.fill("#id_content", "Dear Deio,\nI hope you had a lovely birthday.")
    assert_accessible(page)
    _submit(page)
    assert page.get_by_test_id("letter-status").inner_text() == "Received, waiting to be checked"
    assert "I hope you had a lovely birthday." in page.get_by_test_id("letter").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Check the letter").click()
    assert "lovely birthday" in page.get_by_test_id("letter").inner_text()
    page.check("label:has-text('Yes, it can be released')")
    assert_accessible(page)
    _submit(page)
    assert page.get_by_test_id("letter-status").inner_text() == "Checked, ready to release"
    page.get_by_role("link", name="Release the letter").click()
    assert_accessible(page)
    _submit(page)
    assert page.get_by_test_id("letter-status").inner_text() == "Released"
    assert "Gareth Lewis" in page.get_by_test_id("released").inner_text()
    assert "Sian Llewellyn" in page.content()  # the letter goes to the adoptive family
    assert_accessible(page)

    letter = Letter.objects.get()
    assert letter.status == codes.LetterStatus.RELEASED and letter.checked_by.username == "support.vvc"
    assert AuditEvent.objects.for_record("support.letter", letter.pk).filter(action="view").exists()

    # The adoptive family's letter for that exchange never came: missed, on the worker's home page.
    page.goto(agreement_url)
    assert "Missed" in page.get_by_test_id("exchanges").inner_text()
    page.goto("/")
    work = page.locator("main").inner_text()
    assert "Letterbox: exchanges due and missed" in work
    assert "Sian Llewellyn – Letter missed – Overdue " + formats.date_format(first_exchange, "j F Y") in work
    assert_accessible(page)


def test_an_intermediary_case_goes_from_application_to_outcome_with_the_veto_check(page, personas, settings):
    settings.DEMO_MODE = True
    _person(codes.PersonKind.BIRTH_PARENT, "Margaret", "Bowen", date(1946, 8, 1))
    _person(codes.PersonKind.ADOPTED_ADULT, "Alun", "Rees", date(1964, 2, 1), date(1965, 1, 12))
    _sign_in(page, "support.vvc")

    page.goto("/support/")
    page.get_by_role("link", name="Intermediary service", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Record an application").click()
    # A search posts the page's form: the applicant chosen and the date typed stay while the
    # person sought is searched for.
    page.fill("#id_applicant-q", "Bowen")
    page.press("#id_applicant-q", "Enter")
    page.wait_for_load_state("load")
    assert (
        "Margaret Bowen – born 1 August 1946 – Birth parent"
        in page.get_by_test_id("chooser-applicant").inner_text()
    )
    page.locator("[data-testid='chooser-applicant'] label:has-text('Margaret Bowen')").click()
    fill_date(page, "#id_adoption_date", "12/1/1965")
    page.fill("#id_subject-q", "1 2 1964")
    page.click("button[name='search'][value='subject']")
    page.wait_for_load_state("load")
    assert page.locator("[data-testid='chooser-applicant'] input:checked").count() == 1
    assert page.locator("#id_adoption_date-year").input_value() == "1965"
    assert page.locator(".govuk-error-summary").count() == 0
    assert (
        "Alun Rees – born 1 February 1964 – Adopted adult"
        in page.get_by_test_id("chooser-subject").inner_text()
    )
    assert_accessible(page)
    page.locator("[data-testid='chooser-subject'] label:has-text('Alun Rees')").click()
    page.screenshot(path="/tmp/forms-shots/intermediary-search-step.png", full_page=True)
    assert "priority" in page.get_by_test_id("rule").inner_text()
    assert_accessible(page)
    _submit(page)
    assert page.get_by_test_id("priority").inner_text() == "Priority: adoption before 12 November 1975"
    assert_accessible(page)

    page.get_by_role("link", name="Record the checks").click()
    fill_date(page, "#id_identity_confirmed_on", _day(timezone.localdate()))
    page.fill("#id_adoption_agency", "Glamorgan County Council")
    fill_date(page, "#id_veto_checked_on", _day(timezone.localdate()))
    page.check("label:has-text('No veto')")
    fill_date(page, "#id_register_checked_on", _day(timezone.localdate()))
    page.check("label:has-text('No entry for the subject')")
    assert_accessible(page)
    _submit(page)
    assert page.get_by_test_id("veto").inner_text().endswith("No veto")
    assert page.get_by_test_id("register").inner_text().endswith("No entry for the subject")
    assert_accessible(page)

    page.get_by_role("link", name="Record the outcome").click()
    page.check("label:has-text('The subject agreed to contact')")
    page.fill("#id_outcome_note", "Alun replied through the agency and agreed to letters first.")
    assert_accessible(page)
    _submit(page)
    assert page.get_by_test_id("outcome").inner_text().startswith("The subject agreed to contact")
    assert_accessible(page)

    case = IntermediaryCase.objects.get()
    assert case.veto == codes.Veto.NONE and case.veto_checked_on == timezone.localdate()
    assert case.outcome == codes.IntermediaryOutcome.CONTACT_AGREED

    page.get_by_role("link", name="Cymraeg").click()
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("h2").first.inner_text() == "Gwiriadau"
    assert_accessible(page)
