"""A 'should be placed' decision reversed one year and a new decision,
placement and adoption the next (nas.children.journey.
NEW_DECISION_AFTER_REVERSAL; the DfE's rule 579): imported year after year,
or recorded through the services, the child ends adopted, the history holds
both decisions and the reversal with its reason, and the next year's return
has the adopted child."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from nas.children import services
from nas.children.imports import SSDA903_TABLES, import_children
from nas.children.journey import MilestoneKind, Stage
from nas.children.models import Child
from nas.organisations.models import Organisation
from nas.returns.selectors import ssda903_return

pytestmark = pytest.mark.django_db

#: 2023-24: in care, decided, reversed (RD1: the child's needs changed).
YEAR_1 = {
    # SEX as 1 or 2 before the 2024-25 collection.
    "Header": [["X1", "1", "01/02/2020", "WBRI", "UN1", "", ""]],
    "Episodes": [["X1", "10/03/2023", "S", "C2", "N1", "U1", "PR1", "", "", "", "", "", ""]],
    "PlacedAdoption": [["X1", "01/02/2020", "01/06/2023", "01/11/2023", "RD1"]],
    "AD1": [],
}
#: 2024-25: a new decision, the placement order, the placement and the adoption.
YEAR_2 = {
    "Header": [["X1", "M", "01/02/2020", "WBRI", "UN1", "", ""]],
    "Episodes": [
        ["X1", "10/03/2023", "S", "C2", "N1", "U1", "PR1", "01/07/2024", "X1", "", "", "", ""],
        ["X1", "01/07/2024", "L", "E1", "N1", "U1", "PR1", "01/09/2024", "X1", "CARPL", "", "", ""],
        ["X1", "01/09/2024", "P", "E1", "N1", "A6", "PR2", "15/03/2025", "E11", "", "", "", ""],
    ],
    "PlacedAdoption": [["X1", "01/02/2020", "01/05/2024", "", ""]],
    "AD1": [["X1", "01/02/2020", "01/05/2024", "20/08/2024", "0", "2", "MF", "L11"]],
}


def _files(tables):
    files = []
    for name, rows in tables.items():
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(SSDA903_TABLES[name])
        writer.writerows(rows)
        files.append((f"{name}.csv", out.getvalue().encode()))
    return files


def _import(personas, tables):
    cardiff = Organisation.objects.get(code="cardiff").pk
    result = import_children(actor=personas["tm.cardiff"], local_authority_id=cardiff, files=_files(tables))
    assert result.ok, [str(e) for e in result.errors]
    return result


def _export(year):
    built = ssda903_return(authority=Organisation.objects.get(code="cardiff"), year=year)
    return {name: [list(row) for row in rows] for name, rows in built.tables.items()}


def test_consecutive_years_keep_the_new_decision_after_a_reversal(personas):
    _import(personas, YEAR_1)
    child = Child.objects.get(case_reference="X1")
    assert child.stage == Stage.PLAN_CHANGED
    second = _import(personas, YEAR_2)
    assert second.updated == 1

    child.refresh_from_db()
    assert child.stage == Stage.ADOPTED
    assert child.is_restricted
    assert [(m.kind, m.date) for m in child.milestones.order_by("sequence")] == [
        ("entered_care", date(2023, 3, 10)),
        ("should_be_placed", date(2023, 6, 1)),
        ("plan_changed", date(2023, 11, 1)),
        ("should_be_placed", date(2024, 5, 1)),
        ("authority_to_place", date(2024, 7, 1)),
        ("match_decision", date(2024, 8, 20)),
        ("placed", date(2024, 9, 1)),
        ("adoption_order", date(2025, 3, 15)),
    ]
    assert child.milestones.get(kind="plan_changed").detail["reason"] == "RD1"
    assert child.journey_dates.should_be_placed == date(2024, 5, 1)

    # Each year's return gives back that year's file: the adopted child is in the second.
    assert _export(2024) == YEAR_1
    assert _export(2025) == YEAR_2
    # And the second year imported again changes nothing.
    assert _import(personas, YEAR_2).nothing_changed


def test_a_new_decision_after_a_reversal_through_the_services(make_child, advance, personas):
    child = make_child(born=date(2020, 2, 1), entered=date(2023, 3, 10))
    child = advance(child, MilestoneKind.SHOULD_BE_PLACED, start=date(2023, 4, 1))
    sw, adm = personas["sw.cardiff"], personas["adm.cardiff"]

    def record(actor, kind, when, **detail):
        services.milestone_record(actor=actor, child=child, kind=kind, when=when, detail=detail)

    record(sw, "plan_changed", date(2023, 11, 1), reason="RD1")
    child.refresh_from_db()
    assert MilestoneKind.SHOULD_BE_PLACED in services.MACHINE.allowed_next(child.stage, set())
    record(adm, "should_be_placed", date(2024, 5, 1))
    with pytest.raises(services.ValidationError, match="cannot be recorded at this stage"):
        record(adm, "should_be_placed", date(2024, 5, 2))
    record(sw, "authority_to_place", date(2024, 7, 1), basis="placement_order")
    record(sw, "linked", date(2024, 7, 20))
    record(sw, "matching_panel", date(2024, 8, 10))
    record(adm, "match_decision", date(2024, 8, 20))
    record(sw, "placed", date(2024, 9, 1))
    record(sw, "adoption_order", date(2025, 3, 15))
    child.refresh_from_db()
    assert child.stage == Stage.ADOPTED
    kinds = [m.kind for m in child.milestones.order_by("sequence")]
    assert kinds.count("should_be_placed") == 2 and kinds.count("plan_changed") == 1

    second = _export(2025)
    assert [row[0] for row in second["Header"]] == [child.case_reference]
    assert second["PlacedAdoption"] == [[child.case_reference, "01/02/2020", "01/05/2024", "", ""]]
    assert [row[2] for row in second["AD1"]] == ["01/05/2024"]
    first = _export(2024)
    assert first["PlacedAdoption"] == [
        [child.case_reference, "01/02/2020", "15/04/2023", "01/11/2023", "RD1"]
    ]


def test_the_wait_from_a_new_decision_is_not_ended_by_the_reversal_of_the_one_before(
    make_child, advance, personas
):
    """NAS-C4 counts the wait from the latest 'should be placed' decision
    (nas.children.journey_dates): the reversal of an earlier decision does
    not end it; the match decision after the new one does."""
    from nas.children.models import JourneyDates

    child = make_child(born=date(2020, 2, 1), entered=date(2023, 3, 10))
    child = advance(child, MilestoneKind.SHOULD_BE_PLACED, start=date(2023, 4, 1))
    sw, adm = personas["sw.cardiff"], personas["adm.cardiff"]

    def record(actor, kind, when, **detail):
        services.milestone_record(actor=actor, child=child, kind=kind, when=when, detail=detail)

    record(sw, "plan_changed", date(2023, 11, 1), reason="RD1")
    assert JourneyDates.objects.get(child=child).wait_ended == date(2023, 11, 1)
    record(adm, "should_be_placed", date(2024, 5, 1))
    dates = JourneyDates.objects.get(child=child)
    assert dates.should_be_placed == date(2024, 5, 1) and dates.wait_ended is None
    record(sw, "authority_to_place", date(2024, 7, 1), basis="placement_order")
    record(sw, "linked", date(2024, 7, 20))
    record(sw, "matching_panel", date(2024, 8, 10))
    record(adm, "match_decision", date(2024, 8, 20))
    assert JourneyDates.objects.get(child=child).wait_ended == date(2024, 8, 20)
