"""The SSDA903 import with real files: entering care from the episode that
starts the period of care, SEX in both codings, the return's other tables
skipped with a notice, a file imported again changing nothing, the DfE's
adoption rules (522, 523, 524, 120) named at the cell that is wrong, and the
partial mode that imports the valid children and reports the rest."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import translation

from nas.children.imports import SSDA903_TABLES, import_children, problems_csv
from nas.children.models import Child
from nas.children.ssda903 import SKIPPED_TABLES
from nas.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _table(name: str, rows: list[list[str]], columns: list[str] | None = None) -> tuple[str, bytes]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns or SSDA903_TABLES[name])
    writer.writerows(rows)
    return f"{name.lower()}.csv", out.getvalue().encode()


def _files(
    header: list[list[str]] | None = None,
    episodes: list[list[str]] | None = None,
    placed: list[list[str]] | None = None,
    ad1: list[list[str]] | None = None,
) -> list[tuple[str, bytes]]:
    """A1 adopted; A2's decision reversed (RD1)."""
    return [
        _table(
            "Header",
            header
            or [["A1", "1", "01/02/2020", "WBRI", "", "", ""], ["A2", "2", "05/06/2021", "MWBC", "", "", ""]],
        ),
        _table(
            "Episodes",
            episodes
            or [
                ["A1", "10/03/2021", "S", "C2", "N1", "U1", "PR1", "01/07/2022", "X1", "", "", "", ""],
                ["A1", "01/07/2022", "L", "E1", "N1", "U1", "PR1", "01/09/2022", "X1", "", "", "", ""],
                ["A1", "01/09/2022", "P", "E1", "N1", "A4", "PR1", "15/03/2023", "E11", "", "", "", ""],
                ["A2", "01/07/2021", "S", "C2", "N1", "U1", "PR1", "", "", "", "", "", ""],
            ],
        ),
        _table(
            "PlacedAdoption",
            placed
            or [
                ["A1", "01/02/2020", "01/06/2022", "", ""],
                ["A2", "05/06/2021", "01/05/2022", "01/11/2022", "RD1"],
            ],
        ),
        _table("AD1", ad1 or [["A1", "01/02/2020", "01/06/2022", "20/08/2022", "0", "2", "MF", "L0"]]),
    ]


def _import(personas, files, **options):
    cardiff = Organisation.objects.get(code="cardiff").pk
    return import_children(actor=personas["tm.cardiff"], local_authority_id=cardiff, files=files, **options)


def _where(result) -> set[tuple[str, int | None, str, str]]:
    return {(e.file, e.row, e.column, e.code) for e in result.errors}


def test_entering_care_is_the_episode_that_starts_the_period_of_care_not_the_first_in_the_file(personas):
    # A year's file: A1's period of care began before it (no RNE S), the
    # decision came before the file's first episode.
    episodes = [
        ["A1", "01/07/2022", "L", "E1", "N1", "U1", "PR1", "01/09/2022", "X1", "", "", "", ""],
        ["A1", "01/09/2022", "P", "E1", "N1", "A4", "PR1", "", "", "", "", "", ""],
        ["A2", "01/03/2021", "P", "C2", "N1", "U1", "PR1", "01/07/2021", "X1", "", "", "", ""],
        ["A2", "01/07/2021", "S", "C2", "N1", "U1", "PR1", "", "", "", "", "", ""],
    ]
    result = _import(personas, _files(episodes=episodes))
    assert result.ok, [str(e) for e in result.errors]
    first = Child.objects.get(case_reference="A1")
    assert not first.milestones.filter(kind="entered_care").exists()
    assert first.stage == "placed"
    second = Child.objects.get(case_reference="A2")
    assert second.milestones.get(kind="entered_care").date == date(2021, 7, 1)


