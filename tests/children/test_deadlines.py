"""Deadlines computed from milestones, each with its official source."""

from __future__ import annotations

from datetime import date

import pytest

from nas.children.deadlines import (
    adoption_order_application,
    deadlines_for,
    matched_within_six_months,
    referral_to_region,
    referral_to_register,
)
from nas.children.journey import MilestoneKind, Stage
from nas.children.selectors import worklist

pytestmark = pytest.mark.django_db


def test_adoption_order_application_after_10_weeks_aca_2002_s42():
    """Adoption and Children Act 2002, s.42(2)(a): 10 weeks' home with the applicants."""
    deadline = adoption_order_application({MilestoneKind.PLACED: date(2026, 1, 5)}, Stage.PLACED)
    assert deadline.due == date(2026, 3, 16)
    assert deadline.earliest
    assert "s.42(2)(a)" in deadline.source
    assert deadline.is_open(date(2026, 3, 16)) and not deadline.is_open(date(2026, 3, 15))


def test_referral_to_the_national_register_within_one_month_of_authority_to_place():
    """Adoption Agencies (Wales) Regulations 2005, reg. 19A: within one month of authority to place."""
    deadline = referral_to_register(
        {MilestoneKind.AUTHORITY_TO_PLACE: date(2026, 1, 31)}, Stage.AUTHORITY_TO_PLACE
    )
    assert deadline.due == date(2026, 2, 28)
    assert "reg. 19A" in deadline.source
    assert deadline.is_overdue(date(2026, 3, 1))
    done = referral_to_register(
        {
            MilestoneKind.AUTHORITY_TO_PLACE: date(2026, 1, 31),
            MilestoneKind.REFERRED_TO_REGISTER: date(2026, 2, 10),
        },
        Stage.AUTHORITY_TO_PLACE,
    )
    assert not done.is_overdue(date(2026, 3, 1))
    assert done.outcome == ""


def test_a_child_linked_before_any_referral_to_the_register_needs_none_and_is_not_shown_as_referred():
    """Adoption Agencies (Wales) Regulations 2005, reg. 19A: no referral once the child is linked;
    the page says "Not needed", never "Done", for a child never referred."""
    linked = referral_to_register(
        {MilestoneKind.AUTHORITY_TO_PLACE: date(2026, 1, 31), MilestoneKind.LINKED: date(2026, 2, 5)},
        Stage.LINKED,
    )
    assert linked.done == date(2026, 2, 5) and not linked.is_overdue(date(2026, 3, 1))
    assert str(linked.outcome) == "Not needed: linked with a family"


def test_referral_to_the_region_within_one_month_of_authority_to_place_nas_performance_framework():
    """NAS Wales performance framework: referral to the regional collaborative within one month of
    authority to place (family finding is regional under the Joint Adoption Arrangements Directions 2015)."""
    deadline = referral_to_region(
        {MilestoneKind.AUTHORITY_TO_PLACE: date(2026, 1, 31)}, Stage.AUTHORITY_TO_PLACE
    )
    assert deadline.code == "region_referral"
    assert deadline.due == date(2026, 2, 28)
    assert not deadline.earliest
    # The source names what the rule's docstring cites: the service's performance framework, 1 month.
    assert "NAS Wales performance framework" in deadline.source
    assert "1 month of authority to place" in deadline.source
    assert "National Adoption Service for Wales performance framework" in referral_to_region.__doc__
    assert deadline.is_overdue(date(2026, 3, 1)) and not deadline.is_overdue(date(2026, 2, 28))
    done = referral_to_region(
        {
            MilestoneKind.AUTHORITY_TO_PLACE: date(2026, 1, 31),
            MilestoneKind.REFERRED_TO_REGION: date(2026, 2, 20),
        },
        Stage.AUTHORITY_TO_PLACE,
    )
    assert done.done == date(2026, 2, 20)
    assert not done.is_overdue(date(2026, 3, 1))
    assert (
        referral_to_region({MilestoneKind.SHOULD_BE_PLACED: date(2026, 1, 10)}, Stage.SHOULD_BE_PLACED)
        is None
    )


def test_matched_within_six_months_of_the_should_be_placed_decision():
    """NAS Wales performance framework: children waiting more than 6 months from the 'should be placed'
    decision to a match."""
    deadline = matched_within_six_months(
        {MilestoneKind.SHOULD_BE_PLACED: date(2026, 1, 10)}, Stage.SHOULD_BE_PLACED
    )
    assert deadline.due == date(2026, 7, 10)
    assert "NAS Wales performance framework" in deadline.source
    assert "over 6 months" in deadline.source
    assert "National Adoption Service for Wales performance framework" in matched_within_six_months.__doc__


def test_no_deadlines_once_the_plan_has_changed():
    assert deadlines_for({MilestoneKind.SHOULD_BE_PLACED: date(2026, 1, 10)}, Stage.PLAN_CHANGED) == []


def test_an_overdue_referral_is_on_the_team_worklist(make_child, advance, personas):
    child = advance(make_child(), MilestoneKind.AUTHORITY_TO_PLACE)  # authority to place 22 Feb 2024
    entries = worklist(user=personas["tm.cardiff"], today=date(2024, 4, 1))
    overdue = {(e.child.pk, e.deadline.code) for e in entries if e.overdue}
    assert (child.pk, "register_referral") in overdue
    assert (child.pk, "region_referral") in overdue
    # The outsider's authority sees nothing of Cardiff's.
    assert list(worklist(user=personas["sw.wrexham"], today=date(2024, 4, 1))) == []


def test_the_home_page_shows_overdue_work_to_the_team_manager(make_child, advance, client_for):
    child = advance(make_child(), MilestoneKind.AUTHORITY_TO_PLACE)
    page = client_for("tm.cardiff").get("/").content.decode()
    assert "Children: deadlines due and overdue" in page
    assert str(child) in page and "Overdue" in page


def test_no_deadline_falls_due_before_the_should_be_placed_decision():
    """Worklists skip children at the stages in STAGES_WITHOUT_DEADLINES (most
    children looked after): no rule gives them a deadline."""
    from nas.children.deadlines import STAGES_WITHOUT_DEADLINES

    dates = {
        MilestoneKind.ENTERED_CARE: date(2024, 1, 1),
        MilestoneKind.PERMANENCE_PLAN: date(2024, 3, 1),
        MilestoneKind.CHILDS_ADOPTION_REPORT: date(2024, 4, 1),
    }
    for stage in STAGES_WITHOUT_DEADLINES:
        assert deadlines_for(dates, stage) == []


def test_a_referral_recorded_a_moment_ago_leaves_the_kept_worklist(make_child, advance, personas):
    from nas.children import services

    child = advance(make_child(), MilestoneKind.AUTHORITY_TO_PLACE)
    team = personas["tm.cardiff"]
    assert (child.pk, "region_referral") in {
        (e.child.pk, e.deadline.code) for e in worklist(user=team, today=date(2024, 4, 1))
    }
    services.milestone_record(
        actor=personas["sw.cardiff"], child=child, kind="referred_to_region", when=date(2024, 3, 1)
    )
    # The list is kept between requests, on a key the new milestone changes.
    assert (child.pk, "region_referral") not in {
        (e.child.pk, e.deadline.code) for e in worklist(user=team, today=date(2024, 4, 1))
    }
