"""A journey recorded by hand writes the same care history the import
writes (nas.children.care_history.journey_history_write, the one writer),
and the SSDA903 export reads the stored episodes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from nas.children import services
from nas.children.journey import MilestoneKind
from nas.children.models import CareEpisode, Child
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


def _ssda903(personas, episodes: list[list[str]]):
    """Import child A9 of Cardiff from an SSDA903 return: these episodes, the
    'should be placed' decision of 01/06/2022 and the match of 20/08/2022."""
    import csv
    import io

    from nas.children.imports import SSDA903_TABLES, import_children

    tables = {
        "Header": [["A9", "1", "01/02/2020", "WBRI", "", "", ""]],
        "Episodes": episodes,
        "PlacedAdoption": [["A9", "01/02/2020", "01/06/2022", "", ""]],
        "AD1": [["A9", "01/02/2020", "01/06/2022", "20/08/2022", "0", "2", "MF", "L0"]],
    }
    files = []
    for name, rows in tables.items():
        out = io.StringIO()
        csv.writer(out).writerows([SSDA903_TABLES[name], *rows])
        files.append((f"{name}.csv", out.getvalue().encode()))
    result = import_children(
        actor=personas["tm.cardiff"],
        local_authority_id=Organisation.objects.get(code="cardiff").pk,
        files=files,
    )
    assert result.ok, [str(e) for e in result.errors]
    return Child.objects.get(case_reference="A9")


IN_CARE = ["A9", "10/03/2021", "S", "C2", "N1", "U1", "PR1", "01/07/2022", "X1", "", "", "", ""]
ORDER_OPEN = ["A9", "01/07/2022", "L", "E1", "N1", "U1", "PR1", "", "", "", "", "", ""]


def test_a_milestone_recorded_by_hand_after_an_import_writes_the_care_history(personas):
    child = _ssda903(personas, [IN_CARE, ORDER_OPEN])
    assert child.stage == "matched"
    services.milestone_record(
        actor=personas["sw.cardiff"], child=child, kind=MilestoneKind.PLACED, when=date(2022, 9, 1)
    )
    assert _stored(child) == [
        (date(2021, 3, 10), "S", "C2", "U1", date(2022, 7, 1), "X1", "import"),
        # The imported episode the placement ends, closed by it; the placement begins a new one.
        (date(2022, 7, 1), "L", "E1", "U1", date(2022, 9, 1), "X1", "import"),
        (date(2022, 9, 1), "P", "E1", "A6", None, "", "journey"),
    ]
    child.refresh_from_db()
    services.milestone_record(
        actor=personas["sw.cardiff"], child=child, kind=MilestoneKind.ADOPTION_ORDER, when=date(2023, 3, 1)
    )
    assert _stored(child)[-1] == (date(2022, 9, 1), "P", "E1", "A6", date(2023, 3, 1), "", "journey")
    # A correction of the hand-recorded placement moves what it made, the imported episode's end too.
    placed = child.milestones.get(kind=MilestoneKind.PLACED)
    services.milestone_correct(
        actor=personas["tm.cardiff"], milestone=placed, when=date(2022, 9, 5), reason="Typed wrong"
    )
    assert [(e[0], e[4]) for e in _stored(child)] == [
        (date(2021, 3, 10), date(2022, 7, 1)),
        (date(2022, 7, 1), date(2022, 9, 5)),
        (date(2022, 9, 5), date(2023, 3, 1)),
    ]
