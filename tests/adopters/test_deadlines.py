"""Statutory timescales of the adopter's journey, each with its source."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from nas.accounts.roles import Role
from nas.adopters import deadlines
from nas.adopters.journey import MilestoneKind as K
from nas.adopters.journey import Stage
from nas.adopters.selectors import worklist, worklist_for_person

pytestmark = pytest.mark.django_db


def test_registration_of_interest_decided_within_5_working_days():
    """NAS Wales practice: 5 working days (Good Friday and Easter Monday 2026 are not working days)."""
    deadline = deadlines.roi_decision({K.ROI_RECEIVED: date(2026, 4, 1)}, Stage.REGISTRATION_OF_INTEREST)
    assert deadline.due == date(2026, 4, 10)
    assert "5 working days" in deadline.source


def test_stage_1_within_2_months_adoption_agencies_wales_regulations_part_4_as_substituted_2020():
    """Adoption Agencies (Wales) Regulations 2005, Part 4 as substituted by SI 2020/163: Stage 1, 2 months."""
    deadline = deadlines.stage_one({K.ROI_ACCEPTED: date(2025, 12, 31)}, Stage.STAGE_ONE)
    assert deadline.due == date(2026, 2, 28)
    assert "SI 2020/163" in deadline.source
    assert deadline.is_overdue(date(2026, 3, 1))
    done = deadlines.stage_one(
        {K.ROI_ACCEPTED: date(2025, 12, 31), K.STAGE_ONE_COMPLETED: date(2026, 2, 20)}, Stage.BETWEEN_STAGES
    )
    assert not done.is_overdue(date(2026, 3, 1))


def test_break_between_stages_of_up_to_6_months():
    """Adoption Agencies (Wales) Regulations 2005, Part 4 as substituted by SI 2020/163: notice to go on
    to Stage 2 within 6 months."""
    deadline = deadlines.stage_two_notice({K.STAGE_ONE_COMPLETED: date(2026, 1, 15)}, Stage.BETWEEN_STAGES)
    assert deadline.due == date(2026, 7, 15)
    assert "Adoption Agencies (Wales) Regulations 2005, Part 4" in deadline.source
    assert "SI 2020/163" in deadline.source


def test_stage_2_decision_within_4_months_regulation_30b():
    """Adoption Agencies (Wales) Regulations 2005, reg. 30B(1) as substituted: 4 months from the notice."""
    deadline = deadlines.stage_two({K.STAGE_TWO_STARTED: date(2026, 1, 10)}, Stage.STAGE_TWO)
    assert deadline.due == date(2026, 5, 10)
    assert "reg. 30B(1)" in deadline.source
    approved = deadlines.stage_two(
        {K.STAGE_TWO_STARTED: date(2026, 1, 10), K.APPROVED: date(2026, 5, 1)}, Stage.APPROVED
    )
    assert approved.done == date(2026, 5, 1)


def test_decision_maker_decides_within_10_working_days_of_the_final_minutes_north_wales_practice(settings):
    """No period in the Welsh Regulations; North Wales works to 10 working days; configurable."""
    deadline = deadlines.adm_decision({K.PANEL_MINUTES_FINAL: date(2026, 12, 18)}, Stage.PANEL)
    # Christmas Day, Boxing Day (Saturday: substitute Monday 28th) and New Year's Day are not working days.
    assert deadline.due == date(2027, 1, 6)
    assert "North Wales" in deadline.source
    settings.ADM_DECISION_WORKING_DAYS = 7
    assert deadlines.adm_decision({K.PANEL_MINUTES_FINAL: date(2026, 3, 2)}, Stage.PANEL).due == date(
        2026, 3, 11
    )


def test_after_a_qualifying_determination_the_final_decision_waits_40_working_days():
    """Reg. 30B(5); the Independent Review of Determinations (Adoption and Fostering) (Wales)
    Regulations 2010."""
    deadline = deadlines.review_window(
        {K.QUALIFYING_DETERMINATION: date(2026, 3, 2)}, Stage.QUALIFYING_DETERMINATION
    )
    assert deadline.earliest and deadline.due == date(2026, 4, 29)
    assert not deadline.is_open(date(2026, 4, 28)) and deadline.is_open(date(2026, 4, 29))


def test_approved_adopters_referred_to_the_adoption_register_for_wales_within_1_month():
    """Adoption Agencies (Wales) Regulations 2005, Part 4 as substituted by SI 2020/163: referral within
    1 month from approval."""
    deadline = deadlines.register_referral({K.APPROVED: date(2026, 1, 31)}, Stage.APPROVED)
    assert deadline.due == date(2026, 2, 28)
    assert "Adoption Agencies (Wales) Regulations 2005, Part 4" in deadline.source
    assert "SI 2020/163" in deadline.source
    assert deadlines.register_referral(
        {K.APPROVED: date(2026, 1, 31), K.REFERRED_TO_REGISTER: date(2026, 2, 3)}, Stage.WAITING
    ).done == date(2026, 2, 3)


def test_approval_reviewed_at_least_yearly_while_no_child_is_placed_regulation_30d():
    """Adoption Agencies (Wales) Regulations 2005, reg. 30D as substituted by SI 2020/163: review of approval,
    at least yearly from approval or the last review while no child is placed."""
    deadline = deadlines.approval_review({K.APPROVED: date(2024, 2, 29)}, Stage.WAITING)
    assert deadline.code == "approval_review"
    assert deadline.due == date(2025, 2, 28)
    assert "reg. 30D" in deadline.source
    assert "Adoption Agencies (Wales) Regulations 2005" in deadline.source
    assert "reg. 30D" in deadlines.approval_review.__doc__
    assert deadline.is_overdue(date(2025, 3, 1)) and not deadline.is_overdue(date(2025, 2, 28))
    # The next review runs from the last one.
    reviewed = deadlines.approval_review(
        {K.APPROVED: date(2024, 2, 29), K.APPROVAL_REVIEW: date(2025, 2, 10)}, Stage.LINKED
    )
    assert reviewed.due == date(2026, 2, 10)
    # Not before approval, and not once a child is placed.
    assert deadlines.approval_review({K.APPROVED: date(2024, 2, 29)}, Stage.PLACED) is None
    assert deadlines.approval_review({K.STAGE_TWO_STARTED: date(2024, 1, 10)}, Stage.STAGE_TWO) is None


def test_no_timescales_once_the_household_has_withdrawn():
    assert deadlines.deadlines_for({K.ROI_ACCEPTED: date(2026, 1, 1)}, Stage.WITHDRAWN) == []


def test_a_household_whose_stage_1_runs_past_2_months_is_overdue_for_assessor_and_manager(
    make_household, advance, personas
):
    household = advance(make_household(assessor=personas["assessor.vvc"]), K.DBS_CHECK)
    accepted = household.milestones.get(kind=K.ROI_ACCEPTED).date  # 23 January 2025
    later = date(2025, 4, 1)
    assert later > accepted
    for persona in ("assessor.vvc", "manager.vvc"):
        overdue = [e for e in worklist_for_person(user=personas[persona], today=later) if e.overdue]
        assert [(e.household.pk, e.deadline.code) for e in overdue] == [(household.pk, "stage_one")], persona
    # Outsiders see nothing of it.
    assert list(worklist(user=personas["assessor.stdavids"], today=later)) == []
    assert list(worklist(user=personas["ff.north"], today=later)) == []


def test_an_assessor_sees_their_own_and_unallocated_households_a_manager_sees_all(
    make_household, advance, personas
):
    colleague = _staff("assessor2.vvc", "vale-valleys-cardiff", Role.ADOPTER_ASSESSOR)
    mine = advance(make_household(assessor=personas["assessor.vvc"]), K.ROI_ACCEPTED)
    nobody = advance(make_household(), K.ROI_ACCEPTED)
    theirs = advance(make_household(assessor=colleague), K.ROI_ACCEPTED)
    today = date(2025, 3, 10)
    assessor_ids = {e.household.pk for e in worklist_for_person(user=personas["assessor.vvc"], today=today)}
    assert assessor_ids == {mine.pk, nobody.pk}
    assert theirs.pk not in assessor_ids
    manager_ids = {e.household.pk for e in worklist_for_person(user=personas["manager.vvc"], today=today)}
    assert manager_ids == {mine.pk, nobody.pk, theirs.pk}


def _staff(username: str, organisation: str, role: str):
    from nas.accounts.services import staff_create
    from nas.organisations.models import Organisation

    return staff_create(
        actor=None,
        username=username,
        password="not-used-in-these-tests",
        organisation_id=Organisation.objects.get(code=organisation).pk,
        roles=[role],
        first_name="Another",
        last_name="Assessor",
    )


def test_a_voluntary_agencys_assessor_sees_an_overdue_household_allocated_to_a_colleague(
    make_household, advance, personas
):
    """A voluntary agency has no regional manager: each assessor sees all the agency's households."""
    colleague = _staff("assessor2.stdavids", "st-davids-childrens-society", Role.ADOPTER_ASSESSOR)
    household = advance(make_household("st-davids-childrens-society", assessor=colleague), K.ROI_ACCEPTED)
    overdue = [
        e
        for e in worklist_for_person(user=personas["assessor.stdavids"], today=date(2025, 4, 1))
        if e.overdue
    ]
    assert [(e.household.pk, e.deadline.code) for e in overdue] == [(household.pk, "stage_one")]


