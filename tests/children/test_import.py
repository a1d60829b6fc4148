"""Importing children from a case system: all or nothing, errors by file, row
and column, and no duplicates when a file is imported again."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import Workbook

from nas.audit.services import verify_chain
from nas.children.imports import CHILDREN_COLUMNS, SSDA903_TABLES, import_children
from nas.children.models import Child
from nas.organisations.models import Organisation

pytestmark = pytest.mark.django_db

COLUMNS = list(CHILDREN_COLUMNS)


def _rows(n: int) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        born = date(2015, 1, 1) + timedelta(days=i % 2500)
        rows.append(
            {
                "case_reference": f"CDF{i:06d}",
                "first_names": f"Child {i}",
                "last_name": "Test",
                "date_of_birth": born.strftime("%d/%m/%Y"),
                "sex": "1" if i % 2 else "2",
                "ethnicity": "WBRI",
                "entered_care": (born + timedelta(days=200)).strftime("%d/%m/%Y"),
                "language": "bilingual",
                "religion": "",
                "legal_status": "C2",
                "disability": "no",
                "health_needs": "low",
                "developmental_needs": "medium",
                "behavioural_needs": "none",
                "early_permanence": "none",
                "permanence_plan": (born + timedelta(days=300)).strftime("%d/%m/%Y"),
                "childs_adoption_report": "",
                "should_be_placed": "",
                "authority_to_place": "",
            }
        )
    return rows


def _csv(rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _cardiff() -> int:
    return Organisation.objects.get(code="cardiff").pk


def test_5000_rows_with_three_bad_rows_import_nothing_and_name_the_three(personas):
    rows = _rows(5000)
    rows[10]["sex"] = "M"  # unknown code: spreadsheet row 12
    rows[2500]["date_of_birth"] = "03/04/19"  # two-digit year: row 2502
    rows[4999]["entered_care"] = "01/01/2010"  # before birth: row 5001
    result = import_children(
        actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=[("children.csv", _csv(rows))]
    )
    assert not result.ok
    assert Child.objects.count() == 0
    assert sorted({e.row for e in result.errors}) == [12, 2502, 5001]
    messages = {e.row: (e.column, e.message) for e in result.errors}
    assert messages[12][0] == "sex" and "'M' is not a known code" in messages[12][1]
    assert messages[2502][0] == "date_of_birth" and "two-digit year" in messages[2502][1]
    assert messages[5001][0] == "entered_care" and "before the child's date of birth" in messages[5001][1]
    assert {e.code for e in result.errors if e.row == 5001} == {"not_before_birth"}
    assert str(result.errors[0]).startswith("children.csv, row 12, sex:")


def test_the_corrected_file_imports_5000_and_again_adds_none(personas):
    content = _csv(_rows(5000))
    first = import_children(
        actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=[("c.csv", content)]
    )
    assert first.ok and first.created == 5000
    assert Child.objects.count() == 5000
    child = Child.objects.get(case_reference="CDF000042")
    assert [m.kind for m in child.milestones.order_by("sequence")] == ["entered_care", "permanence_plan"]
    assert child.stage == "adoption_plan"
    again = import_children(
        actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=[("c.csv", content)]
    )
    assert again.ok and again.created == 0 and again.updated == 0 and again.unchanged == 5000
    assert Child.objects.count() == 5000
    assert verify_chain() is None


def test_a_changed_row_updates_the_child_and_adds_its_new_milestone(personas):
    rows = _rows(3)
    import_children(
        actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=[("c.csv", _csv(rows))]
    )
    rows[1]["religion"] = "Christian"
    rows[1]["childs_adoption_report"] = "01/06/2016"
    result = import_children(
        actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=[("c.csv", _csv(rows))]
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    child = Child.objects.get(case_reference="CDF000001")
    assert child.religion == "Christian" and child.stage == "report_completed" and child.version == 2


def test_missing_columns_are_named(personas):
    content = _csv(_rows(2), columns=[c for c in COLUMNS if c not in {"date_of_birth", "sex"}])
    result = import_children(
        actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=[("c.csv", content)]
    )
    assert [str(e) for e in result.errors] == [
        "c.csv, row 1: The file is missing the columns: date_of_birth, sex"
    ]


def test_an_unrecognised_file_is_explained(personas):
    result = import_children(
        actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=[("x.csv", b"a,b\n1,2\n")]
    )
    assert "not those of the children layout or of an SSDA903 table" in result.errors[0].message


def test_a_duplicate_reference_in_the_file_is_refused(personas):
    rows = _rows(2)
    rows[1]["case_reference"] = rows[0]["case_reference"]
    result = import_children(
        actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=[("c.csv", _csv(rows))]
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "case_reference")]


def test_an_excel_file_imports(personas):
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    row = _rows(1)[0]
    row["date_of_birth"] = date(2014, 5, 4)
    sheet.append([row[c] for c in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_children(
        actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=[("c.xlsx", buffer.getvalue())]
    )
    assert result.ok and result.created == 1
    assert Child.objects.get().date_of_birth == date(2014, 5, 4)


def _table(name: str, rows: list[list[str]]) -> tuple[str, bytes]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(SSDA903_TABLES[name])
    writer.writerows(rows)
    return f"{name.lower()}.csv", out.getvalue().encode()


def _ssda903() -> list[tuple[str, bytes]]:
    return [
        _table(
            "Header",
            [["A1", "1", "01/02/2020", "WBRI", "", "", ""], ["A2", "2", "05/06/2021", "MWBC", "", "", ""]],
        ),
        _table(
            "Episodes",
            [
                ["A1", "10/03/2021", "S", "C2", "N1", "U1", "PR1", "01/07/2022", "X1", "", "", "", ""],
                ["A1", "01/07/2022", "L", "E1", "N1", "U1", "PR1", "01/09/2022", "X1", "", "", "", ""],
                ["A1", "01/09/2022", "P", "E1", "N1", "A4", "PR1", "15/03/2023", "E11", "", "", "", ""],
                ["A2", "01/07/2021", "S", "C2", "N1", "U1", "PR1", "", "", "", "", "", ""],
            ],
        ),
        _table(
            "PlacedAdoption",
            [
                ["A1", "01/02/2020", "01/06/2022", "", ""],
                ["A2", "05/06/2021", "01/05/2022", "01/11/2022", "RD1"],
            ],
        ),
        _table("AD1", [["A1", "01/02/2020", "01/06/2022", "20/08/2022", "0", "2", "MF", "L0"]]),
    ]


def test_the_ssda903_tables_import_the_journey(personas):
    result = import_children(actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=_ssda903())
    assert result.ok, [str(e) for e in result.errors]
    adopted = Child.objects.get(case_reference="A1")
    assert [(m.kind, m.date) for m in adopted.milestones.order_by("sequence")] == [
        ("entered_care", date(2021, 3, 10)),
        ("should_be_placed", date(2022, 6, 1)),
        ("authority_to_place", date(2022, 7, 1)),
        ("match_decision", date(2022, 8, 20)),
        ("placed", date(2022, 9, 1)),
        ("adoption_order", date(2023, 3, 15)),
    ]
    assert adopted.stage == "adopted"
    assert adopted.is_restricted
    assert adopted.post_adoption_record.adoption_order_date == date(2023, 3, 15)
    # The measures' journey dates came in with the bulk-loaded milestones.
    dates = adopted.journey_dates
    assert (dates.entered_care, dates.adoption_order, dates.last_placed, dates.wait_ended) == (
        date(2021, 3, 10),
        date(2023, 3, 15),
        date(2022, 9, 1),
        date(2022, 8, 20),
    )
    assert dates.local_authority_id == _cardiff()
    changed = Child.objects.get(case_reference="A2")
    assert changed.stage == "plan_changed"
    assert changed.milestones.get(kind="plan_changed").detail["reason"] == "RD1"
    assert str(changed) == "Child A2"


def test_ssda903_unknown_codes_and_orphans_are_reported(personas):
    files = _ssda903()
    files[1] = _table(
        "Episodes", [["A9", "10/03/2021", "S", "Z9", "N1", "U1", "PR1", "", "", "", "", "", ""]]
    )
    result = import_children(actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=files)
    found = {(e.file, e.row, e.column) for e in result.errors}
    assert ("episodes.csv", 2, "CHILD") in found
    assert ("episodes.csv", 2, "LS") in found
    assert Child.objects.count() == 0


def test_the_command_imports_and_refuses_someone_who_may_not(personas, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "children.csv"
    path.write_bytes(_csv(_rows(3)))
    with pytest.raises(CommandError, match="may not import"):
        call_command("import_children", str(path), authority="cardiff", username="sw.cardiff")
    out = io.StringIO()
    call_command("import_children", str(path), authority="cardiff", username="tm.cardiff", stdout=out)
    assert "Imported: 3 new" in out.getvalue()


def test_an_adopted_childs_restricted_record_cannot_be_changed_by_import(personas):
    import_children(actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=_ssda903())
    files = _ssda903()
    files[0] = _table(
        "Header",
        [["A1", "2", "01/02/2020", "WBRI", "", "", ""], ["A2", "1", "05/06/2021", "WBRI", "", "", ""]],
    )
    result = import_children(actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=files)
    assert not result.ok
    assert any("A1 was adopted" in str(e) for e in result.errors)
    assert Child.objects.get(case_reference="A1").sex == "1"


def test_a_child_twice_in_the_header_table_is_reported(personas):
    files = _ssda903()
    files[0] = _table(
        "Header",
        [
            ["A1", "1", "01/02/2020", "WBRI", "", "", ""],
            ["A1", "1", "01/02/2020", "WBRI", "", "", ""],
            ["A2", "1", "05/06/2021", "WBRI", "", "", ""],
        ],
    )
    result = import_children(actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=files)
    assert not result.ok
    assert any("A1 is in the Header table twice" in str(e) and e.row == 3 for e in result.errors)


def test_an_overlong_csv_field_is_a_clear_error_not_a_crash(personas):
    content = b"case_reference,first_names\n" + b"A," + b"x" * 200_000 + b"\n"
    result = import_children(
        actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=[("huge.csv", content)]
    )
    assert not result.ok
    assert "cannot be read as CSV" in str(result.errors[0])


def test_an_excel_date_in_the_future_is_refused(personas):
    from django.utils import timezone

    row = _rows(1)[0]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    row["date_of_birth"] = timezone.localdate() + timedelta(days=365)
    sheet.append([row[c] for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_children(
        actor=personas["tm.cardiff"],
        local_authority_id=_cardiff(),
        files=[("future.xlsx", buffer.getvalue())],
    )
    assert not result.ok
    assert any(e.column == "date_of_birth" and "in the future" in str(e) for e in result.errors)


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_a_read_during_a_large_import_goes_ahead(personas, monkeypatch):
    """SQLite has one writer, and an audited read is a write: a large import
    is committed in batches, so someone reading a record in the middle of it
    is served at once instead of waiting for the whole file."""
    import threading

    from django.db import connection, connections, transaction

    from nas.audit.services import audit_record
    from nas.children import imports

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL writes the file in one transaction; readers never wait for it")
    monkeypatch.setattr(imports, "SQLITE_BATCH", 5)
    monkeypatch.setattr(imports, "SQLITE_PAUSE_SECONDS", 0)
    reads: list[int] = []
    real_audit_records = imports.audit_records

    def read_in_another_request() -> None:
        try:
            # As a page would: an audited read (a write on SQLite), which must not wait.
            connections["default"].cursor().execute("PRAGMA busy_timeout = 100")
            audit_record(actor=personas["tm.cardiff"], action="view", record_type="core.list", record_id=0)
            reads.append(Child.objects.count())
        finally:
            connections["default"].close()

    def after_first_batch() -> None:
        if not reads:
            reader = threading.Thread(target=read_in_another_request)
            reader.start()
            reader.join(timeout=30)

    def audit_then_read(**kwargs):
        real_audit_records(**kwargs)
        if kwargs["action"] == "update":
            transaction.on_commit(after_first_batch)

    monkeypatch.setattr(imports, "audit_records", audit_then_read)
    result = import_children(
        actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=[("children.csv", _csv(_rows(12)))]
    )
    assert result.ok and result.created == 12
    # The read was served in the middle of the import, after its first batch.
    assert reads == [5]
    assert verify_chain() is None


def test_children_imported_at_the_should_be_placed_decision_get_their_family_finding_profile(personas):
    from nas.matching.models import ChildProfile

    result = import_children(actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=_ssda903())
    assert result.ok, [str(e) for e in result.errors]
    profiles = ChildProfile.objects.filter(child__case_reference__in=["A1", "A2"])
    assert profiles.count() == 2
    assert {p.region.code for p in profiles} == {
        Child.objects.get(case_reference="A1").local_authority.region.code
    }


def test_on_sqlite_a_refusal_in_the_last_batch_still_imports_nothing(personas, monkeypatch):
    """All or nothing holds when SQLite writes in batches: every batch is
    checked (written and rolled back) before any is written for real."""
    from django.db import connection

    from nas.children import imports

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL writes the file in one transaction")
    monkeypatch.setattr(imports, "SQLITE_BATCH", 5)
    monkeypatch.setattr(imports, "SQLITE_PAUSE_SECONDS", 0)
    import_children(actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=_ssda903())
    before = Child.objects.count()
    rows = _rows(12)
    rows[11]["case_reference"] = "A1"  # adopted: its record is restricted
    result = import_children(
        actor=personas["tm.cardiff"], local_authority_id=_cardiff(), files=[("children.csv", _csv(rows))]
    )
    assert not result.ok and any("A1 was adopted" in str(e) for e in result.errors)
    assert Child.objects.count() == before
    assert verify_chain() is None
