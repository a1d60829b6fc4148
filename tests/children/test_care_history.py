"""A journey recorded by hand writes the same care history the import
writes (nas.children.care_history.journey_history_write, the one writer),
and the SSDA903 export reads the stored episodes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from nas.children import services
from nas.children.journey import MilestoneKind
from nas.children.models import CareEpisode
from nas.organisations.models import Organisation
from nas.returns import services as return_services
from nas.returns.models import DETAIL_FIELDS
from nas.returns.selectors import ssda903_return

pytestmark = pytest.mark.django_db


def _stored(child):
    return [
        (e.start, e.reason_new, e.legal_status, e.place, e.end, e.reason_ended, e.source)
        for e in CareEpisode.objects.filter(child=child).order_by("start")
    ]


def test_a_journey_recorded_by_hand_writes_the_episodes_the_export_reads(make_child, advance, personas):
    child = make_child(born=date(2021, 2, 1), entered=date(2023, 9, 1))
    assert _stored(child) == [(date(2023, 9, 1), "S", "", "", None, "", "journey")]
    child = advance(child, MilestoneKind.ADOPTION_ORDER, start=date(2023, 10, 1))
    placed = child.milestones.get(kind="placed").date
    order = child.milestones.get(kind="authority_to_place").date
    adopted = child.milestones.get(kind="adoption_order").date
    assert _stored(child) == [
        (date(2023, 9, 1), "S", "", "", order, "X1", "journey"),
        (order, "L", "E1", "", placed, "X1", "journey"),
        (placed, "P", "E1", "A6", adopted, "", "journey"),
    ]
    return_services.details_save(
        actor=personas["tm.cardiff"],
        child=child,
        values={**dict.fromkeys(DETAIL_FIELDS, ""), "category_of_need": "N1", "adoption_order_reason": "E11"},
        expected_version=None,
    )
    assert {e.category_of_need for e in CareEpisode.objects.filter(child=child)} == {"N1"}
    assert CareEpisode.objects.get(child=child, start=placed).reason_ended == "E11"

    built = ssda903_return(authority=Organisation.objects.get(code="cardiff"), year=2024)
    assert [row[1:10] for row in built.tables["Episodes"]] == [
        [e.start.strftime("%d/%m/%Y"), e.reason_new, e.legal_status, "N1", e.place, "",
         e.end.strftime("%d/%m/%Y"), e.reason_ended, e.reason_place_change]
        for e in CareEpisode.objects.filter(child=child).order_by("start")
    ]  # fmt: skip


def test_a_corrected_date_moves_the_episode(make_child, advance, personas):
    child = advance(make_child(born=date(2021, 2, 1), entered=date(2023, 9, 1)), MilestoneKind.PLACED)
    placed = child.milestones.get(kind="placed")
    was = placed.date
    later = was + timedelta(days=2)
    services.milestone_correct(
        actor=personas["sw.cardiff"], milestone=placed, when=later, reason="Typed wrong"
    )
    starts = [episode[0] for episode in _stored(child)]
    assert later in starts and was not in starts
