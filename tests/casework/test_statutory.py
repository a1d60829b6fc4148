"""Statutory visits and reviews, named after their rules (nas.casework.statutory):
NAS-CW-LAC-REVIEW (Care Planning, Placement and Case Review (Wales) Regulations
2015, Part 6), NAS-CW-PLACEMENT-VISIT and NAS-CW-PLACEMENT-REVIEW (Adoption
Agencies (Wales) Regulations 2005, Part 6)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from nas.casework import selectors, services, statutory
from nas.children.models import Milestone


def test_nas_cw_lac_review_the_first_within_20_working_days_of_becoming_looked_after():
    # Monday 5 January 2026: 20 working days on is Monday 2 February.
    assert statutory.lac_review_due(date(2026, 1, 5), []) == date(2026, 2, 2)
    # Over Easter 2026 (Good Friday 3 April, Easter Monday 6 April) the bank holidays do not count.
    assert statutory.lac_review_due(date(2026, 3, 30), []) == date(2026, 4, 29)


def test_nas_cw_lac_review_the_second_within_3_months_of_the_first_then_at_most_every_6_months():
    entered = date(2026, 1, 5)
    assert statutory.lac_review_due(entered, [date(2026, 1, 28)]) == date(2026, 4, 28)
    assert statutory.lac_review_due(entered, [date(2026, 1, 28), date(2026, 4, 20)]) == date(2026, 10, 20)
    # A review before the child became looked after (an earlier episode) does not count.
    assert statutory.lac_review_due(entered, [date(2025, 6, 1)]) == date(2026, 2, 2)


def test_nas_cw_placement_visit_within_a_week_then_weekly_until_the_first_review():
    placed = date(2026, 3, 2)
    assert statutory.placement_visit_due(placed, [], []) == date(2026, 3, 9)
    assert statutory.placement_visit_due(placed, [date(2026, 3, 5)], []) == date(2026, 3, 12)
    # After the first review the agency sets the frequency: nothing is tracked.
    assert statutory.placement_visit_due(placed, [date(2026, 3, 5)], [date(2026, 3, 26)]) is None


def test_nas_cw_placement_review_within_4_weeks_then_3_months_then_6_months():
    placed = date(2026, 3, 2)
    assert statutory.placement_review_due(placed, []) == date(2026, 3, 30)
    assert statutory.placement_review_due(placed, [date(2026, 3, 26)]) == date(2026, 6, 26)
    assert statutory.placement_review_due(placed, [date(2026, 3, 26), date(2026, 6, 20)]) == date(
        2026, 12, 20
    )


@pytest.mark.django_db
def test_a_review_recorded_as_a_note_moves_the_due_date_on_my_cases_and_the_home_page(
    personas, make_child, client_for
):
    today = timezone.localdate()
    child = make_child(entered_care=today - timedelta(days=60))
    services.allocation_set(
        actor=personas["tm.cardiff"],
        record_type="children.child",
        record=child,
        worker=personas["sw.cardiff"],
    )
    [row] = selectors.my_cases(user=personas["sw.cardiff"])
    with translation.override("en"):
        assert str(row.due_label) == "Looked-after child review" and row.overdue
    home = client_for("sw.cardiff").get("/").content.decode()
    assert "Statutory visits and reviews due" in home
    assert any(
        r.record_id == child.pk for r in selectors.statutory_overdue(user=personas["tm.cardiff"], today=today)
    )
    services.note_create(
        actor=personas["sw.cardiff"],
        record_type="children.child",
        record=child,
        kind="lac_review",
        contact_on=today - timedelta(days=5),
        text="First review held; the plan is adoption.",
    )
    [row] = selectors.my_cases(user=personas["sw.cardiff"])
    assert row.on == statutory.lac_review_due(
        child.milestones.get(kind="entered_care").date, [today - timedelta(days=5)]
    )
    assert not row.overdue
    assert "Statutory visits and reviews due" not in client_for("sw.cardiff").get("/").content.decode()


@pytest.mark.django_db
def test_placed_children_have_placement_visits_and_reviews_and_an_adoption_order_ends_them(make_child):
    child = make_child(entered_care=date(2025, 1, 6))
    Milestone.objects.create(child=child, kind="placed", date=date(2026, 3, 2), sequence=50)
    dues = statutory.due_for_children([child.pk])[child.pk]
    assert [(d.rule.code, d.due) for d in dues] == [
        ("NAS-CW-PLACEMENT-VISIT", date(2026, 3, 9)),
        ("NAS-CW-PLACEMENT-REVIEW", date(2026, 3, 30)),
    ]
    Milestone.objects.create(child=child, kind="adoption_order", date=date(2026, 9, 1), sequence=51)
    assert statutory.due_for_children([child.pk]) == {}