def test_the_home_page_shows_the_stage_1_deadline_to_the_regional_manager(
    make_household, advance, client_for
):
    household = advance(make_household(), K.ROI_ACCEPTED)
    page = client_for("manager.vvc").get("/").content.decode()
    assert "Adopters: statutory timescales due and overdue" in page
    assert household.reference in page and "Complete Stage 1" in page
    # Its Stage 1 (accepted 23 January 2025) is long overdue: the manager sees it marked so.
    item = re.search(rf"<li>[^\n]*{household.reference}[^\n]*</li>", page)
    assert item and "Complete Stage 1" in item.group() and "Overdue" in item.group()
    # Local authority staff have no such section.
    assert "Adopters: statutory timescales" not in client_for("sw.cardiff").get("/").content.decode()


def test_a_stage_1_decision_recorded_a_moment_ago_leaves_the_kept_worklist(make_household, advance, personas):
    household = advance(make_household(assessor=personas["assessor.vvc"]), K.DBS_CHECK)
    later = date(2025, 4, 1)
    manager = personas["manager.vvc"]
    assert (household.pk, "stage_one") in {
        (e.household.pk, e.deadline.code) for e in worklist(user=manager, today=later)
    }
    # The list is kept between requests, on a key the new milestones change.
    from nas.adopters import services
    from tests.adopters import helpers

    recorded = set(household.milestones.values_list("kind", flat=True))
    when = household.milestones.order_by("-date").first().date
    for kind, gap in helpers.TO_PAR:
        if kind in recorded:
            continue
        when += timedelta(days=gap)
        services.milestone_record(actor=personas["assessor.vvc"], household=household, kind=kind, when=when)
        if kind == K.STAGE_ONE_COMPLETED:
            break
    assert (household.pk, "stage_one") not in {
        (e.household.pk, e.deadline.code) for e in worklist(user=manager, today=later)
    }
