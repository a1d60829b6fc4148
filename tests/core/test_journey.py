"""The journey kernel (nas.core.journey) that the children's and the
households' journeys share: one state machine, one writer of one milestone
and of many."""

from __future__ import annotations

from datetime import date

import pytest

from nas.adopters import journey as household_journey
from nas.children import journey as child_journey
from nas.children.journey import MilestoneKind, Stage
from nas.children.models import JourneyDates
from nas.children.services import JOURNEY
from nas.core.journey import StateMachine, Step, Transition


def test_both_journeys_are_the_same_kind_of_machine():
    assert isinstance(child_journey.MACHINE, StateMachine)
    assert isinstance(household_journey.MACHINE, StateMachine)
    assert child_journey.allowed_next(None, set()) == [MilestoneKind.ENTERED_CARE]


def test_a_machine_says_what_may_follow_and_where_it_leads():
    machine = StateMachine(
        [
            Transition("start", frozenset(), "open"),
            Transition("note", frozenset({"open"}), None),
            Transition("close", frozenset({"open"}), "closed"),
        ],
        once_only=frozenset({"start", "close"}),
    )
    assert machine.allowed_next(None, set()) == ["start"]
    assert machine.allowed_next("open", {"start"}) == ["note", "close"]
    assert machine.next_stage("open", "note") == "open"
    assert machine.stage_after(["start", "note", "close"]) == "closed"
    assert machine.main_path == {"start", "close"}


@pytest.mark.django_db
def test_recording_many_follows_the_milestones_already_there(make_child, personas):
    child = make_child()
    made = JOURNEY.record_many(
        actor=personas["sw.cardiff"],
        journeys=[
            (
                child,
                [
                    Step(MilestoneKind.PERMANENCE_PLAN, date(2024, 2, 1)),
                    Step(MilestoneKind.CHILDS_ADOPTION_REPORT, date(2024, 3, 1)),
                ],
                None,
            )
        ],
    )
    child.refresh_from_db()
    assert [m.sequence for m in made] == [2, 3]
    assert child.stage == Stage.REPORT_COMPLETED
    assert JourneyDates.objects.get(child=child).entered_care == date(2024, 1, 15)
