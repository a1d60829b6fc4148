"""Issue: the foundation. Signing in as the demo social worker shows the home
page in English and, after the language toggle, in Welsh."""

from __future__ import annotations

import pytest

from nas.accounts.personas import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_demo_social_worker_signs_in_and_sees_home_in_english_then_welsh(page, personas, settings):
    settings.DEMO_MODE = True
    page.goto("/")
    assert page.url.endswith("/sign-in/?next=/")
    assert page.locator("h1").inner_text() == "Sign in"
    assert_accessible(page)

    page.fill("#id_username", "sw.cardiff")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")

    assert page.locator("h1").inner_text() == "Welcome, Ceri Morgan"
    assert page.get_by_test_id("organisation").inner_text() == "Cardiff Council"
    assert "Social worker" in page.get_by_test_id("roles").inner_text()
    assert page.get_by_text("This is a demonstration").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)

    page.get_by_role("link", name="Cymraeg").click()

    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("h1").inner_text() == "Croeso, Ceri Morgan"
    assert page.get_by_test_id("organisation").inner_text() == "Cyngor Caerdydd"
    assert "Gweithiwr cymdeithasol" in page.get_by_test_id("roles").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="English").click()
    assert page.get_by_test_id("organisation").inner_text() == "Cardiff Council"


def test_a_bad_sign_in_shows_an_accessible_error(page, personas):
    page.goto("/sign-in/")
    page.click("button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Enter your username" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
