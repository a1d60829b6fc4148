"""Issue: panel members were typed again for every meeting. The panel adviser
adds a person to the region's central list of panel members, then chooses the
meeting's members and its chair from the list by ticking them; the meeting is
quorate with the people chosen. Every page is checked with axe."""

from __future__ import annotations

import os
from datetime import date

import pytest
from django.utils import timezone

from nas.accounts.personas import DEMO_PASSWORD
from nas.panels import services
from nas.panels.models import CentralMember
from tests.browser.conftest import assert_accessible
from tests.browser.forms import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("PANEL_SHOTS", "/tmp/panel-shots")
ALREADY_LISTED = [
    ("Siân Social", "social_worker", False),
    ("Dr Medi Adviser", "medical_adviser", False),
    ("Iolo Independent", "independent", True),
    ("Nerys Independent", "independent", True),
    ("Alun Adviser", "agency_adviser", False),
]


def _shot(page, name: str) -> None:
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_the_panel_adviser_adds_a_member_to_the_central_list_and_chooses_them_for_a_meeting(
    personas, page, settings
):
    settings.DEMO_MODE = True
    adviser = personas["panel.vvc"]
    for name, role, independent in ALREADY_LISTED:
        services.central_member_add(
            actor=adviser, name=name, role=role, independent=independent, joined_on=date(2024, 1, 8)
        )
    gone = services.central_member_add(
        actor=adviser, name="Gareth Gone", role="independent", independent=True, joined_on=date(2024, 1, 8)
    )
    services.central_member_leave(actor=adviser, member=gone, left_on=date(2024, 12, 31), expected_version=1)
    today = timezone.localdate()

    page.goto("/sign-in/")
    page.fill("#id_username", "panel.vvc")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#main-content button[type=submit]")

    # The central list: who is on it, who has left (dated, still there).
    page.get_by_role("link", name="Panels").first.click()
    page.get_by_role("link", name="Central list of panel members").click()
    assert "Gareth Gone" in page.get_by_test_id("central-left").inner_text()
    assert "Gareth Gone" not in page.get_by_test_id("central-current").inner_text()
    assert_accessible(page)
    _shot(page, "1-central-list")

    # A new chair joins the list; a mistake first, then put right.
    page.get_by_role("link", name="Add a person to the central list").first.click()
    page.fill("#id_name", "Eleri Chair")
    page.check("#id_role_0")  # Chair (independent)
    page.check("#id_independent_1")  # not independent: refused, a chair must be
    fill_date(page, "#id_joined_on", today)
    page.click("#main-content button[type=submit]")
    assert "must be independent of the agency" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    _shot(page, "2-add-error")
    page.check("#id_independent_0")
    page.click("#main-content button[type=submit]")
    assert "Eleri Chair is on the central list." in page.locator(".govuk-notification-banner").inner_text()
    assert "Eleri Chair" in page.get_by_test_id("central-current").inner_text()
    assert CentralMember.objects.get(name="Eleri Chair").joined_on == today
    _shot(page, "3-added")

    # A meeting: its members ticked from the list, the new chair chosen to chair.
    page.get_by_role("link", name="Back to the panel meetings").click()
    page.get_by_role("link", name="Set up a panel meeting").click()
    fill_date(page, "#id_date", today)
    page.click("#main-content button[type=submit]")
    assert "Not quorate" in page.get_by_test_id("quorum").inner_text()
    page.get_by_role("link", name="Choose the members from the central list").click()
    members = page.locator("#main-content fieldset").first
    assert "Gareth Gone" not in members.inner_text()  # left before the meeting
    for name, _role, _independent in ALREADY_LISTED:
        members.get_by_label(name, exact=False).check()
    chair = page.locator("#main-content fieldset").nth(1)
    assert "Siân Social" not in chair.inner_text()  # only someone independent may chair
    chair.get_by_label("Eleri Chair", exact=False).check()
    assert_accessible(page)
    _shot(page, "4-choose-members")
    page.click("#main-content button[type=submit]")
    assert "The members are chosen." in page.locator(".govuk-notification-banner").inner_text()
    table = page.get_by_test_id("members").inner_text()
    assert "Eleri Chair" in table and "Chair (independent)" in table and "Siân Social" in table
    assert "Quorate" in page.get_by_test_id("quorum").inner_text()
    assert_accessible(page)
    _shot(page, "5-meeting")

    # The list counts the meeting each sat on.
    page.goto("/panels/central-list/")
    row = page.get_by_test_id("central-current").locator("tr", has_text="Eleri Chair")
    assert row.locator("td").nth(4).inner_text().strip() == "1"

    # The same pages in Welsh.
    page.goto("/language/cy/?next=/panels/central-list/")
    assert "Rhestr ganolog o aelodau'r panel" in page.locator("h1").inner_text()
    assert_accessible(page)
    _shot(page, "6-central-list-cy")
