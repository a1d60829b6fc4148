"""Every home page puts what waits for this person's own decision first, and
each role's home lists the work waiting for it."""

from __future__ import annotations

from datetime import date

import pytest

from nas.organisations.models import Organisation
from nas.performance import periods, services
from nas.performance.selectors import latest_complete_quarter
from tests.matching import helpers

pytestmark = pytest.mark.django_db


def test_the_decision_makers_should_be_placed_decisions_come_before_the_deadlines(
    personas, client_for, make_child, advance
):
    """Adoption Agencies (Wales) Regulations 2005, reg. 19: the 'should be placed' decision."""
    waiting = advance(make_child(), "childs_adoption_report")
    for _n in range(12):
        advance(make_child(), "authority_to_place")  # deadlines for the authority
    page = client_for("adm.cardiff").get("/").content.decode()
    decisions = page.index('data-testid="decisions"')
    assert (
        decisions
        < page.index('data-testid="section-should_be_placed"')
        < page.index('data-testid="section-child_deadlines"')
    )
    assert waiting.first_names in page and "should the child be placed for adoption?" in page
    assert "see the full list" in page  # only the first ten deadlines on the home page
    assert page.index("Waiting for your decision") < page.index('data-testid="organisation"')


def test_the_family_finders_home_lists_the_children_waiting_with_no_link(personas, client_for):
    profile = helpers.waiting_child(personas, "HOM00001", publish="region")
    page = client_for("ff.vvc").get("/").content.decode()
    assert 'data-testid="no-work"' not in page
    assert profile.reference in page and "no link yet" in page


def test_the_directors_home_lists_the_regions_with_no_return_for_the_quarter(personas, client_for):
    quarter = latest_complete_quarter()
    region = Organisation.objects.get(code="vale-valleys-cardiff")
    record = services.return_draft(actor=personas["manager.vvc"], region=region, quarter=quarter.code)
    for step in ("check", "sign_off", "submit"):
        services.return_step(actor=personas["manager.vvc"], record=record, step=step)
    page = client_for("director.national").get("/").content.decode()
    north = Organisation.objects.get(code="north-wales")
    assert f"{north.name}: no return submitted for {quarter.label}" in page
    assert f"{region.name}: no return submitted for {quarter.label}" not in page
    assert periods.parse(quarter.code) == quarter


def test_the_childs_record_says_what_the_case_waits_for_after_the_report(
    personas, client_for, make_child, advance
):
    child = advance(make_child(), "childs_adoption_report")
    page = client_for("sw.cardiff").get(f"/children/{child.pk}/").content.decode()
    assert "The agency decision maker&#x27;s decision that the child should be placed for adoption" in page


def test_the_households_record_says_it_goes_to_panel_after_the_report(personas, client_for):
    from nas.adopters import services as households
    from nas.adopters.journey import MilestoneKind
    from tests.adopters import helpers as adopter_helpers

    household = adopter_helpers.make_household(
        personas["assessor.vvc"], helpers.VVC, "Topanel", enquiry=date(2025, 1, 1)
    )
    households.approval_range_set(
        actor=personas["assessor.vvc"],
        household=household,
        expected_version=household.version,
        changes=helpers.RANGE,
    )
    household.refresh_from_db()
    adopter_helpers.advance(personas["assessor.vvc"], household, MilestoneKind.PAR_COMPLETED)
    page = client_for("assessor.vvc").get(f"/adopters/{household.pk}/").content.decode()
    assert "The adoption panel: the region&#x27;s panel adviser adds the household" in page
