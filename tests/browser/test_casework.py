"""Issue 17: a social worker records a visit on a child (seen alone); the team
manager sees it in the chronology, records management oversight and
reallocates the case; the new worker has it in "My cases" and the old one no
longer does. Every page is checked with axe."""

from __future__ import annotations

import os
from datetime import date

import pytest

from nas.accounts.personas import DEMO_PASSWORD
from nas.accounts.services import staff_create
from nas.casework import services as casework
from nas.casework.models import CaseNote
from nas.children import services
from nas.organisations.models import Organisation
from tests.browser.conftest import assert_accessible
from tests.browser.forms import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CASEWORK_SHOTS", "")


def _sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#main-content button[type=submit]")


def _sign_in_as(page, user, live_server):
    """A worker who is not a demonstration persona: a session made on the server (both factors passed)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _check(page, name):
    assert page.locator(".govuk-error-summary").count() == 0, page.locator(
        ".govuk-error-summary"
    ).inner_text()
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_visit_is_recorded_overseen_and_the_case_reallocated(page, personas, settings, live_server):
    settings.DEMO_MODE = True
    cardiff = Organisation.objects.get(code="cardiff")
    child = services.child_create(
        actor=personas["sw.cardiff"],
        local_authority_id=cardiff.pk,
        entered_care=date(2024, 1, 10),
        case_reference="BRW-17",
        first_names="Megan",
        last_name="Prydderch",
        date_of_birth=date(2021, 5, 1),
        sex="2",
        ethnicity="WBRI",
    )
    new_worker = staff_create(
        actor=None,
        username="sw2.cardiff",
        password=DEMO_PASSWORD,
        organisation_id=cardiff.pk,
        roles=["social_worker"],
        first_name="Bethan",
        last_name="Ifans",
    )
    casework.allocation_set(
        actor=personas["tm.cardiff"],
        record_type="children.child",
        record=child,
        worker=personas["sw.cardiff"],
    )

    # The social worker records a home visit: the child was seen, and seen alone.
    _sign_in(page, "sw.cardiff")
    page.goto("/casework/my-cases/")
    _check(page, "1-my-cases")
    page.click("[data-testid=my-cases] a:has-text('Megan')")
    page.click("[data-testid=casework-links] a:has-text('Case notes')")
    page.click("text=Add a note")
    page.select_option("#id_kind", "home_visit")
    fill_date(page, "#id_contact_on", "20/11/2026")
    page.fill("#id_participants", "Foster carer")
    page.fill("#id_text", "Megan showed me her new school bag.")
    page.check("#id_child_seen_0")
    page.check("#id_seen_alone_0")
    _check(page, "2-note-form")
    page.click("#main-content form button[type=submit]")
    _check(page, "3-note")
    assert CaseNote.objects.get().seen_alone is True

    # The manager sees it in the chronology, records oversight and reallocates.
    _sign_in(page, "tm.cardiff")
    page.goto(f"/children/{child.pk}/")
    page.click("[data-testid=casework-links] a:has-text('Chronology')")
    chronology = page.locator("[data-testid=chronology]").inner_text()
    assert "new school bag" in chronology and "Child seen alone." in chronology
    _check(page, "4-chronology")
    page.goto("/casework/caseload/")
    _check(page, "5-caseload")
    page.goto(f"/casework/of/children.child/{child.pk}/notes/new/?kind=management_oversight")
    page.fill("#id_text", "Plan on track; review in a month.")
    page.click("#main-content form button[type=submit]")
    _check(page, "6-oversight")
    page.goto(f"/children/{child.pk}/")
    page.click("[data-testid=casework-links] a:has-text('Allocate or reallocate')")
    page.select_option("#id_worker", str(new_worker.pk))
    page.fill("#id_reason", "Caseload balance")
    page.click("#main-content form button[type=submit]")
    _check(page, "7-allocation")
    assert "Bethan Ifans" in page.locator("[data-testid=current-allocation]").inner_text()

    # The new worker has the case; the old one no longer does.
    _sign_in_as(page, new_worker, live_server)
    page.goto("/casework/my-cases/")
    assert "Megan" in page.locator("[data-testid=my-cases]").inner_text()
    _sign_in(page, "sw.cardiff")
    page.goto("/casework/my-cases/")
    assert "Megan" not in page.locator("[data-testid=my-cases]").inner_text()
    _check(page, "8-old-worker")
