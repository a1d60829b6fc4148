"""Issue 16: making a sibling group is a search step. A social worker with
many children on the authority's books searches by name, adds two brothers
one at a time (told apart from a namesake by reference and date of birth),
removes one added by mistake, and saves the group; pressing Enter in the
search box searches, never removes a child. Every page is checked with axe."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nas.accounts.personas import DEMO_PASSWORD
from nas.children import services
from nas.children.models import SiblingGroup
from nas.organisations.models import Organisation
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/forms-shots")


def _child(first: str, last: str, reference: str, born: date):
    cardiff = Organisation.objects.get(code="cardiff")
    return services.child_create(
        actor=None,
        local_authority_id=cardiff.pk,
        entered_care=date(2024, 1, 15),
        case_reference=reference,
        first_names=first,
        last_name=last,
        date_of_birth=born,
        sex="1",
        ethnicity="WBRI",
    )


def test_a_sibling_group_is_made_by_searching_and_adding_one_child_at_a_time(page, personas, settings):
    settings.DEMO_MODE = True
    SHOTS.mkdir(exist_ok=True)
    for n in range(30):
        _child(f"Child{n}", "Other", f"CDF-9{n:03d}", date(2018, 1, 1))
    dylan = _child("Dylan", "Hughes", "CDF-1001", date(2019, 3, 27))
    _child("Dylan", "Hughes", "CDF-2044", date(2012, 8, 2))  # a namesake, not a brother
    _child("Ianto", "Hughes", "CDF-1002", date(2021, 6, 1))

    page.goto("/sign-in/")
    page.fill("#id_username", "sw.cardiff")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#main-content button[type=submit]")
    page.goto("/children/")
    page.get_by_role("link", name="Make a sibling group").click()
    assert page.locator("input[type=checkbox]").count() == 0
    assert "No child is in the group yet" in page.get_by_test_id("sibling-count").inner_text()
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "sibling-group-empty.png"), full_page=True)

    page.fill("#id_name", "The Hughes brothers")
    page.fill("#id_children", "dylan hughes")
    page.press("#id_children", "Enter")  # Enter searches: the first button of the form is the search
    page.wait_for_load_state("load")
    assert page.get_by_test_id("sibling-found").inner_text() == "2 matches for “dylan hughes”"
    matches = page.get_by_test_id("sibling-matches").inner_text()
    assert "CDF-1001\t27 March 2019\tCardiff" in matches
    assert "CDF-2044\t2 August 2012\tCardiff" in matches
    assert page.locator("#id_name").input_value() == "The Hughes brothers"
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "sibling-group-matches.png"), full_page=True)

    # Namesakes are listed by name then in the order they were recorded: CDF-1001 first.
    page.locator("[data-testid=sibling-matches] tr", has_text="CDF-1001").get_by_role("button").click()
    page.wait_for_load_state("load")
    assert "CDF-1001" in page.get_by_test_id("sibling-chosen").inner_text()
    page.fill("#id_children", "hughes")
    page.click("button[name=search]:visible")
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Add Ianto Hughes").click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Add Dylan Hughes").click()  # the namesake, by mistake
    page.wait_for_load_state("load")
    assert "CDF-2044" in page.get_by_test_id("sibling-chosen").inner_text()
    page.locator("[data-testid=sibling-chosen] tr", has_text="CDF-2044").get_by_role("button").click()
    page.wait_for_load_state("load")
    chosen = page.get_by_test_id("sibling-chosen").inner_text()
    assert "CDF-1001" in chosen and "CDF-1002" in chosen and "CDF-2044" not in chosen
    assert page.get_by_test_id("sibling-count").inner_text() == "2 children in the group."
    assert page.locator("#id_name").input_value() == "The Hughes brothers"
    page.check("label:has-text('Yes, together')")
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "sibling-group-ready.png"), full_page=True)

    page.get_by_role("button", name="Save the sibling group").click()
    page.wait_for_load_state("load")
    assert "The sibling group is saved." in page.content()
    assert_accessible(page)
    group = SiblingGroup.objects.get()
    assert {c.case_reference for c in group.children.all()} == {"CDF-1001", "CDF-1002"}
    assert dylan.pk in {c.pk for c in group.children.all()}

    # In Welsh: the same step, its words and the count in Welsh.
    page.goto("/children/sibling-groups/new/")
    page.get_by_role("link", name="Cymraeg").click()
    page.wait_for_load_state("load")
    page.fill("#id_children", "other")
    page.press("#id_children", "Enter")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Creu grŵp o frodyr a chwiorydd"
    assert "Nid oes plentyn yn y grŵp eto" in page.get_by_test_id("sibling-count").inner_text()
    assert page.get_by_role("button", name="Ychwanegu Child0 Other").count() == 1
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "sibling-group-welsh.png"), full_page=True)
