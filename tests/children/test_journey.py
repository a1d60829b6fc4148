"""The child's journey: an explicit state machine with dated milestones."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nas.audit.models import AuditEvent
from nas.children import services
from nas.children.journey import MilestoneKind, Stage
from nas.children.models import Child, Milestone, PostAdoptionRecord
from nas.children.policies import children as policy
from nas.core.records import StaleRecordError

pytestmark = pytest.mark.django_db


def test_a_new_child_starts_in_care_with_the_entered_care_milestone(make_child):
    child = make_child()
    assert child.stage == Stage.IN_CARE
    assert list(child.milestones.values_list("kind", "date")) == [("entered_care", date(2024, 1, 15))]
    assert AuditEvent.objects.filter(
        action="create", record_type="children.child", record_id=str(child.pk)
    ).exists()


def test_the_whole_journey_ends_in_an_adoption_order(make_child, advance):
    child = advance(make_child(), MilestoneKind.ADOPTION_ORDER)
    assert child.stage == Stage.ADOPTED
    assert child.is_restricted
    record = PostAdoptionRecord.objects.get(child=child)
    assert record.adoption_order_date == child.milestones.get(kind="adoption_order").date
    assert child.legal_status == "E1"


def test_a_milestone_out_of_turn_is_refused(make_child, personas):
    child = make_child()
    with pytest.raises(ValidationError, match="cannot be recorded at this stage"):
        services.milestone_record(
            actor=personas["sw.cardiff"], child=child, kind="placed", when=date(2024, 3, 1)
        )


def test_a_milestone_recorded_once_cannot_be_recorded_again(make_child, advance, personas):
    child = advance(make_child(), MilestoneKind.AUTHORITY_TO_PLACE)
    services.milestone_record(
        actor=personas["sw.cardiff"], child=child, kind="referred_to_region", when=date(2024, 3, 1)
    )
    with pytest.raises(ValidationError, match="already recorded"):
        services.milestone_record(
            actor=personas["sw.cardiff"], child=child, kind="referred_to_region", when=date(2024, 3, 2)
        )


def test_a_date_in_the_future_is_refused(make_child, personas):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.milestone_record(
            actor=personas["sw.cardiff"], child=make_child(), kind="permanence_plan", when=tomorrow
        )


def test_a_date_before_birth_is_refused(make_child, personas):
    child = make_child(born=date(2022, 3, 1), entered=date(2022, 3, 1))
    with pytest.raises(ValidationError, match="before the child's date of birth"):
        services.milestone_record(
            actor=personas["sw.cardiff"], child=child, kind="permanence_plan", when=date(2021, 1, 1)
        )


def test_a_child_cannot_enter_care_before_birth(make_child):
    with pytest.raises(ValidationError, match="before the child's date of birth"):
        make_child(born=date(2022, 3, 1), entered=date(2022, 2, 1))


def test_a_date_before_the_step_before_it_is_refused(make_child, personas):
    child = make_child(entered=date(2024, 1, 15))
    with pytest.raises(ValidationError, match="cannot be before Entered care"):
        services.milestone_record(
            actor=personas["sw.cardiff"], child=child, kind="permanence_plan", when=date(2024, 1, 1)
        )


def test_a_plan_change_needs_a_coded_reason(make_child, advance, personas):
    child = advance(make_child(), MilestoneKind.SHOULD_BE_PLACED)
    with pytest.raises(ValidationError, match="Choose why the plan changed"):
        services.milestone_record(
            actor=personas["sw.cardiff"], child=child, kind="plan_changed", when=date(2024, 6, 1)
        )
    services.milestone_record(
        actor=personas["sw.cardiff"],
        child=child,
        kind="plan_changed",
        when=date(2024, 6, 1),
        detail={"reason": "RD3"},
    )
    child.refresh_from_db()
    assert child.stage == Stage.PLAN_CHANGED
    assert child.milestones.get(kind="plan_changed").detail == {"reason": "RD3", "note": ""}


def test_a_disrupted_placement_can_be_linked_again(make_child, advance, personas):
    child = advance(make_child(), MilestoneKind.PLACED)
    services.milestone_record(
        actor=personas["sw.cardiff"],
        child=child,
        kind="disrupted",
        when=date(2024, 6, 1),
        detail={"reason": "relationship"},
    )
    services.milestone_record(actor=personas["sw.cardiff"], child=child, kind="linked", when=date(2024, 7, 1))
    child.refresh_from_db()
    assert child.stage == Stage.LINKED
    assert child.milestones.filter(kind="linked").count() == 2


def test_a_correction_is_audited_with_the_old_date_and_the_reason(make_child, advance, personas):
    child = advance(make_child(), MilestoneKind.CHILDS_ADOPTION_REPORT)
    milestone = child.milestones.get(kind="permanence_plan")
    services.milestone_correct(
        actor=personas["tm.cardiff"], milestone=milestone, when=date(2024, 2, 3), reason="Typo"
    )
    milestone.refresh_from_db()
    assert milestone.date == date(2024, 2, 3)
    event = AuditEvent.objects.filter(record_id=str(child.pk), reason="Typo").get()
    assert event.detail["from"] == "2024-02-01" and event.detail["to"] == "2024-02-03"


def test_a_correction_cannot_jump_past_the_next_step(make_child, advance, personas):
    child = advance(make_child(), MilestoneKind.CHILDS_ADOPTION_REPORT)  # plan 1 Feb, CAR 8 Feb
    milestone = child.milestones.get(kind="permanence_plan")
    with pytest.raises(ValidationError, match="cannot be after Child's Adoption Report"):
        services.milestone_correct(
            actor=personas["tm.cardiff"], milestone=milestone, when=date(2024, 3, 1), reason="x"
        )
    with pytest.raises(ValidationError, match="Enter the reason"):
        services.milestone_correct(
            actor=personas["tm.cardiff"], milestone=milestone, when=date(2024, 2, 2), reason=" "
        )


def test_a_stale_version_is_refused(make_child, personas):
    child = make_child()
    services.child_update(
        actor=personas["sw.cardiff"], child=child, expected_version=1, changes={"religion": "Quaker"}
    )
    stale = Child.objects.get(pk=child.pk)
    stale.version = 1
    with pytest.raises(StaleRecordError):
        services.child_update(
            actor=personas["sw.cardiff"], child=stale, expected_version=1, changes={"religion": "None"}
        )
    assert Child.objects.get(pk=child.pk).religion == "Quaker"


def test_a_change_is_audited_with_old_and_new_values(make_child, personas):
    child = make_child(religion="")
    services.child_update(
        actor=personas["sw.cardiff"], child=child, expected_version=1, changes={"religion": "Muslim"}
    )
    event = AuditEvent.objects.filter(action="update", record_id=str(child.pk)).latest("seq")
    assert event.detail == {"changes": {"religion": {"from": "", "to": "Muslim"}}}


def test_records_and_milestones_are_never_deleted(make_child):
    child = make_child()
    with pytest.raises(TypeError):
        child.delete()
    with pytest.raises(TypeError):
        Milestone.objects.filter(child=child).first().delete()
    with pytest.raises(TypeError):
        Child.objects.all().delete()


def test_a_sibling_group_placed_apart_needs_a_reason(make_child, personas):
    a, b = make_child(), make_child()
    with pytest.raises(ValidationError, match="why the children are to be placed apart"):
        services.sibling_group_create(
            actor=personas["sw.cardiff"],
            local_authority_id=a.local_authority_id,
            name="A and B",
            children=[a, b],
            placed_together=False,
            reason_apart="",
        )
    group = services.sibling_group_create(
        actor=personas["sw.cardiff"],
        local_authority_id=a.local_authority_id,
        name="A and B",
        children=[a, b],
        placed_together=True,
        reason_apart="",
    )
    assert set(group.children.all()) == {a, b}


def test_an_adoption_order_within_10_weeks_of_placement_is_refused(make_child, advance, personas):
    """Adoption and Children Act 2002, s.42(2)(a): 10 weeks with the adopters first."""
    child = advance(make_child(), "placed")
    placed = child.milestones.get(kind="placed").date
    with pytest.raises(ValidationError, match=r"s\.42\(2\)\(a\)"):
        services.milestone_record(
            actor=personas["sw.cardiff"], child=child, kind="adoption_order", when=placed + timedelta(days=69)
        )
    services.milestone_record(
        actor=personas["sw.cardiff"], child=child, kind="adoption_order", when=placed + timedelta(days=70)
    )
    child.refresh_from_db()
    assert child.stage == "adopted"


def test_correcting_a_placement_too_close_to_the_adoption_order_is_refused(make_child, advance, personas):
    child = advance(make_child(), "adoption_order")
    placed = child.milestones.get(kind="placed")
    order = child.milestones.get(kind="adoption_order").date
    with pytest.raises(ValidationError, match="10 weeks"):
        services.milestone_correct(
            actor=personas["sw.cardiff"], milestone=placed, when=order - timedelta(days=1), reason="typo"
        )


def test_a_decision_cannot_be_corrected_to_after_a_referral_that_follows_it(make_child, advance, personas):
    child = advance(make_child(), "authority_to_place")
    referral = services.milestone_record(
        actor=personas["sw.cardiff"],
        child=child,
        kind="referred_to_region",
        when=child.milestones.get(kind="authority_to_place").date,
    )
    decision = child.milestones.get(kind="should_be_placed")
    with pytest.raises(ValidationError, match="cannot be after"):
        services.milestone_correct(
            actor=personas["adm.cardiff"],
            milestone=decision,
            when=referral.date + timedelta(days=1),
            reason="wrong date",
        )


def test_a_correction_from_a_stale_page_is_refused(make_child, advance, personas):
    child = advance(make_child(), "permanence_plan")
    plan = child.milestones.get(kind="permanence_plan")
    with pytest.raises(StaleRecordError):
        services.milestone_correct(
            actor=personas["sw.cardiff"],
            milestone=plan,
            when=plan.date,
            reason="checked",
            expected_version=child.version - 1,
        )


def test_only_the_decision_maker_corrects_a_decision(make_child, advance, personas):
    child = advance(make_child(), "should_be_placed")
    assert not policy.may_correct(personas["sw.cardiff"], child, "should_be_placed")
    assert policy.may_correct(personas["adm.cardiff"], child, "should_be_placed")
    assert policy.may_correct(personas["sw.cardiff"], child, "permanence_plan")
    assert not policy.may_correct(personas["adm.cardiff"], child, "permanence_plan")
