"""Issue: strong sign-in. The browser signs in with a password and a TOTP
code, and a first sign-in sets up the authenticator app."""

from __future__ import annotations

import time

import pyotp
import pytest

from nas.accounts import services
from nas.accounts.personas import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_browser_signs_in_with_a_totp_code(page, personas, settings):
    settings.DEMO_MODE = False
    user = personas["tm.cardiff"]
    link, _token = services.set_up_link_issue(actor=None, user=user)
    device = services.authenticator_start_enrolment(user=user)
    totp = pyotp.TOTP(device.secret)
    services.authenticator_confirm(user=user, code=totp.at(time.time() - 30), link=link)

    page.goto("/sign-in/")
    page.fill("#id_username", "tm.cardiff")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")

    assert page.locator("h1").inner_text() == "Enter your security code"
    assert_accessible(page)
    page.fill("#id_code", "000000")
    page.click("button[type=submit]")
    assert "The security code is not right" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    page.fill("#id_code", totp.now())
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Welcome, Rhian Evans"
    assert not page.get_by_text("This is a demonstration").count()


def test_a_first_sign_in_through_a_set_up_link_sets_up_the_app_and_shows_recovery_codes(
    page, personas, settings
):
    settings.DEMO_MODE = False
    _link, token = services.set_up_link_issue(actor=personas["admin.national"], user=personas["sw.cardiff"])
    page.goto(f"/sign-in/set-up/{token}/")
    assert "then set up your authenticator app" in page.locator("main").inner_text()
    page.fill("#id_username", "sw.cardiff")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")

    assert page.locator("h1").inner_text() == "Set up your authenticator app"
    assert page.locator("svg").count() >= 1
    assert_accessible(page)
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")

    assert page.locator("h1").inner_text() == "Save your recovery codes"
    assert page.get_by_test_id("recovery-codes").locator("li").count() == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my codes").click()
    assert page.locator("h1").inner_text() == "Welcome, Ceri Morgan"