@pytest.mark.parametrize(("sex", "stored"), [("M", "1"), ("F", "2"), ("U", "U"), ("1", "1"), ("2", "2")])
def test_sex_is_read_in_both_codings(personas, sex, stored):
    header = [["A1", sex, "01/02/2020", "WBRI", "", "", ""], ["A2", "2", "05/06/2021", "MWBC", "", "", ""]]
    result = _import(personas, _files(header=header))
    assert result.ok, [str(e) for e in result.errors]
    assert Child.objects.get(case_reference="A1").sex == stored


def test_the_returns_other_tables_are_skipped_with_a_notice(personas):
    others = [_table(name, [], columns) for name, columns in SKIPPED_TABLES.items()]
    result = _import(personas, [*_files(), *others])
    assert result.ok, [str(e) for e in result.errors]
    assert result.created == 2
    notices = {n.file: n.message for n in result.notices}
    assert set(notices) == {f"{name.lower()}.csv" for name in SKIPPED_TABLES}
    assert "the SSDA903 Reviews table is not used" in notices["reviews.csv"]


def test_importing_the_same_files_again_changes_nothing_and_says_so(personas):
    assert _import(personas, _files()).created == 2
    assert Child.objects.get(case_reference="A1").is_restricted
    again = _import(personas, _files())
    assert again.ok, [str(e) for e in again.errors]
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert again.nothing_changed


def test_a_restricted_record_is_still_not_changed_by_an_import(personas):
    _import(personas, _files())
    changed = [["A1", "2", "01/02/2020", "WBRI", "", "", ""], ["A2", "2", "05/06/2021", "MWBC", "", "", ""]]
    result = _import(personas, _files(header=changed))
    assert not result.ok
    assert [e.child for e in result.errors] == ["A1"]
    assert Child.objects.get(case_reference="A1").sex == "1"


def test_dfe_rule_522_a_decision_reversed_before_it_was_made(personas):
    placed = [
        ["A1", "01/02/2020", "01/06/2022", "", ""],
        ["A2", "05/06/2021", "01/05/2022", "01/04/2022", "RD1"],
    ]
    result = _import(personas, _files(placed=placed))
    assert ("placedadoption.csv", 3, "DATE_PLACED_CEASED", "522") in _where(result)
    assert Child.objects.count() == 0


def test_dfe_rule_120_the_reason_a_decision_ceased_must_be_rd1_to_rd4(personas):
    placed = [
        ["A1", "01/02/2020", "01/06/2022", "", ""],
        ["A2", "05/06/2021", "01/05/2022", "01/11/2022", "E11"],
    ]
    result = _import(personas, _files(placed=placed))
    assert ("placedadoption.csv", 3, "REASON_PLACED_CEASED", "120") in _where(result)


def test_dfe_rule_523_date_int_is_the_date_of_the_should_be_placed_decision(personas):
    ad1 = [["A1", "01/02/2020", "02/06/2022", "20/08/2022", "0", "2", "MF", "L0"]]
    result = _import(personas, _files(ad1=ad1))
    assert ("ad1.csv", 2, "DATE_INT", "523") in _where(result)


def test_dfe_rule_524_a_same_sex_married_couple_is_mm_or_ff(personas):
    ad1 = [["A1", "01/02/2020", "01/06/2022", "20/08/2022", "0", "2", "MF", "L12"]]
    result = _import(personas, _files(ad1=ad1))
    assert ("ad1.csv", 2, "SEX_ADOPTR", "524") in _where(result)
    with translation.override("cy"):
        welsh = _import(personas, _files(ad1=ad1))
    message = next(e.message for e in welsh.errors if e.code == "524")
    assert "L12" in message and "MM" in message
    assert message != next(e.message for e in result.errors if e.code == "524")


def test_a_journey_problem_is_named_at_the_cell_that_is_wrong(personas):
    # Adopted one week after the placement: ACA 2002 s.42(2)(a).
    episodes = [
        ["A1", "10/03/2021", "S", "C2", "N1", "U1", "PR1", "01/07/2022", "X1", "", "", "", ""],
        ["A1", "01/07/2022", "L", "E1", "N1", "U1", "PR1", "01/09/2022", "X1", "", "", "", ""],
        ["A1", "01/09/2022", "P", "E1", "N1", "A4", "PR1", "08/09/2022", "E11", "", "", "", ""],
        ["A2", "01/07/2021", "S", "C2", "N1", "U1", "PR1", "", "", "", "", "", ""],
    ]
    result = _import(personas, _files(episodes=episodes))
    assert _where(result) == {("episodes.csv", 4, "DEC", "adoption_order_10_weeks")}


