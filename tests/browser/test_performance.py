"""Issue: the performance framework. The Director of Operations views the
national dashboard, drills down from a figure to its anonymised cases and
opens an intervention on a region; the region's manager finds it on their
home page, responds, and takes the quarterly return from draft to
submitted. Every page is checked with axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from nas.accounts.personas import DEMO_PASSWORD
from nas.performance import selectors
from nas.performance.models import Intervention, QuarterlyReturn, ReturnStatus
from tests.browser.conftest import assert_accessible
from tests.browser.forms import fill_date
from tests.performance import dataset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, username):
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#main-content button[type=submit]")


def _day(value) -> str:
    return f"{value.day}/{value.month}/{value.year}"


def test_the_director_drills_down_and_the_region_responds_and_submits(browser, page, personas, settings):
    settings.DEMO_MODE = True
    data = dataset.build()
    today = timezone.localdate()
    _sign_in(page, "director.national")
    page.goto("/performance/?quarter=2024-25-Q1")
    assert page.locator("svg[role=img]").count() == 1  # the summary, then one measure in detail
    assert page.locator("[data-testid=table-NAS-C1]").is_visible()
    assert_accessible(page)
    page.click("[data-testid=summary] a[href*='NAS-C1/2024-25-Q1/vale-valleys-cardiff/cases/']")
    assert page.locator("[data-testid=cases] tbody tr").count() == 3
    body = page.locator("main").inner_text()
    for label in "ABC":
        assert data["children"][label].case_reference not in body
    assert_accessible(page)

    page.goto("/performance/interventions/new/")
    page.select_option("#id_region", label="Vale, Valleys and Cardiff Adoption Collaborative")
    page.select_option("#id_measure", "NAS-C1")
    page.fill("#id_concerns", "Children wait over 14 months from entering care to placement.")
    page.fill("#id_action", "Review every child past the 'should be placed' decision monthly.")
    fill_date(page, "#id_action_due_on", _day(today + timedelta(days=30)))
    fill_date(page, "#id_review_on", _day(today + timedelta(days=45)))
    fill_date(page, "#id_response_due_on", _day(today + timedelta(days=14)))
    assert_accessible(page)
    page.click("#main-content form button[type=submit]")
    assert page.locator(".govuk-error-summary").count() == 0
    assert "Intervention on NAS-C1" in page.locator("h1").inner_text()
    assert_accessible(page)
    intervention = Intervention.objects.get()

    manager = browser.new_context(base_url=page.url.split("/performance")[0], locale="en-GB")
    try:
        other = manager.new_page()
        other.csp_errors = []
        _sign_in(other, "manager.vvc")
        other.goto("/")
        assert "NAS-C1" in other.locator("main").inner_text()
        other.click(f"a[href='/performance/interventions/{intervention.pk}/']")
        other.fill("#id_text", "Monthly reviews start this week; two children are now linked.")
        other.check("input[name=done]")
        assert_accessible(other)
        other.click("form[action$='/respond/'] button[type=submit]")
        assert "Monthly reviews start this week" in other.locator("[data-testid=history]").inner_text()
        assert_accessible(other)

        other.goto("/performance/returns/")
        assert_accessible(other)
        last = selectors.latest_complete_quarter()
        record = QuarterlyReturn.objects.get(region__code="vale-valleys-cardiff", quarter=last.code)
        other.goto(f"/performance/returns/{record.pk}/")
        other.fill("#id_commentary", "Placements are slower while two sibling groups wait.")
        other.click("form[action$='/commentary/'] button[type=submit]")
        assert_accessible(other)
        for button in ("Mark as checked", "Sign off the return", "Submit to the national team"):
            other.click(f"button:has-text('{button}')")
            assert other.locator(".govuk-error-summary").count() == 0
        assert "Draft a corrected version" in other.locator("main").inner_text()
        assert_accessible(other)
    finally:
        manager.close()
    record.refresh_from_db()
    assert record.status == ReturnStatus.SUBMITTED
    assert record.commentary.startswith("Placements are slower")
    page.goto(f"/performance/returns/{record.pk}/")
    assert "Submitted" in page.locator("main").inner_text()
    assert_accessible(page)
