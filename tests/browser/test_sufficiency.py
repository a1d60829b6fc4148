"""Issue 21: sufficiency and regional governance. The regional manager adds
an action to the region's plan and records a month's progress; the Regional
Collaborative Board member comments on the annual review and approves it;
it then appears for the National Board. Every page is checked with axe."""

from __future__ import annotations

import pytest
from django.utils import timezone

from nas.accounts.personas import DEMO_PASSWORD, GOVERNANCE_PERSONAS
from nas.accounts.services import staff_create
from nas.organisations.models import Organisation
from nas.performance import periods
from nas.sufficiency import services
from tests.browser.conftest import assert_accessible
from tests.browser.forms import fill_date
from tests.sufficiency import dataset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.csp_errors = []
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#main-content button[type=submit]")
    return context, page


def test_the_plan_is_reported_monthly_and_the_review_goes_to_the_national_board(
    browser, live_server, personas, settings
):
    settings.DEMO_MODE = True
    dataset.build()
    board = next(p for p in GOVERNANCE_PERSONAS if p.username == "rcb.vvc")
    staff_create(
        actor=None,
        username=board.username,
        password=DEMO_PASSWORD,
        organisation_id=Organisation.objects.get(code=board.organisation).pk,
        roles=list(board.roles),
        first_name=board.first_name,
        last_name=board.last_name,
    )
    region = Organisation.objects.get(code="vale-valleys-cardiff")
    current = periods.year_of(timezone.localdate())
    last_year = periods.year_of(current.start.replace(year=current.start.year - 1)).code
    review = services.review_draft(actor=personas["manager.vvc"], region=region, year=last_year)

    # The regional manager adds an action and records this month's progress.
    context, page = _sign_in(browser, live_server, "manager.vvc")
    page.goto("/sufficiency/vale-valleys-cardiff/")
    assert_accessible(page)
    page.goto("/sufficiency/plans/vale-valleys-cardiff/")
    page.select_option("#id_measure", "NAS-R1")
    page.fill("#id_title", "Recruit families for sibling groups")
    page.fill("#id_owner", "Recruitment lead")
    fill_date(page, "#id_due_on", "31/3/2030")
    page.fill("#id_expected_effect", "Two more households a quarter able to take two children")
    page.click("text=Add the action")
    assert "The action is in the plan." in page.content()
    assert_accessible(page)
    page.click("text=Record this month's progress")
    assert_accessible(page)
    page.check("input[value=at_risk]")
    page.fill("#id_note", "Two information events held; fewer enquiries than hoped")
    page.click("text=Record the progress")
    assert "This month's progress is recorded." in page.content()
    assert "At risk" in page.content()
    context.close()

    # The Board member comments on the review and approves it.
    context, page = _sign_in(browser, live_server, "rcb.vvc")
    page.goto(f"/sufficiency/reviews/{review.pk}/")
    assert_accessible(page)
    page.fill("#id_text", "Agreed; watch the sibling-group gap.")
    page.click("text=Add your comment")
    page.click("text=Approve and send to the National Board")
    assert "sent to the National Board" in page.content()
    assert_accessible(page)
    context.close()

    # The National Board now reads it.
    context, page = _sign_in(browser, live_server, "board.national")
    page.goto("/sufficiency/reviews/")
    page.click("text=Vale, Valleys and Cardiff Adoption Collaborative")
    assert "Agreed; watch the sibling-group gap." in page.content()
    assert_accessible(page)
    context.close()
