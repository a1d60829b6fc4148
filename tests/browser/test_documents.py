"""Issue 18: a social worker uploads the Child's Adoption Report and a second
version of it, the team manager downloads both, an outsider cannot; the
generated panel summary opens as a PDF; the search finds the child by a
name typed with a slip. Every page is checked with axe."""

from __future__ import annotations

from datetime import date

import pytest

from nas.accounts.personas import DEMO_PASSWORD
from nas.children import services
from nas.documents.models import Document
from nas.organisations.models import Organisation
from tests.browser.conftest import assert_accessible
from tests.browser.forms import fill_date
from tests.documents import files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, username):
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#main-content button[type=submit]")


def _sign_out(page):
    page.context.clear_cookies()


def _no_errors(page):
    assert page.locator(".govuk-error-summary").count() == 0, page.locator(
        ".govuk-error-summary"
    ).inner_text()


def test_a_worker_uploads_the_car_and_a_new_version_the_manager_downloads_both(page, personas, settings):
    settings.DEMO_MODE = True
    child = services.child_create(
        actor=personas["sw.cardiff"],
        local_authority_id=Organisation.objects.get(code="cardiff").pk,
        entered_care=date(2024, 1, 10),
        case_reference="BRW-18",
        first_names="Megan",
        last_name="Prydderch",
        date_of_birth=date(2021, 5, 1),
        sex="2",
        ethnicity="WBRI",
    )
    _sign_in(page, "sw.cardiff")
    page.goto(f"/children/{child.pk}/")
    page.click("[data-testid=documents-link] a")
    assert_accessible(page)
    page.click("text=Upload a document")
    page.select_option("#id_kind", "childs_adoption_report")
    fill_date(page, "#id_dated", "1/3/2024")
    page.fill("#id_description", "For the matching panel")
    page.set_input_files(
        "#id_file", {"name": "CAR Megan.pdf", "mimeType": "application/pdf", "buffer": files.pdf("First")}
    )
    assert_accessible(page)
    page.click("#main-content form button[type=submit]")
    _no_errors(page)
    assert "The document is uploaded." in page.content()
    assert_accessible(page)
    page.click("text=Upload a new version")
    page.wait_for_url("**/versions/new/")
    assert_accessible(page)
    page.set_input_files(
        "#id_file", {"name": "CAR Megan v2.pdf", "mimeType": "application/pdf", "buffer": files.pdf("Second")}
    )
    page.click("#main-content form button[type=submit]")
    _no_errors(page)
    assert page.locator("[data-testid=versions] tbody tr").count() == 2
    document = Document.objects.get()

    # A refused file says why, and the page stays accessible.
    page.click("text=Upload a new version")
    page.set_input_files(
        "#id_file", {"name": "report.pdf", "mimeType": "application/pdf", "buffer": files.exe()}
    )
    page.click("#main-content form button[type=submit]")
    assert "whatever its name says" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    # The team manager downloads both versions.
    _sign_out(page)
    _sign_in(page, "tm.cardiff")
    page.goto(f"/documents/{document.pk}/")
    assert_accessible(page)
    for number, text in ((2, "Second"), (1, "First")):
        with page.expect_download() as info:
            page.click(f"a[href='/documents/{document.pk}/versions/{number}/download/']")
        assert info.value.path().read_bytes() == files.pdf(text)
    # The generated child's summary for the matching panel opens as a PDF.
    summary = page.request.get(f"/documents/generated/child-summary/{child.pk}/?language=cy")
    assert summary.status == 200 and summary.headers["content-type"] == "application/pdf"
    assert summary.body().startswith(b"%PDF")
    # The search finds the child by a name typed with one slip.
    page.fill("#header-search-q", "Megan Prydderhc")
    page.press("#header-search-q", "Enter")
    assert "Megan Prydderch" in page.locator("[data-testid=results-children]").inner_text()
    assert_accessible(page)
    page.goto("/documents/life-story/")
    assert_accessible(page)

    # An outsider cannot.
    _sign_out(page)
    _sign_in(page, "sw.wrexham")
    response = page.goto(f"/documents/{document.pk}/versions/1/download/")
    assert response.status == 404
    assert page.goto(f"/documents/{document.pk}/").status == 404
