"""The household journey dates the performance measures read are always what
the milestones say: on each recorded step, on a correction, and after a bulk load."""

from __future__ import annotations

from datetime import date

import pytest

from nas.adopters import journey_dates, services
from nas.adopters.journey import MilestoneKind
from nas.adopters.models import HouseholdDates, Milestone

pytestmark = pytest.mark.django_db


def test_each_recorded_step_rewrites_the_households_dates(make_household, advance):
    household = make_household(enquiry=date(2025, 1, 6))
    assert HouseholdDates.objects.get(household=household).enquiry == date(2025, 1, 6)
    advance(household, MilestoneKind.STAGE_TWO_STARTED)
    dates = HouseholdDates.objects.get(household=household)
    by_kind = dict(household.milestones.values_list("kind", "date"))
    assert dates.roi_accepted == by_kind[MilestoneKind.ROI_ACCEPTED]
    assert dates.stage_one_decided == by_kind[MilestoneKind.STAGE_ONE_COMPLETED]
    assert dates.stage_two_started == by_kind[MilestoneKind.STAGE_TWO_STARTED]
    assert dates.approved is None and dates.wait_ended is None


def test_a_correction_rewrites_the_dates(make_household, advance, personas):
    household = advance(make_household(enquiry=date(2025, 1, 6)), MilestoneKind.ROI_ACCEPTED)
    accepted = household.milestones.get(kind=MilestoneKind.ROI_ACCEPTED)
    corrected = accepted.date.replace(day=accepted.date.day + 1)
    services.milestone_correct(
        actor=personas["assessor.vvc"], milestone=accepted, when=corrected, reason="Typed wrongly"
    )
    assert HouseholdDates.objects.get(household=household).roi_accepted == corrected


def test_the_wait_from_approval_ends_at_the_first_match_withdrawal_or_deregistration(make_household):
    household = make_household(enquiry=date(2024, 1, 8))
    steps = [
        (MilestoneKind.APPROVED, date(2024, 9, 2)),
        (MilestoneKind.MATCHED, date(2025, 3, 3)),
        (MilestoneKind.MATCHED, date(2026, 1, 5)),
        (MilestoneKind.DEREGISTERED, date(2026, 6, 1)),
    ]
    # Written straight to the table, as a bulk load would, then refreshed.
    Milestone.objects.bulk_create(
        Milestone(household=household, kind=kind, date=when, sequence=50 + i)
        for i, (kind, when) in enumerate(steps)
    )
    assert HouseholdDates.objects.get(household=household).approved is None
    assert journey_dates.refresh([household.pk]) == 1
    dates = HouseholdDates.objects.get(household=household)
    assert (dates.approved, dates.wait_ended) == (date(2024, 9, 2), date(2025, 3, 3))
