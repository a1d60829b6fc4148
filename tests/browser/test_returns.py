"""Issue: the SSDA903 return. A team manager opens the return from the menu,
chooses the year, completes a child's SSDA903 details and downloads the
tables; every page passes axe, in English and in Welsh."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from nas.accounts.personas import DEMO_PASSWORD
from nas.children import services as child_services
from nas.organisations.models import Organisation
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_manager_completes_a_child_and_downloads_the_return(page, personas, settings):
    settings.DEMO_MODE = True
    child = child_services.child_create(
        actor=personas["sw.cardiff"],
        local_authority_id=Organisation.objects.get(code="cardiff").pk,
        entered_care=date(2024, 6, 3),
        case_reference="CDF-903-1",
        first_names="Gwenllian",
        last_name="Hopkin",
        date_of_birth=date(2023, 1, 9),
        sex="2",
        ethnicity="WBRI",
    )
    page.goto("/sign-in/")
    page.fill("#id_username", "tm.cardiff")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#main-content button[type=submit]")

    page.get_by_role("link", name="SSDA903 return").first.click()
    page.select_option("#id_year", "2025")
    page.get_by_role("button", name="Show this year").click()
    assert page.locator("h1").inner_text() == "SSDA903 return"
    children = page.get_by_test_id("ssda903-children").inner_text()
    assert "CDF-903-1" in children and "category of need" in children
    assert "Gwenllian" not in page.content()  # the return names children by case reference only
    assert_accessible(page)

    page.get_by_role("link", name="CDF-903-1").click()
    page.click("#main-content button[type=submit]")  # nothing recorded yet is fine: blanks stay blank
    page.fill("#id_upn", "not a upn")
    page.select_option("#id_category_of_need", "N1")
    page.check("label:has-text('A single woman')")
    page.select_option("#id_adopters_legal_status", "L11")
    page.click("#main-content button[type=submit]")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter a UPN as a letter and 12 digits" in summary and "One adopter is a single person" in summary
    assert_accessible(page)
    page.fill("#id_upn", "UN1")
    page.select_option("#id_adopters_legal_status", "L0")
    page.select_option("#id_legal_status_on_entry", "C2")
    page.select_option("#id_foster_placement", "U6")
    page.select_option("#id_foster_placement_provider", "PR1")
    page.click("#main-content button[type=submit]")
    assert "The SSDA903 details are saved." in page.locator(".govuk-notification-banner").inner_text()

    page.get_by_role("link", name="Back to the SSDA903 return").click()
    page.select_option("#id_year", "2025")
    page.get_by_role("button", name="Show this year").click()
    assert "Complete" in page.get_by_test_id("ssda903-children").inner_text()
    # The worker makes the zip; its page offers the file when it is done.
    page.get_by_role("button", name="Prepare the four tables (zip)").click()
    assert page.locator("h1").inner_text() == "SSDA903 return (zip)"
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as archive:
        episodes = archive.read("Episodes.csv").decode()
    assert f"{child.case_reference},03/06/2024,S,C2,N1,U6,PR1," in episodes

    page.get_by_role("link", name="Cymraeg").click()
    assert page.locator("h1").inner_text() == "Ffurflen SSDA903 (zip)"
    assert_accessible(page)
