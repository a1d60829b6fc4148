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
