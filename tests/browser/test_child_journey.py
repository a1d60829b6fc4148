"""Issue: the child's journey. A browser takes a child from entering care to
the adoption order through the pages, checks the timeline, and finds the
record restricted afterwards."""

from __future__ import annotations

import pytest

from nas.accounts.personas import DEMO_PASSWORD
from nas.children.models import Child
from tests.browser.conftest import assert_accessible
from tests.browser.forms import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEPS = [
    # (who records it, link text on the child's page, date, extra field)
    ("sw", "Adoption agreed as the permanence plan", "05/02/2024", None),
    ("sw", "Child's Adoption Report (CAR) completed", "12/02/2024", None),
    ("adm", "Agency decision maker decided the child should be placed for adoption", "19/02/2024", None),
    ("sw", "Authority to place: placement order or consent", "26/02/2024", ("#id_basis", "placement_order")),
    ("sw", "Referred to the region for family finding", "27/02/2024", None),
    ("sw", "Referred to the national register", "28/02/2024", None),
    ("sw", "Linked with a family", "04/03/2024", None),
    ("sw", "Matching panel recommendation", "11/03/2024", None),
    ("adm", "Agency decision maker's match decision", "18/03/2024", None),
    ("sw", "Introductions began", "25/03/2024", None),
    ("sw", "Placed with adopters", "01/04/2024", None),
    ("sw", "Adoption order made", "15/07/2024", None),
]


def _signed_in(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.csp_errors = []
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#main-content button[type=submit]")
    return page


def test_a_child_goes_from_entering_care_to_adoption_order_through_the_pages(
    browser, live_server, personas, settings
):
    settings.DEMO_MODE = True
    sw = _signed_in(browser, live_server, "sw.cardiff")
    adm = _signed_in(browser, live_server, "adm.cardiff")

    sw.get_by_role("link", name="Children").first.click()
    assert sw.locator("h1").inner_text() == "Children"
    assert_accessible(sw)
    sw.get_by_role("link", name="Add a child").click()
    sw.click("#main-content button[type=submit]")
    assert "Enter the case reference from your case system" in sw.locator(".govuk-error-summary").inner_text()
    assert_accessible(sw)
    sw.fill("#id_case_reference", "CDF-BROWSER-1")
    sw.fill("#id_first_names", "Alys")
    sw.fill("#id_last_name", "Brown")
    fill_date(sw, "#id_date_of_birth", "10/01/2022")
    fill_date(sw, "#id_entered_care", "15/01/2024")
    sw.check("label:has-text('Female')")
    sw.select_option("#id_ethnicity", "WBRI")
    sw.click("#main-content button[type=submit]")
    assert sw.locator("h1").inner_text() == "Alys Brown"
    child_url = sw.url
    assert_accessible(sw)

    for who, link, when, extra in STEPS:
        page = adm if who == "adm" else sw
        page.goto(child_url)
        page.get_by_test_id("next-steps").get_by_role("link", name=link, exact=True).click()
        fill_date(page, "#id_date", when)
        if extra:
            page.select_option(extra[0], extra[1])
        if link == "Placed with adopters":
            # Where the adopters live: the performance framework counts placements by area.
            page.check('label:has-text("In the child\'s own region")')
            assert_accessible(page)
        page.click("#main-content button[type=submit]")
        if link == "Adoption order made":
            # The order restricts the record at once: a confirmation page first.
            assert "restricts the child's record" in page.get_by_test_id("confirm-warning").inner_text()
            assert_accessible(page)
            page.click("#main-content button[type=submit]")
        assert page.locator(".govuk-notification-banner").count(), (
            f"{link} was not recorded: {page.content()[:500]}"
        )
        if link == "Placed with adopters":
            assert "Adopters may apply for the adoption order" in page.content()
            timeline = page.get_by_test_id("timeline").inner_text()
            positions = [timeline.index(label) for label in ["Entered care", *[s[1] for s in STEPS[:-1]]]]
            assert positions == sorted(positions), timeline

    # After the adoption order the social worker finds the record restricted.
    sw.goto(child_url)
    assert sw.locator("h1").inner_text() == "This record is restricted"
    assert "Alys" not in sw.content()
    assert_accessible(sw)

    # A team manager may open it, giving a reason, and sees the whole timeline.
    tm = _signed_in(browser, live_server, "tm.cardiff")
    tm.goto(child_url)
    tm.fill("#id_reason", "Complaint review requested by the adopters")
    tm.click("#main-content button[type=submit]")
    assert tm.get_by_test_id("stage").inner_text() == "Adopted"
    assert "restricted since the adoption order" in tm.get_by_test_id("restricted").inner_text()
    timeline = tm.get_by_test_id("timeline").inner_text()
    assert "15 July 2024: Adoption order made" in timeline
    assert "15 January 2024: Entered care" in timeline
    child = Child.objects.get(case_reference="CDF-BROWSER-1")
    assert child.is_restricted and child.post_adoption_record.adoption_order_date.isoformat() == "2024-07-15"
