"""Adoption panels: quorum, recommendations, final minutes, and the agency
decision maker's decision with its deadline, recorded on the household."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nas.adopters.journey import MilestoneKind, Stage
from nas.adopters.models import Household
from nas.panels import services
from nas.panels.models import Decision
from nas.panels.selectors import awaiting_decision
from tests.adopters import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(personas):
    """A Vale, Valleys and Cardiff household whose report is complete."""

    def make(surname: str = "Panelsurname") -> Household:
        assessor = personas["assessor.vvc"]
        return helpers.advance(
            assessor, helpers.make_household(assessor, "vale-valleys-cardiff", surname), "par_completed"
        )

    return make


def test_a_meeting_without_a_quorum_cannot_recommend(personas, ready):
    """Adoption Agencies (Wales) Regulations 2005, reg. 6 (as substituted in 2014): quorum."""
    adviser = personas["panel.vvc"]
    meeting = services.meeting_create(
        actor=adviser, organisation_id=adviser.organisation_id, when=date(2025, 6, 2)
    )
    services.member_add(actor=adviser, meeting=meeting, name="Chair", role="chair", independent=True)
    item = services.item_add(
        actor=adviser,
        meeting=meeting,
        kind="adopter_approval",
        subject_type="adopters.household",
        subject_id=ready().pk,
    )
    check = services.quorum(meeting)
    assert not check.quorate and any("social worker" in str(p) for p in check.problems)
    with pytest.raises(ValidationError) as error:
        services.recommendation_record(actor=adviser, item=item, recommendation="recommended", reasons="Good")
    assert "not quorate" in str(error.value)


def test_the_chair_must_be_independent(personas):
    adviser = personas["panel.vvc"]
    meeting = services.meeting_create(
        actor=adviser, organisation_id=adviser.organisation_id, when=date(2025, 6, 2)
    )
    with pytest.raises(ValidationError):
        services.member_add(
            actor=adviser, meeting=meeting, name="Staff Chair", role="chair", independent=False
        )


def test_only_a_household_in_stage_2_with_its_report_comes_to_panel_for_approval(personas, make_household):
    adviser = personas["panel.vvc"]
    meeting = helpers.quorate_meeting(adviser, date(2025, 6, 2))
    early = make_household()
    with pytest.raises(ValidationError) as error:
        services.item_add(
            actor=adviser,
            meeting=meeting,
            kind="adopter_approval",
            subject_type="adopters.household",
            subject_id=early.pk,
        )
    assert "Stage 2" in str(error.value)


def test_another_organisations_household_cannot_be_put_on_the_agenda(personas, make_household):
    from django.http import Http404

    adviser = personas["panel.vvc"]
    meeting = helpers.quorate_meeting(adviser, date(2025, 6, 2))
    theirs = make_household("st-davids-childrens-society")
    with pytest.raises(Http404):
        services.item_add(
            actor=adviser,
            meeting=meeting,
            kind="adopter_approval",
            subject_type="adopters.household",
            subject_id=theirs.pk,
        )


def test_panel_to_approval_records_the_journey_and_who_decided_what_and_when(personas, ready):
    adviser, adm = personas["panel.vvc"], personas["adm.vvc"]
    household = ready()
    meeting = helpers.quorate_meeting(adviser, date(2025, 6, 2))
    item = helpers.to_panel(adviser, meeting, household)
    household.refresh_from_db()
    assert household.stage == Stage.PANEL
    with pytest.raises(ValidationError):  # the minutes are not final: the decision maker has no papers yet
        services.decision_record(
            actor=adm,
            subject_type="adopters.household",
            subject_id=household.pk,
            outcome="approved",
            reasons="Agree",
            decided_on=date(2025, 6, 5),
            agenda_item=item,
        )
    services.minutes_finalise(
        actor=adviser, meeting=meeting, minutes="Quorate; one approval.", final_on=date(2025, 6, 4)
    )
    item.refresh_from_db()
    assert services.decision_due(item) == date(2025, 6, 18)
    assert [a.item.pk for a in awaiting_decision(user=adm, today=date(2025, 6, 5))] == [item.pk]
    with pytest.raises(PermissionDenied):  # only the decision maker decides
        services.decision_record(
            actor=personas["manager.vvc"],
            subject_type="adopters.household",
            subject_id=household.pk,
            outcome="approved",
            reasons="Agree",
            decided_on=date(2025, 6, 5),
            agenda_item=item,
        )
    with pytest.raises(ValidationError):  # not approving is final only after a qualifying determination
        services.decision_record(
            actor=adm,
            subject_type="adopters.household",
            subject_id=household.pk,
            outcome="not_approved",
            reasons="No",
            decided_on=date(2025, 6, 5),
            agenda_item=item,
        )
    decision = services.decision_record(
        actor=adm,
        subject_type="adopters.household",
        subject_id=household.pk,
        outcome="approved",
        reasons="I agree with the panel.",
        decided_on=date(2025, 6, 9),
        agenda_item=item,
    )
    household.refresh_from_db()
    assert household.stage == Stage.APPROVED
    assert decision.decided_by == adm and decision.decided_on == date(2025, 6, 9)
    kinds = list(household.milestones.order_by("sequence").values_list("kind", "date"))
    assert kinds[-3:] == [
        (MilestoneKind.PANEL_RECOMMENDATION, date(2025, 6, 2)),
        (MilestoneKind.PANEL_MINUTES_FINAL, date(2025, 6, 4)),
        (MilestoneKind.APPROVED, date(2025, 6, 9)),
    ]
    assert awaiting_decision(user=adm, today=date(2025, 6, 10)) == []


def test_a_qualifying_determination_then_a_final_decision_without_an_agenda_item(personas, ready):
    adviser, adm = personas["panel.vvc"], personas["adm.vvc"]
    household = ready()
    meeting = helpers.quorate_meeting(adviser, date(2025, 6, 2))
    item = helpers.to_panel(adviser, meeting, household, recommendation="not_recommended")
    services.minutes_finalise(actor=adviser, meeting=meeting, minutes="Minutes", final_on=date(2025, 6, 4))
    services.decision_record(
        actor=adm,
        subject_type="adopters.household",
        subject_id=household.pk,
        outcome="minded_not_to_approve",
        reasons="Concerns",
        decided_on=date(2025, 6, 9),
        agenda_item=item,
    )
    household.refresh_from_db()
    assert household.stage == Stage.QUALIFYING_DETERMINATION
    services.decision_record(
        actor=adm,
        subject_type="adopters.household",
        subject_id=household.pk,
        outcome="not_approved",
        reasons="After the independent review panel's recommendation.",
        decided_on=date(2025, 9, 1),
    )
    household.refresh_from_db()
    assert household.stage == Stage.NOT_APPROVED
    assert Decision.objects.filter(subject_id=household.pk).count() == 2


def test_the_meeting_list_and_page_make_a_fixed_number_of_queries(personas, ready, client_for):
    adviser = personas["panel.vvc"]
    client = client_for("panel.vvc")
    meeting = helpers.quorate_meeting(adviser, date(2025, 6, 2))
    helpers.to_panel(adviser, meeting, ready("First"))
    with CaptureQueriesContext(connection) as few:
        assert client.get("/panels/").status_code == 200
        assert client.get(f"/panels/{meeting.pk}/").status_code == 200
    for n in range(4):
        helpers.to_panel(adviser, meeting, ready(f"More{n}"))
        helpers.quorate_meeting(adviser, date(2025, 7, 1 + n))
    with CaptureQueriesContext(connection) as many:
        client.get("/panels/")
        client.get(f"/panels/{meeting.pk}/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_deferred_item_records_no_recommendation_waits_for_no_decision_and_comes_back_to_a_later_meeting(
    personas, ready, client_for
):
    """A deferral is not a recommendation (Adoption Agencies (Wales) Regulations 2005, reg. 30B:
    the decision maker decides on the panel's recommendation, and there is none yet)."""
    adviser, adm = personas["panel.vvc"], personas["adm.vvc"]
    household = ready()
    first = helpers.quorate_meeting(adviser, date(2025, 6, 2))
    deferred = helpers.to_panel(adviser, first, household, recommendation="deferred")
    services.minutes_finalise(actor=adviser, meeting=first, minutes="Deferred.", final_on=date(2025, 6, 4))
    household.refresh_from_db()
    assert household.stage == Stage.STAGE_TWO
    assert not household.milestones.filter(
        kind__in=[MilestoneKind.PANEL_RECOMMENDATION, MilestoneKind.PANEL_MINUTES_FINAL]
    ).exists()
    deferred.refresh_from_db()
    assert services.decision_due(deferred) is None
    assert awaiting_decision(user=adm, today=date(2025, 6, 5)) == []
    assert client_for("adm.vvc").get(f"/panels/{first.pk}/items/{deferred.pk}/decision/").status_code == 404
    with pytest.raises(ValidationError, match="deferred"):
        services.decision_record(
            actor=adm,
            subject_type="adopters.household",
            subject_id=household.pk,
            outcome="approved",
            reasons="Agree",
            decided_on=date(2025, 6, 5),
            agenda_item=deferred,
        )
    # The household goes back on the agenda of a later meeting, and that recommendation counts.
    second = helpers.quorate_meeting(adviser, date(2025, 7, 7))
    item = helpers.to_panel(adviser, second, household)
    services.minutes_finalise(
        actor=adviser, meeting=second, minutes="Recommended.", final_on=date(2025, 7, 8)
    )
    household.refresh_from_db()
    assert household.stage == Stage.PANEL
    assert [a.item.pk for a in awaiting_decision(user=adm, today=date(2025, 7, 9))] == [item.pk]
    # The deferred item offers no decision even now that the household waits for one.
    assert client_for("adm.vvc").get(f"/panels/{first.pk}/items/{deferred.pk}/decision/").status_code == 404


def test_membership_and_attendance_are_fixed_once_the_panel_has_recommended(personas, ready, client_for):
    adviser = personas["panel.vvc"]
    meeting = helpers.quorate_meeting(adviser, date(2025, 6, 2))
    helpers.to_panel(adviser, meeting, ready())
    meeting.refresh_from_db()
    member = meeting.members.get(role="chair")
    with pytest.raises(ValidationError, match="can no longer change"):
        services.member_add(actor=adviser, meeting=meeting, name="Late", role="independent", independent=True)
    with pytest.raises(ValidationError, match="can no longer change"):
        services.member_set_present(actor=adviser, member=member, present=False)
    client = client_for("panel.vvc")
    response = client.post(
        f"/panels/{meeting.pk}/members/{member.pk}/attendance/", {"present": "no", "version": meeting.version}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.present
    page = client.get(f"/panels/{meeting.pk}/").content.decode()
    assert "Mark absent" not in page and "membership and attendance are fixed" in page


def test_a_panel_write_from_a_stale_page_is_refused(personas, ready, client_for):
    from nas.core.records import StaleRecordError

    adviser = personas["panel.vvc"]
    meeting = helpers.quorate_meeting(adviser, date(2025, 6, 2))
    opened_at = meeting.version
    services.member_add(actor=adviser, meeting=meeting, name="Another", role="independent", independent=True)
    with pytest.raises(StaleRecordError):
        services.member_add(
            actor=adviser,
            meeting=meeting,
            name="Clash",
            role="independent",
            independent=True,
            expected_version=opened_at,
        )
    listed = services.central_member_add(
        actor=adviser, name="Clash", role="independent", independent=True, joined_on=date(2025, 1, 6)
    )
    page = client_for("panel.vvc").post(
        f"/panels/{meeting.pk}/members/new/", {"members": [str(listed.pk)], "version": opened_at}
    )
    assert page.status_code == 200 and "Someone else changed this record" in page.content.decode()
    api = client_for("panel.vvc").post(
        f"/api/v1/panels/{meeting.pk}/items",
        data={
            "kind": "adopter_approval",
            "subject_type": "adopters.household",
            "subject_id": ready().pk,
            "version": opened_at,
        },
        content_type="application/json",
    )
    assert api.status_code == 409
    assert not meeting.members.filter(name="Clash").exists() and not meeting.items.exists()


def test_the_decision_page_reading_the_household_is_audited(personas, ready, client_for):
    from nas.audit.models import AuditEvent

    adviser = personas["panel.vvc"]
    household = ready()
    meeting = helpers.quorate_meeting(adviser, date(2025, 6, 2))
    item = helpers.to_panel(adviser, meeting, household)
    services.minutes_finalise(actor=adviser, meeting=meeting, minutes="Minutes", final_on=date(2025, 6, 4))
    assert client_for("adm.vvc").get(f"/panels/{meeting.pk}/items/{item.pk}/decision/").status_code == 200
    assert AuditEvent.objects.filter(
        record_type="adopters.household", record_id=str(household.pk), action="view", actor_username="adm.vvc"
    ).exists()


def _minded_not_to_approve(personas, household):
    adviser, adm = personas["panel.vvc"], personas["adm.vvc"]
    meeting = helpers.quorate_meeting(adviser, date(2025, 6, 2))
    item = helpers.to_panel(adviser, meeting, household, recommendation="not_recommended")
    services.minutes_finalise(actor=adviser, meeting=meeting, minutes="Minutes", final_on=date(2025, 6, 4))
    services.decision_record(
        actor=adm,
        subject_type="adopters.household",
        subject_id=household.pk,
        outcome="minded_not_to_approve",
        reasons="Concerns",
        decided_on=date(2025, 6, 9),
        agenda_item=item,
    )
    household.refresh_from_db()
    return household


def _final(adm, household, outcome, when):
    return services.decision_record(
        actor=adm,
        subject_type="adopters.household",
        subject_id=household.pk,
        outcome=outcome,
        reasons="Final decision",
        decided_on=when,
    )


def test_the_final_decision_waits_40_working_days_for_representations_or_a_review_regulation_30b(
    personas, ready
):
    """Adoption Agencies (Wales) Regulations 2005, reg. 30B as substituted by SI 2020/163; Independent
    Review of Determinations (Adoption and Fostering) (Wales) Regulations 2010: 40 working days from the
    qualifying determination of 9 June 2025 run to 4 August 2025."""
    adm = personas["adm.vvc"]
    household = _minded_not_to_approve(personas, ready())
    with pytest.raises(ValidationError, match="4 August 2025"):
        _final(adm, household, "not_approved", date(2025, 6, 10))
    with pytest.raises(ValidationError, match="4 August 2025"):
        _final(adm, household, "not_approved", date(2025, 8, 1))
    _final(adm, household, "not_approved", date(2025, 8, 4))
    household.refresh_from_db()
    assert household.stage == Stage.NOT_APPROVED


def test_with_representations_recorded_the_final_decision_need_not_wait_for_the_window(personas, ready):
    from nas.adopters import services as adopter_services

    adm = personas["adm.vvc"]
    household = _minded_not_to_approve(personas, ready())
    adopter_services.milestone_record(
        actor=personas["assessor.vvc"],
        household=household,
        kind=MilestoneKind.REVIEW_REQUESTED,
        when=date(2025, 6, 20),
        detail={"reason": "representations", "note": "Letter from the applicants"},
    )
    with pytest.raises(ValidationError, match="cannot be before"):
        _final(adm, household, "not_approved", date(2025, 6, 19))
    _final(adm, household, "approved", date(2025, 6, 25))
    household.refresh_from_db()
    assert household.stage == Stage.APPROVED


def test_after_an_application_to_the_irm_the_final_decision_needs_the_review_panels_recommendation(
    personas, ready, client_for
):
    """Independent Review of Determinations (Adoption and Fostering) (Wales) Regulations 2010: the
    agency decides only after the independent review panel's recommendation."""
    from nas.adopters import services as adopter_services

    adm, assessor = personas["adm.vvc"], personas["assessor.vvc"]
    household = _minded_not_to_approve(personas, ready())
    with pytest.raises(ValidationError, match="Independent Review Mechanism"):
        adopter_services.milestone_record(
            actor=assessor,
            household=household,
            kind=MilestoneKind.IRM_RECOMMENDATION,
            when=date(2025, 7, 1),
            detail={"reason": "not_suitable"},
        )
    adopter_services.milestone_record(
        actor=assessor,
        household=household,
        kind=MilestoneKind.REVIEW_REQUESTED,
        when=date(2025, 7, 1),
        detail={"reason": "irm"},
    )
    # Long after the 40 working days, still no final decision without the review panel's recommendation.
    with pytest.raises(ValidationError, match="independent review panel's recommendation"):
        _final(adm, household, "not_approved", date(2025, 10, 1))
    page = client_for("adm.vvc").post(
        f"/panels/decisions/adopters.household/{household.pk}/",
        {"outcome": "not_approved", "reasons": "Final", "decided_on": "1/10/2025"},
    )
    assert page.status_code == 200 and "independent review panel" in page.content.decode()
    recorded = client_for("assessor.vvc").post(
        f"/adopters/{household.pk}/milestones/irm_recommendation/new/",
        {"date": "3/11/2025", "reason": "not_suitable", "version": household.version},
    )
    assert recorded.status_code == 302
    household.refresh_from_db()
    irm = household.milestones.get(kind=MilestoneKind.IRM_RECOMMENDATION)
    assert (irm.date, irm.detail["reason"]) == (date(2025, 11, 3), "not_suitable")
    with pytest.raises(ValidationError, match="cannot be before"):
        _final(adm, household, "not_approved", date(2025, 11, 1))
    _final(adm, household, "not_approved", date(2025, 11, 10))
    household.refresh_from_db()
    assert household.stage == Stage.NOT_APPROVED


def test_a_meeting_is_named_by_its_date_in_words_in_the_readers_language():
    """Issue 16: panel headings read "Panel of 3 December 2026", not a numeric date."""
    from django.utils.translation import override

    from nas.panels.models import Meeting

    meeting = Meeting(date=date(2026, 12, 3))
    with override("en"):
        assert str(meeting) == "Panel of 3 December 2026"
    with override("cy"):
        assert "3 Rhagfyr 2026" in str(meeting)