def test_partial_mode_imports_the_valid_children_and_reports_the_rest(personas):
    placed = [
        ["A1", "01/02/2020", "01/06/2022", "", ""],
        ["A2", "05/06/2021", "01/05/2022", "01/04/2022", "RD1"],
    ]
    assert not _import(personas, _files(placed=placed)).written
    result = _import(personas, _files(placed=placed), partial=True)
    assert result.written and not result.ok
    assert result.created == 1 and result.refused_children == 1
    assert list(Child.objects.values_list("case_reference", flat=True)) == ["A1"]
    rows = list(csv.reader(io.StringIO(problems_csv(result.errors).decode("utf-8-sig"))))
    assert rows[0] == ["File", "Row", "Column", "Rule", "Child", "Problem"]
    assert rows[1][:5] == ["placedadoption.csv", "3", "DATE_PLACED_CEASED", "522", "A2"]


def test_the_command_imports_partially_and_writes_the_problems(personas, tmp_path):
    placed = [
        ["A1", "01/02/2020", "01/06/2022", "", ""],
        ["A2", "05/06/2021", "01/05/2022", "01/04/2022", "RD1"],
    ]
    paths = []
    for name, content in _files(placed=placed):
        path = tmp_path / name
        path.write_bytes(content)
        paths.append(str(path))
    problems = tmp_path / "problems.csv"
    out = io.StringIO()
    call_command(
        "import_children",
        *paths,
        "--authority",
        "cardiff",
        "--as",
        "tm.cardiff",
        "--partial",
        "--problems",
        str(problems),
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "1 new" in out.getvalue()
    assert "522" in problems.read_text("utf-8-sig")


def test_year_after_year_the_childs_history_grows(personas):
    header = [["A1", "1", "01/02/2020", "WBRI", "UN1", "", ""]]
    placed = [["A1", "01/02/2020", "01/06/2022", "", ""]]
    first_year = [
        ["A1", "10/03/2021", "S", "C2", "N1", "U1", "PR1", "01/07/2022", "X1", "", "", "", ""],
        ["A1", "01/07/2022", "L", "E1", "N1", "U1", "PR1", "", "", "", "", "", ""],
    ]
    second_year = [
        ["A1", "01/07/2022", "L", "E1", "N1", "U1", "PR1", "01/09/2022", "X1", "CARPL", "", "", ""],
        ["A1", "01/09/2022", "P", "E1", "N1", "A6", "PR2", "15/03/2023", "E11", "", "", "", ""],
    ]
    ad1 = [["A1", "01/02/2020", "01/06/2022", "20/08/2022", "0", "2", "MF", "L11"]]
    first = _files(header=header, episodes=first_year, placed=placed)[:3]
    assert _import(personas, first).created == 1
    assert Child.objects.get().stage == "authority_to_place"

    result = _import(
        personas, [*_files(header=header, episodes=second_year, placed=placed)[:3], _files(ad1=ad1)[3]]
    )
    assert result.ok and result.updated == 1, [str(e) for e in result.errors]
    child = Child.objects.get()
    assert child.stage == "adopted" and child.is_restricted
    assert [m.kind for m in child.milestones.order_by("sequence")] == [
        "entered_care",
        "should_be_placed",
        "authority_to_place",
        "match_decision",
        "placed",
        "adoption_order",
    ]
    episodes = list(child.care_episodes.values_list("start", "end", "reason_ended"))
    assert episodes == [
        (date(2021, 3, 10), date(2022, 7, 1), "X1"),
        (date(2022, 7, 1), date(2022, 9, 1), "X1"),
        (date(2022, 9, 1), date(2023, 3, 15), "E11"),
    ]
