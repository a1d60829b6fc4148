"""The journey dates the performance measures read are always what the
milestones say: on each recorded step, on a correction, and after a bulk load."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from nas.children import journey_dates, services
from nas.children.journey import MilestoneKind
from nas.children.models import JourneyDates, Milestone

pytestmark = pytest.mark.django_db


def _dates(child) -> JourneyDates:
    return JourneyDates.objects.get(child=child)


def test_each_recorded_step_rewrites_the_childs_dates(make_child, advance):
    child = make_child(entered=date(2024, 1, 15))
    assert _dates(child).entered_care == date(2024, 1, 15)
    assert _dates(child).should_be_placed is None
    advance(child, MilestoneKind.ADOPTION_ORDER, start=date(2024, 2, 1), step=7)
    dates = _dates(child)
    by_kind = dict(child.milestones.values_list("kind", "date"))
    assert dates.should_be_placed == by_kind[MilestoneKind.SHOULD_BE_PLACED]
    assert dates.authority_to_place == by_kind[MilestoneKind.AUTHORITY_TO_PLACE]
    assert dates.last_match_decision == by_kind[MilestoneKind.MATCH_DECISION]
    # The wait from the 'should be placed' decision (NAS-C4) ends at the match decision.
    assert dates.wait_ended == by_kind[MilestoneKind.MATCH_DECISION]
    assert dates.last_placed == by_kind[MilestoneKind.PLACED]
    assert dates.adoption_order == by_kind[MilestoneKind.ADOPTION_ORDER]
    assert dates.local_authority_id == child.local_authority_id


def test_a_correction_rewrites_the_dates(make_child, advance, personas):
    child = advance(make_child(), MilestoneKind.AUTHORITY_TO_PLACE)
    decision = child.milestones.get(kind=MilestoneKind.SHOULD_BE_PLACED)
    services.milestone_correct(
        actor=personas["adm.cardiff"], milestone=decision, when=date(2024, 2, 14), reason="Typed wrongly"
    )
    assert _dates(child).should_be_placed == date(2024, 2, 14)


def test_the_last_placement_and_the_first_end_of_the_wait_are_kept(make_child, personas):
    child = make_child()
    steps = [
        (MilestoneKind.SHOULD_BE_PLACED, date(2024, 2, 1)),
        (MilestoneKind.MATCH_DECISION, date(2024, 5, 1)),
        (MilestoneKind.PLACED, date(2024, 6, 1)),
        (MilestoneKind.DISRUPTED, date(2024, 7, 1)),
        (MilestoneKind.MATCH_DECISION, date(2024, 9, 1)),
        (MilestoneKind.PLACED, date(2024, 10, 1)),
    ]
    # Written straight to the table, as a bulk load would, then refreshed.
    Milestone.objects.bulk_create(
        Milestone(child=child, kind=kind, date=when, sequence=10 + i) for i, (kind, when) in enumerate(steps)
    )
    assert _dates(child).last_placed is None
    assert journey_dates.refresh([child.pk]) == 1
    dates = _dates(child)
    assert (dates.last_placed, dates.last_match_decision, dates.wait_ended) == (
        date(2024, 10, 1),
        date(2024, 9, 1),
        date(2024, 5, 1),
    )


def test_refreshing_everyone_matches_refreshing_each(make_child, advance):
    children = [advance(make_child(), MilestoneKind.PLACED), make_child(), advance(make_child(), "linked")]
    before = sorted(JourneyDates.objects.values_list())
    assert journey_dates.refresh() == len(children)
    assert sorted(JourneyDates.objects.values_list()) == before


def test_the_refresh_command_rebuilds_dates_a_bulk_load_left_behind(make_child):
    child = make_child(entered=date(2024, 1, 15))
    Milestone.objects.bulk_create(
        [Milestone(child=child, kind=MilestoneKind.SHOULD_BE_PLACED, date=date(2024, 3, 1), sequence=9)]
    )
    assert _dates(child).should_be_placed is None
    out = io.StringIO()
    call_command("refresh_journey_dates", stdout=out)
    assert _dates(child).should_be_placed == date(2024, 3, 1)
    assert "1 children, 0 households" in out.getvalue()
