"""The household's journey as a state machine with dated milestones."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from nas.adopters import services
from nas.adopters.journey import MilestoneKind, Stage, allowed_next
from nas.audit.models import AuditEvent
from nas.core.records import StaleRecordError

pytestmark = pytest.mark.django_db


def test_a_new_household_starts_at_the_enquiry_with_its_applicant_and_an_audit_entry(make_household):
    household = make_household()
    assert household.stage == Stage.ENQUIRY
    assert household.milestones.get().kind == MilestoneKind.ENQUIRY
    assert household.members.get().role == "applicant"
    assert household.reference.startswith("VVC-2025-")
    assert AuditEvent.objects.filter(record_type="adopters.household", record_id=str(household.pk)).exists()


def test_only_a_region_or_an_agency_owns_households(personas):
    from nas.organisations.models import Organisation

    with pytest.raises(ValidationError) as error:
        services.household_create(
            actor=personas["assessor.vvc"],
            owner_id=Organisation.objects.get(code="cardiff").pk,
            enquiry_date=date(2025, 1, 1),
            applicants=[{"first_names": "A", "last_name": "B"}],
        )
    assert "owner" in error.value.message_dict


def test_the_journey_moves_through_stage_1_and_stage_2(make_household, advance):
    household = advance(make_household(), MilestoneKind.ROI_ACCEPTED)
    assert household.stage == Stage.STAGE_ONE
    household = advance(make_household(), MilestoneKind.STAGE_TWO_STARTED)
    assert household.stage == Stage.STAGE_TWO
    assert MilestoneKind.PAR_COMPLETED in allowed_next(household.stage, set())


def test_stage_1_cannot_be_completed_before_the_statutory_checks(make_household, advance, personas):
    household = advance(make_household(), MilestoneKind.ROI_ACCEPTED)
    with pytest.raises(ValidationError) as error:
        services.milestone_record(
            actor=personas["assessor.vvc"],
            household=household,
            kind=MilestoneKind.STAGE_ONE_COMPLETED,
            when=date(2025, 2, 1),
        )
    assert "Enhanced DBS check" in str(error.value)


def test_the_report_needs_the_approval_range_it_recommends(make_household, advance, personas):
    household = advance(make_household(), MilestoneKind.STAGE_TWO_STARTED)
    with pytest.raises(ValidationError) as error:
        services.milestone_record(
            actor=personas["assessor.vvc"],
            household=household,
            kind=MilestoneKind.PAR_COMPLETED,
            when=date(2025, 5, 1),
        )
    assert "approval range" in str(error.value)


def test_a_step_out_of_order_or_dated_before_the_last_one_is_refused(make_household, advance, personas):
    household = make_household()
    actor = personas["assessor.vvc"]
    with pytest.raises(ValidationError) as error:
        services.milestone_record(
            actor=actor, household=household, kind=MilestoneKind.APPROVED, when=date(2025, 2, 1)
        )
    assert "cannot be recorded at this stage" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.milestone_record(
            actor=actor, household=household, kind=MilestoneKind.ROI_RECEIVED, when=date(2024, 12, 1)
        )
    assert "cannot be before" in str(error.value)
    with pytest.raises(ValidationError):
        services.milestone_record(
            actor=actor,
            household=household,
            kind=MilestoneKind.ROI_RECEIVED,
            when=date.today() + timedelta(days=1),
        )


def test_withdrawal_needs_a_coded_reason_and_ends_the_journey(make_household, personas):
    household = make_household()
    actor = personas["assessor.vvc"]
    with pytest.raises(ValidationError):
        services.milestone_record(
            actor=actor, household=household, kind=MilestoneKind.WITHDRAWN, when=date(2025, 2, 1)
        )
    services.milestone_record(
        actor=actor,
        household=household,
        kind=MilestoneKind.WITHDRAWN,
        when=date(2025, 2, 1),
        detail={"reason": "birth_child", "note": "Expecting a baby"},
    )
    assert household.stage == Stage.WITHDRAWN
    assert allowed_next(household.stage, {MilestoneKind.WITHDRAWN}) == []


def test_a_stale_version_is_refused(make_household, personas):
    household = make_household()
    with pytest.raises(StaleRecordError):
        services.milestone_record(
            actor=personas["assessor.vvc"],
            household=household,
            kind=MilestoneKind.ROI_RECEIVED,
            when=date(2025, 1, 20),
            expected_version=household.version - 1,
        )


def test_the_approval_range_is_checked(make_household, personas):
    household = make_household()
    with pytest.raises(ValidationError) as error:
        services.approval_range_set(
            actor=personas["assessor.vvc"],
            household=household,
            expected_version=household.version,
            changes={
                "age_min": 5,
                "age_max": 2,
                "max_children": 1,
                "sibling_group": True,
                "health_needs": "low",
                "developmental_needs": "low",
                "behavioural_needs": "extreme",
                "contact": ["carrier_pigeon"],
            },
        )
    assert set(error.value.message_dict) == {"age_min", "max_children", "behavioural_needs", "contact"}


def test_a_corrected_date_keeps_the_old_one_in_the_audit_trail(make_household, advance, personas):
    household = advance(make_household(), MilestoneKind.ROI_RECEIVED)
    milestone = household.milestones.get(kind=MilestoneKind.ROI_RECEIVED)
    services.milestone_correct(
        actor=personas["manager.vvc"], milestone=milestone, when=date(2025, 1, 21), reason="Typed wrongly"
    )
    event = AuditEvent.objects.filter(record_type="adopters.household", record_id=str(household.pk)).last()
    assert event.detail["from"] == "2025-01-20" and event.reason == "Typed wrongly"


@pytest.fixture
def approved(personas, make_household, advance):
    from tests.adopters import helpers

    def make():
        household = advance(make_household(), MilestoneKind.PAR_COMPLETED)
        return helpers.approve(personas["panel.vvc"], personas["adm.vvc"], household)

    return make


def test_the_panels_steps_and_the_decisions_are_not_corrected_on_the_household(
    approved, personas, client_for
):
    household = approved()
    for kind in (
        MilestoneKind.PANEL_RECOMMENDATION,
        MilestoneKind.PANEL_MINUTES_FINAL,
        MilestoneKind.APPROVED,
    ):
        milestone = household.milestones.get(kind=kind)
        with pytest.raises(ValidationError, match="panel and decision records"):
            services.milestone_correct(
                actor=personas["manager.vvc"], milestone=milestone, when=date(2025, 6, 1), reason="Typo"
            )
        response = client_for("manager.vvc").post(
            f"/adopters/{household.pk}/milestones/{milestone.pk}/correct/",
            {"date": "1/6/2025", "reason": "Typo", "version": household.version},
        )
        assert response.status_code == 302
        assert household.milestones.get(pk=milestone.pk).date == milestone.date
    api = client_for("manager.vvc").post(
        f"/api/v1/adopters/{household.pk}/milestones/{household.milestones.get(kind='approved').pk}/correction",
        data={"date": "2025-06-01", "reason": "Typo", "version": household.version},
        content_type="application/json",
    )
    assert api.status_code == 422 and "panel and decision records" in api.json()["errors"]["date"][0]
    page = client_for("manager.vvc").get(f"/adopters/{household.pk}/").content.decode()
    approved_pk = household.milestones.get(kind="approved").pk
    assert f"/milestones/{approved_pk}/correct/" not in page


def test_a_correction_from_a_stale_page_is_refused(make_household, advance, personas, client_for):
    household = advance(make_household(), MilestoneKind.ROI_RECEIVED)
    milestone = household.milestones.get(kind=MilestoneKind.ROI_RECEIVED)
    opened_at = household.version
    advance_to = services.milestone_record(
        actor=personas["assessor.vvc"],
        household=household,
        kind=MilestoneKind.ROI_ACCEPTED,
        when=date(2025, 1, 23),
    )
    assert advance_to.pk
    with pytest.raises(StaleRecordError):
        services.milestone_correct(
            actor=personas["manager.vvc"],
            milestone=milestone,
            when=date(2025, 1, 21),
            reason="Typed wrongly",
            expected_version=opened_at,
        )
    page = client_for("manager.vvc").post(
        f"/adopters/{household.pk}/milestones/{milestone.pk}/correct/",
        {"date": "21/1/2025", "reason": "Typed wrongly", "version": opened_at},
    )
    assert "Someone else changed this record" in page.content.decode()
    api = client_for("manager.vvc").post(
        f"/api/v1/adopters/{household.pk}/milestones/{milestone.pk}/correction",
        data={"date": "2025-01-21", "reason": "Typed wrongly", "version": opened_at},
        content_type="application/json",
    )
    assert api.status_code == 409
    household.refresh_from_db()
    ok = client_for("manager.vvc").post(
        f"/api/v1/adopters/{household.pk}/milestones/{milestone.pk}/correction",
        data={"date": "2025-01-21", "reason": "Typed wrongly", "version": household.version},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["date"] == "2025-01-21"


def test_once_approved_the_range_changes_only_at_a_review_of_the_approval_regulation_30d(
    approved, personas, client_for
):
    """Adoption Agencies (Wales) Regulations 2005, reg. 30D: the approval (and its range) is changed at a
    review, or by the agency decision maker; the audit trail keeps the old and the new range."""
    from tests.adopters.helpers import RANGE

    household = approved()
    assessor = personas["assessor.vvc"]
    wider = {**RANGE, "age_max": 7}
    with pytest.raises(ValidationError) as error:
        services.approval_range_set(
            actor=assessor, household=household, expected_version=household.version, changes=wider
        )
    assert "review_on" in error.value.message_dict
    # Recording the review with a changed range on the household page is refused: it has no range.
    with pytest.raises(ValidationError, match="approval range page"):
        services.milestone_record(
            actor=assessor,
            household=household,
            kind=MilestoneKind.APPROVAL_REVIEW,
            when=date(2025, 7, 1),
            detail={"reason": "range_changed"},
        )
    services.approval_range_set(
        actor=assessor,
        household=household,
        expected_version=household.version,
        changes=wider,
        review_on=date(2025, 7, 1),
        note="They now feel able to care for an older child.",
    )
    household.refresh_from_db()
    review = household.milestones.get(kind=MilestoneKind.APPROVAL_REVIEW)
    assert household.age_max == 7 and review.detail["reason"] == "range_changed"
    assert review.detail["range"] == {"age_max": 7}
    change = AuditEvent.objects.filter(
        record_type="adopters.household", record_id=str(household.pk), detail__has_key="changes"
    ).last()
    assert change.detail["changes"]["age_max"] == {"from": 4, "to": 7}
    # The decision maker changes it by their own decision, with no review.
    services.approval_range_set(
        actor=personas["adm.vvc"],
        household=household,
        expected_version=household.version,
        changes={"max_children": 3},
    )
    household.refresh_from_db()
    assert household.max_children == 3
    page = client_for("assessor.vvc").get(f"/adopters/{household.pk}/approval-range/").content.decode()
    assert "Date of the review of the approval" in page
    assert client_for("adm.vvc").get(f"/adopters/{household.pk}/approval-range/").status_code == 200
    assert client_for("ff.vvc").get(f"/adopters/{household.pk}/approval-range/").status_code == 403


def test_a_persons_details_are_corrected_with_the_households_version(make_household, personas, client_for):
    household = make_household()
    applicant = household.members.get()
    opened_at = household.version
    services.member_add(
        actor=personas["assessor.vvc"],
        household=household,
        role="child",
        first_names="Cai",
        last_name="Jones",
        expected_version=household.version,
    )
    with pytest.raises(StaleRecordError):
        services.member_update(
            actor=personas["assessor.vvc"],
            household=household,
            member=applicant,
            expected_version=opened_at,
            changes={"last_name": "Jonse"},
        )
    client = client_for("assessor.vvc")
    page = client.post(
        f"/adopters/{household.pk}/members/{applicant.pk}/edit/",
        {
            "role": "applicant",
            "first_names": "Matrix",
            "last_name": "Jones-Price",
            "version": household.version,
        },
    )
    assert page.status_code == 302
    applicant.refresh_from_db()
    assert applicant.last_name == "Jones-Price"
    change = AuditEvent.objects.filter(record_type="adopters.household", record_id=str(household.pk)).last()
    assert change.detail["changes"]["last_name"]["to"] == "Jones-Price"
    household.refresh_from_db()
    api = client.patch(
        f"/api/v1/adopters/{household.pk}/members/{applicant.pk}",
        data={"first_names": "Mair", "version": household.version - 1},
        content_type="application/json",
    )
    assert api.status_code == 409
    api = client.patch(
        f"/api/v1/adopters/{household.pk}/members/{applicant.pk}",
        data={"first_names": "Mair", "version": household.version},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["first_names"] == "Mair"
    # The only applicant cannot stop being one.
    household.refresh_from_db()
    with pytest.raises(ValidationError, match="one or two applicants"):
        services.member_update(
            actor=personas["assessor.vvc"],
            household=household,
            member=applicant,
            expected_version=household.version,
            changes={"role": "adult"},
        )
