"""A journey recorded by hand writes the same care history the import
writes (nas.children.care_history.journey_history_write, the one writer),
and the SSDA903 export reads the stored episodes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from nas.audit.models import AuditEvent
from nas.children import services
from nas.children.care_history import care_history_of
from nas.children.journey import MilestoneKind
from nas.children.models import CareEpisode, Child
from nas.organisations.models import Organisation
from nas.returns import services as return_services
from nas.returns.models import DETAIL_FIELDS
from nas.returns.selectors import ssda903_return

pytestmark = pytest.mark.django_db


def _stored(child):
    """The child's current episodes (not those superseded)."""
    return [
        (e.start, e.reason_new, e.legal_status, e.place, e.end, e.reason_ended, e.source)
        for e in CareEpisode.objects.filter(child=child).current().order_by("start")
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
    # The episode the old date made is kept, archived as superseded by the correction.
    old = CareEpisode.objects.archived().get(child=child, start=was)
    assert old.archive_reason


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
    child = Child.objects.get(case_reference="A9")
    child.imported = result
    return child


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


def test_a_reimport_supersedes_a_hand_recorded_episode_and_keeps_it(personas):
    child = _ssda903(personas, [IN_CARE, ORDER_OPEN])
    services.milestone_record(
        actor=personas["sw.cardiff"], child=child, kind=MilestoneKind.PLACED, when=date(2022, 9, 1)
    )
    recorded = CareEpisode.objects.get(child=child, start=date(2022, 9, 1))
    assert recorded.source == "journey"
    # The authority's corrected return has the placement, with its own details.
    closed = [*ORDER_OPEN[:7], "01/09/2022", "X1", "CARPL", "", "", ""]
    placement = ["A9", "01/09/2022", "P", "E1", "N1", "A6", "PR2", "", "", "", "CF10 1", "", ""]
    _ssda903(personas, [IN_CARE, closed, placement])

    assert _stored(child)[-1] == (date(2022, 9, 1), "P", "E1", "A6", None, "", "import")
    assert CareEpisode.objects.current().get(child=child, start=date(2022, 9, 1)).place_provider == "PR2"
    # Nothing about a child is deleted: the hand-recorded episode is kept,
    # archived as superseded, with the reason.
    kept = CareEpisode.objects.get(pk=recorded.pk)
    assert kept.archived_at is not None
    assert kept.source == "journey" and kept.place_provider == ""
    assert "return" in kept.archive_reason
    # The child's care history shows both, and the audit trail names the superseded one.
    history = care_history_of(child)
    assert [(e.start, e.source, e.is_archived) for e in history if e.start == date(2022, 9, 1)] == [
        (date(2022, 9, 1), "journey", True),
        (date(2022, 9, 1), "import", False),
    ]
    entry = AuditEvent.objects.filter(record_type="children.child", record_id=str(child.pk)).last()
    assert entry.detail["superseded_episodes"] == ["2022-09-01"]


def test_the_same_return_imported_again_after_a_milestone_recorded_by_hand_changes_nothing(personas):
    child = _ssda903(personas, [IN_CARE, ORDER_OPEN])
    services.milestone_record(
        actor=personas["sw.cardiff"], child=child, kind=MilestoneKind.PLACED, when=date(2022, 9, 1)
    )
    before = _stored(child)
    assert _ssda903(personas, [IN_CARE, ORDER_OPEN]).imported.nothing_changed
    assert _stored(child) == before
    assert not CareEpisode.objects.archived().filter(child=child).exists()
