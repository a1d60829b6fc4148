"""The SSDA903 tables built from known journeys: exact rows, in the DfE's
columns, codes and date format (DD/MM/YYYY). The rules named are the DfE
validator's (csc-validator-be-903)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

from nas.children.journey import MilestoneKind as K
from nas.children.ssda903 import SSDA903_TABLES
from nas.returns.ssda903 import ChildFacts, CollectionYear, Details, build_return

FULL = Details(
    upn="UN1",
    category_of_need="N1",
    legal_status_on_entry="C2",
    foster_placement="U6",
    foster_placement_provider="PR1",
    adoption_placement_provider="PR2",
    adopters_sex="MF",
    adopters_legal_status="L11",
    adoption_order_reason="E12",
)


def _child(milestones, *, pk=1, ref="C1", born=date(2022, 5, 10), sex="2", route="none", details=FULL):
    return ChildFacts(
        pk=pk,
        case_reference=ref,
        date_of_birth=born,
        sex=sex,
        ethnicity="WBRI",
        early_permanence=route,
        milestones=tuple((kind, day, detail) for kind, day, detail in milestones),
        details=details,
    )


ADOPTED_2025_26 = [
    (K.ENTERED_CARE, date(2023, 9, 1), {}),
    (K.PERMANENCE_PLAN, date(2024, 1, 10), {}),
    (K.SHOULD_BE_PLACED, date(2024, 4, 15), {}),
    (K.AUTHORITY_TO_PLACE, date(2024, 6, 20), {"basis": "placement_order"}),
    (K.MATCH_DECISION, date(2024, 12, 12), {}),
    (K.PLACED, date(2025, 1, 20), {}),
    (K.ADOPTION_ORDER, date(2025, 9, 15), {}),
]


def test_the_collection_year_runs_from_1_april_to_31_march():
    year = CollectionYear(2026)
    assert (year.start, year.end, str(year)) == (date(2025, 4, 1), date(2026, 3, 31), "2025-26")
    assert date(2026, 3, 31) in year and date(2026, 4, 1) not in year


def test_a_child_adopted_in_the_year_has_every_table_with_exact_rows():
    result = build_return([_child(ADOPTED_2025_26)], authority="cardiff", year=2026)
    assert result.tables["Header"] == [["C1", "F", "10/05/2022", "WBRI", "UN1", "0", ""]]
    # Only the adoption placement episode reaches into 2025-26; it ends with the order (REC E12).
    assert result.tables["Episodes"] == [
        ["C1", "20/01/2025", "P", "E1", "N1", "A6", "PR2", "15/09/2025", "E12", "", "", "", ""]
    ]
    assert result.tables["PlacedAdoption"] == [["C1", "10/05/2022", "15/04/2024", "", ""]]
    # AD1: DATE_INT is the 'should be placed' decision (rule 523: the same as DATE_PLACED),
    # DATE_MATCH the match decision (rules 331 and 333), two adopters MF married (rule 520).
    assert result.tables["AD1"] == [["C1", "10/05/2022", "15/04/2024", "12/12/2024", "0", "2", "MF", "L11"]]
    assert result.children == {"C1": 1}
    assert result.gaps == []


def test_the_whole_journey_makes_one_episode_per_change():
    result = build_return([_child(ADOPTED_2025_26)], authority="cardiff", year=2025)
    assert result.tables["Episodes"] == [
        ["C1", "01/09/2023", "S", "C2", "N1", "U6", "PR1", "20/06/2024", "X1", "", "", "", ""],
        ["C1", "20/06/2024", "L", "E1", "N1", "U6", "PR1", "20/01/2025", "X1", "CARPL", "", "", ""],
        ["C1", "20/01/2025", "P", "E1", "N1", "A6", "PR2", "", "", "", "", "", ""],
    ]
    assert result.tables["AD1"] == []  # the adoption order is in the next year


def test_sex_is_m_or_f_from_2024_25_and_1_or_2_before():
    """Rule 101 from the 2024-25 rules: SEX is M, F or U."""
    sexes = {
        year: build_return([_child(ADOPTED_2025_26)], authority="cardiff", year=year).tables["Header"][0][1]
        for year in (2024, 2025)
    }
    assert sexes == {2024: "2", 2025: "F"}


def test_foster_for_adoption_is_a_placement_with_the_same_carers():
    milestones = [
        (K.ENTERED_CARE, date(2025, 4, 3), {}),
        (K.SHOULD_BE_PLACED, date(2025, 5, 20), {}),
        (K.AUTHORITY_TO_PLACE, date(2025, 7, 1), {"basis": "placement_order"}),
        (K.MATCH_DECISION, date(2025, 7, 31), {}),
        (K.PLACED, date(2025, 8, 4), {}),
        (K.ADOPTION_ORDER, date(2026, 2, 16), {}),
    ]
    details = Details(
        **{**FULL.__dict__, "foster_placement": "U5", "adopters_sex": "FF", "adopters_legal_status": "L12"}
    )
    child = _child(milestones, born=date(2025, 3, 1), sex="1", route="foster_for_adoption", details=details)
    result = build_return([child], authority="cardiff", year=2026)
    # Rule 217: A3/A5 (with current foster carers) need RNE S, T or U; rule 335: FOSTER_CARE 1.
    assert [row[2] for row in result.tables["Episodes"]] == ["S", "L", "T"]
    assert result.tables["Episodes"][-1][5] == "A5"
    assert result.tables["AD1"][0][4:] == ["1", "2", "FF", "L12"]
    assert result.tables["Header"][0][1:2] == ["M"]
    assert result.tables["Header"][0][5] == ""  # MOTHER is for girls only


def test_recorded_foster_carers_answer_wins_over_the_route():
    details = Details(**{**FULL.__dict__, "placed_with_foster_carers": "yes"})
    result = build_return([_child(ADOPTED_2025_26, details=details)], authority="cardiff", year=2026)
    assert result.tables["Episodes"][0][2] == "T" and result.tables["Episodes"][0][5] == "A5"
    assert result.tables["AD1"][0][4] == "1"


def test_consent_placement_keeps_the_legal_status_and_is_a4():
    milestones = [
        (K.ENTERED_CARE, date(2024, 11, 5), {}),
        (K.SHOULD_BE_PLACED, date(2025, 4, 10), {}),
        (K.AUTHORITY_TO_PLACE, date(2025, 5, 15), {"basis": "consent"}),
        (K.PLACED, date(2025, 10, 6), {}),
    ]
    details = Details(
        **{**FULL.__dict__, "legal_status_on_entry": "V2", "adoption_placement_provider": "PR5"}
    )
    result = build_return([_child(milestones, details=details)], authority="cardiff", year=2026)
    assert result.tables["Episodes"] == [
        ["C1", "05/11/2024", "S", "V2", "N1", "U6", "PR1", "06/10/2025", "X1", "CARPL", "", "", ""],
        ["C1", "06/10/2025", "P", "V2", "N1", "A4", "PR5", "", "", "", "", "", ""],
    ]


def test_changes_on_one_day_make_one_episode_never_one_of_no_length():
    """Rule 355: an episode lasts at least a day. A placement order and a
    placement on the same day are one change (RNE B, rules 435 and 436)."""
    milestones = [
        (K.ENTERED_CARE, date(2025, 5, 1), {}),
        (K.AUTHORITY_TO_PLACE, date(2025, 5, 1), {"basis": "placement_order"}),
    ]
    result = build_return([_child(milestones)], authority="cardiff", year=2026)
    assert [(row[1], row[2], row[3], row[5], row[8], row[9]) for row in result.tables["Episodes"]] == [
        ("01/05/2025", "S", "E1", "U6", "", ""),
    ]
    same_day = [
        (K.ENTERED_CARE, date(2025, 5, 1), {}),
        (K.AUTHORITY_TO_PLACE, date(2025, 7, 1), {"basis": "placement_order"}),
        (K.PLACED, date(2025, 7, 1), {}),
    ]
    result = build_return([_child(same_day)], authority="cardiff", year=2026)
    assert [(row[2], row[3], row[5], row[8], row[9]) for row in result.tables["Episodes"]] == [
        ("S", "C2", "U6", "X1", "CARPL"),
        ("B", "E1", "A6", "", ""),
    ]


def test_a_disruption_ends_the_adoption_placement_and_the_next_placement_is_not_known():
    milestones = [
        (K.ENTERED_CARE, date(2024, 1, 1), {}),
        (K.SHOULD_BE_PLACED, date(2024, 3, 1), {}),
        (K.AUTHORITY_TO_PLACE, date(2024, 4, 1), {"basis": "placement_order"}),
        (K.PLACED, date(2025, 5, 1), {}),
        (K.DISRUPTED, date(2025, 8, 1), {"reason": "adopter_circumstances"}),
    ]
    result = build_return([_child(milestones)], authority="cardiff", year=2026)
    assert [(row[1], row[2], row[5], row[6], row[8], row[9]) for row in result.tables["Episodes"]] == [
        ("01/04/2024", "L", "U6", "PR1", "X1", "CARPL"),
        ("01/05/2025", "P", "A6", "PR2", "X1", "CREQO"),
        ("01/08/2025", "P", "", "", "", ""),
    ]


def test_a_plan_changed_in_the_year_ceases_the_decision_and_earlier_ones_leave_the_return():
    milestones = [
        (K.ENTERED_CARE, date(2024, 2, 12), {}),
        (K.SHOULD_BE_PLACED, date(2025, 5, 1), {}),
        (K.PLAN_CHANGED, date(2025, 12, 1), {"reason": "RD1", "note": ""}),
    ]
    result = build_return([_child(milestones)], authority="cardiff", year=2026)
    assert result.tables["PlacedAdoption"] == [["C1", "10/05/2022", "01/05/2025", "01/12/2025", "RD1"]]
    assert result.tables["Episodes"][0][7:9] == ["", ""]  # still looked after at 31 March
    assert build_return([_child(milestones)], authority="cardiff", year=2027).children == {}


def test_only_children_looked_after_in_the_year_are_in_it():
    adopted_before = _child(ADOPTED_2025_26, pk=1, ref="OLD")
    not_yet_in_care = _child([(K.ENTERED_CARE, date(2027, 4, 2), {})], pk=2, ref="NEW")
    result = build_return([adopted_before, not_yet_in_care], authority="cardiff", year=2027)
    assert result.children == {}
    assert result.row_counts == {"Header": 0, "Episodes": 0, "PlacedAdoption": 0, "AD1": 0}


def test_milestones_after_the_year_are_not_in_it():
    result = build_return([_child(ADOPTED_2025_26)], authority="cardiff", year=2024)
    assert result.tables["Episodes"] == [
        ["C1", "01/09/2023", "S", "C2", "N1", "U6", "PR1", "", "", "", "", "", ""]
    ]
    assert result.tables["PlacedAdoption"] == []


def test_missing_details_are_left_blank_and_named():
    result = build_return([_child(ADOPTED_2025_26, details=Details())], authority="cardiff", year=2026)
    assert result.tables["Episodes"][0][3:7] == ["E1", "", "A6", ""]
    assert result.tables["AD1"][0][4:] == ["0", "", "", ""]
    assert [gap.field for gap in result.gaps] == [
        "upn",
        "category_of_need",
        "legal_status_on_entry",
        "foster_placement",
        "foster_placement_provider",
        "adoption_placement_provider",
        "adopters_sex",
        "adopters_legal_status",
        "adoption_order_reason",
    ]


def test_mother_is_0_for_a_girl_under_11_and_blank_from_11():
    """Rule 620: a mother may not be under 11."""
    older = _child(ADOPTED_2025_26, pk=2, ref="C2", born=date(2014, 1, 1))
    result = build_return([_child(ADOPTED_2025_26), older], authority="cardiff", year=2026)
    assert [row[5] for row in result.tables["Header"]] == ["0", ""]


def test_the_files_are_csv_with_the_dfe_columns_and_the_zip_has_all_four():
    result = build_return([_child(ADOPTED_2025_26)], authority="cardiff", year=2026)
    rows = list(csv.reader(io.StringIO(result.csv("AD1").decode("utf-8"))))
    assert rows[0] == SSDA903_TABLES["AD1"]
    assert rows[1][:3] == ["C1", "10/05/2022", "15/04/2024"]
    with zipfile.ZipFile(io.BytesIO(result.zip())) as archive:
        assert sorted(archive.namelist()) == ["AD1.csv", "Episodes.csv", "Header.csv", "PlacedAdoption.csv"]
        assert archive.read("Header.csv") == result.csv("Header")
    assert result.filename() == "SSDA903_cardiff_2025-26.zip"
    assert result.filename("AD1") == "SSDA903_cardiff_2025-26_AD1.csv"
