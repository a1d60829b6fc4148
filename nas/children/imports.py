"""Importing children from a local authority's case system.

Two layouts are accepted:

1. The children layout (CSV or Excel .xlsx), one row a child, with the
   columns in CHILDREN_COLUMNS (documented in docs/import-children.md).
2. England's SSDA903 return as CSV tables, recognised by their header row:
   Header (CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB), Episodes (CHILD,
   DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE,
   HOME_POST, PL_POST, URN), PlacedAdoption (CHILD, DOB, DATE_PLACED,
   DATE_PLACED_CEASED, REASON_PLACED_CEASED) and AD1 (CHILD, DOB, DATE_INT,
   DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR) — the column
   sets of the DfE's SSDA903 specification as the DfE validator
   (csc-validator-be-903, lac_validator/config.py) reads them.

Every row is validated first; any error imports nothing and is reported by
file, row and column. A child is matched on the authority's case reference,
so importing the same file again adds nobody.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_records
from nas.children import codes, journey_dates
from nas.children.journey import TRANSITIONS, MilestoneKind, Stage
from nas.children.models import Child, Milestone, PostAdoptionRecord
from nas.children.ssda903 import (
    ADOPTED_REASONS,
    ADOPTION_PLACEMENTS,
    LETTER_SEX,
    SSDA903_TABLES,
    is_case_reference,
)

RECORD_TYPE = "children.child"

CHILDREN_COLUMNS = {
    # column: (required, description)
    "case_reference": (True, "The child's reference in the case system"),
    "first_names": (True, "First names"),
    "last_name": (True, "Last name"),
    "date_of_birth": (True, "Date of birth, DD/MM/YYYY"),
    "sex": (True, "1 male, 2 female (SSDA903 SEX)"),
    "ethnicity": (True, "SSDA903 ETHNIC code, e.g. WBRI"),
    "entered_care": (True, "Date the child entered care"),
    "language": (False, "welsh, bilingual, english or other"),
    "religion": (False, "Free text"),
    "legal_status": (False, "SSDA903 LS code, e.g. C2, E1"),
    "disability": (False, "yes or no"),
    "health_needs": (False, "none, low, medium or high"),
    "developmental_needs": (False, "none, low, medium or high"),
    "behavioural_needs": (False, "none, low, medium or high"),
    "early_permanence": (False, "none, foster_for_adoption or concurrent_planning"),
    "permanence_plan": (False, "Date adoption was agreed as the plan"),
    "childs_adoption_report": (False, "Date the Child's Adoption Report was completed"),
    "should_be_placed": (False, "Date of the ADM's 'should be placed' decision"),
    "authority_to_place": (False, "Date of the placement order or consent"),
}
CHILDREN_MILESTONES = ["permanence_plan", "childs_adoption_report", "should_be_placed", "authority_to_place"]

MAX_ROWS = 100_000
# Children written to one transaction on SQLite (import_children): about a
# second of holding its single write lock, where a 30,000-row file in one
# transaction held it for 21 s and an audited read waited 19.7 s for it.
SQLITE_BATCH = 1000
# A pause between batches longer than SQLite's busy handler sleeps between
# tries (at most 100 ms): without it the import takes the lock back at once
# and a waiting request can still starve (measured with bench/import_readers.py:
# a 14 s wait without the pause, at most 2 s with it).
SQLITE_PAUSE_SECONDS = 0.15


@dataclass(frozen=True)
class RowError:
    file: str
    row: int | None  # the spreadsheet row number (the header is row 1)
    column: str
    message: str

    def __str__(self) -> str:
        where = _("%(file)s, row %(row)s") % {"file": self.file, "row": self.row} if self.row else self.file
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ChildRow:
    file: str
    row: int
    fields: dict[str, Any]
    milestones: list[tuple[str, date, dict[str, Any]]]


class _Rows:
    """Reads a value from a row, recording a clear error instead of raising."""

    def __init__(self, file: str, errors: list[RowError]) -> None:
        self.file, self.errors = file, errors

    def fail(self, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(self.file, row, column, message))

    def date(self, row: int, column: str, raw: Any, *, required: bool) -> date | None:
        if isinstance(raw, date):
            # An Excel cell holds the date itself; it must still not be in the future.
            day = raw.date() if isinstance(raw, datetime) else raw
            if day > timezone.localdate():
                self.fail(
                    row, column, _("'%(value)s' is in the future") % {"value": day.strftime("%d/%m/%Y")}
                )
                return None
            return day
        text = str(raw or "").strip()
        if not text:
            if required:
                self.fail(row, column, _("Enter a date"))
            return None
        if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}", text):
            self.fail(
                row,
                column,
                _("'%(value)s' has a two-digit year: write the year in full, for example 01/02/2019")
                % {"value": text},
            )
            return None
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                parsed = datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time
            except ValueError:
                continue
            if parsed > timezone.localdate():
                self.fail(row, column, _("'%(value)s' is in the future") % {"value": text})
                return None
            return parsed
        self.fail(
            row,
            column,
            _("'%(value)s' is not a date: use DD/MM/YYYY, for example 27/03/2019") % {"value": text},
        )
        return None

    def code(
        self, row: int, column: str, raw: Any, choices: Any, *, required: bool, default: str = ""
    ) -> str:
        text = str(raw or "").strip()
        if not text:
            if required:
                self.fail(row, column, _("Enter a value"))
            return default
        valid = {str(v).lower(): str(v) for v in choices.values}
        if text.lower() in valid:
            return valid[text.lower()]
        self.fail(
            row,
            column,
            _("'%(value)s' is not a known code; use one of: %(codes)s")
            % {"value": text, "codes": ", ".join(choices.values)},
        )
        return default

    def reference(self, row: int, column: str, raw: Any) -> str:
        """A case reference (CHILD): an identifier, never free text."""
        text = str(raw or "").strip()
        if not text:
            self.fail(row, column, _("Enter the case reference"))
        elif not is_case_reference(text):
            self.fail(
                row,
                column,
                _(
                    "This is not a case reference: use up to 40 letters and digits, with hyphens, "
                    "slashes, underscores, full stops or single spaces between them"
                ),
            )
        return text

    def text(self, row: int, column: str, raw: Any, *, required: bool, max_length: int = 120) -> str:
        text = str(raw or "").strip()
        if required and not text:
            self.fail(row, column, _("Enter a value"))
        if len(text) > max_length:
            self.fail(row, column, _("Use %(max)s characters or fewer") % {"max": max_length})
        return text


def _read_table(
    name: str, content: bytes, errors: list[RowError]
) -> tuple[list[str], list[list[Any]]] | None:
    """Header and rows of a CSV or .xlsx file."""
    if name.lower().endswith(".xlsx"):
        try:
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        except Exception:  # noqa: BLE001 - any unreadable workbook is the same problem for the user
            errors.append(
                RowError(name, None, "", _("This file cannot be read as an Excel workbook (.xlsx)"))
            )
            return None
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("cp1252")
            except UnicodeDecodeError:
                errors.append(RowError(name, None, "", _("This file is not a CSV text file")))
                return None
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error as error:
            errors.append(
                RowError(
                    name,
                    None,
                    "",
                    _("This file cannot be read as CSV (%(problem)s). Save it again as CSV and retry")
                    % {"problem": error},
                )
            )
            return None
    rows = [r for r in rows if any(str(c or "").strip() for c in r)]
    if not rows:
        errors.append(RowError(name, None, "", _("The file is empty")))
        return None
    if len(rows) > MAX_ROWS + 1:
        errors.append(RowError(name, None, "", _("The file has more than %(max)s rows") % {"max": MAX_ROWS}))
        return None
    header = [str(c or "").strip() for c in rows[0]]
    return header, rows[1:]


def _identify(header: list[str]) -> str | None:
    upper = {h.upper() for h in header}
    for table, columns in SSDA903_TABLES.items():
        if set(columns) <= upper:
            return table
    if {h.lower() for h in header} & {"case_reference", "first_names"}:
        return "children"
    return None


def _missing_columns(header: list[str], required: list[str], name: str, errors: list[RowError]) -> bool:
    have = {h.strip().lower() for h in header}
    missing = [c for c in required if c.lower() not in have]
    if missing:
        errors.append(
            RowError(
                name,
                1,
                "",
                _("The file is missing the columns: %(columns)s") % {"columns": ", ".join(missing)},
            )
        )
    return bool(missing)


def parse_files(files: list[tuple[str, bytes]]) -> tuple[list[ChildRow], list[RowError]]:
    errors: list[RowError] = []
    tables: dict[str, tuple[str, list[str], list[list[Any]]]] = {}
    children_rows: list[ChildRow] = []
    for name, content in files:
        table = _read_table(name, content, errors)
        if table is None:
            continue
        header, rows = table
        kind = _identify(header)
        if kind is None:
            required = [c for c, (req, _d) in CHILDREN_COLUMNS.items() if req]
            errors.append(
                RowError(
                    name,
                    1,
                    "",
                    _(
                        "The columns are not those of the children layout or of an SSDA903 table "
                        "(Header, Episodes, PlacedAdoption, AD1). The children layout needs: %(columns)s"
                    )
                    % {"columns": ", ".join(required)},
                )
            )
            continue
        if kind == "children":
            required = [c for c, (req, _d) in CHILDREN_COLUMNS.items() if req]
            if not _missing_columns(header, required, name, errors):
                children_rows.extend(_parse_children(name, header, rows, errors))
        else:
            if kind in tables:
                errors.append(
                    RowError(
                        name, None, "", _("Two files are both the SSDA903 %(table)s table") % {"table": kind}
                    )
                )
                continue
            tables[kind] = (name, [h.upper() for h in header], rows)
    if tables:
        children_rows.extend(_parse_ssda903(tables, errors))
    seen: dict[str, ChildRow] = {}
    for child in children_rows:
        ref = child.fields["case_reference"]
        if ref in seen:
            errors.append(
                RowError(
                    child.file,
                    child.row,
                    "case_reference",
                    _("The case reference %(ref)s is also on row %(row)s")
                    % {"ref": ref, "row": seen[ref].row},
                )
            )
        seen[ref] = child
    return children_rows, errors


def _parse_children(
    name: str, header: list[str], rows: list[list[Any]], errors: list[RowError]
) -> list[ChildRow]:
    index = {h.strip().lower(): i for i, h in enumerate(header)}
    reader = _Rows(name, errors)
    parsed = []
    for number, raw in enumerate(rows, start=2):

        def cell(column: str, raw: list[Any] = raw) -> Any:
            i = index.get(column)
            return raw[i] if i is not None and i < len(raw) else None

        dob = reader.date(number, "date_of_birth", cell("date_of_birth"), required=True)
        fields: dict[str, Any] = {
            "case_reference": reader.reference(number, "case_reference", cell("case_reference")),
            "first_names": reader.text(number, "first_names", cell("first_names"), required=True),
            "last_name": reader.text(number, "last_name", cell("last_name"), required=True),
            "date_of_birth": dob,
            "sex": reader.code(number, "sex", cell("sex"), codes.Sex, required=True),
            "ethnicity": reader.code(number, "ethnicity", cell("ethnicity"), codes.Ethnicity, required=True),
            "language": reader.code(
                number,
                "language",
                cell("language"),
                codes.WelshLanguage,
                required=False,
                default=codes.WelshLanguage.ENGLISH,
            ),
            "religion": reader.text(number, "religion", cell("religion"), required=False, max_length=80),
            "legal_status": reader.code(
                number, "legal_status", cell("legal_status"), codes.LegalStatus, required=False
            ),
            "early_permanence": reader.code(
                number,
                "early_permanence",
                cell("early_permanence"),
                codes.EarlyPermanence,
                required=False,
                default=codes.EarlyPermanence.NONE,
            ),
        }
        for need in ("health_needs", "developmental_needs", "behavioural_needs"):
            fields[need] = reader.code(
                number, need, cell(need), codes.NeedLevel, required=False, default=codes.NeedLevel.NONE
            )
        disability = str(cell("disability") or "").strip().lower()
        if disability not in {"", "yes", "no", "y", "n", "1", "0", "true", "false"}:
            reader.fail(number, "disability", _("'%(value)s' is not yes or no") % {"value": disability})
        fields["disability"] = disability in {"yes", "y", "1", "true"}
        milestones: list[tuple[str, date, dict[str, Any]]] = []
        entered = reader.date(number, "entered_care", cell("entered_care"), required=True)
        if entered:
            milestones.append((MilestoneKind.ENTERED_CARE, entered, {}))
        for column in CHILDREN_MILESTONES:
            when = reader.date(number, column, cell(column), required=False)
            if when:
                detail = (
                    {"basis": codes.AuthorityBasis.PLACEMENT_ORDER} if column == "authority_to_place" else {}
                )
                milestones.append((column, when, detail))
        parsed.append(ChildRow(name, number, fields, milestones))
    return [p for p in parsed if _check_journey(p, errors)]


def _parse_ssda903(
    tables: dict[str, tuple[str, list[str], list[list[Any]]]], errors: list[RowError]
) -> list[ChildRow]:
    if "Header" not in tables or "Episodes" not in tables:
        present = ", ".join(sorted(tables))
        errors.append(
            RowError(present, None, "", _("An SSDA903 import needs at least the Header and Episodes tables"))
        )
        return []

    def rows_of(table: str) -> list[tuple[int, dict[str, Any]]]:
        if table not in tables:
            return []
        _name, header, rows = tables[table]
        return [(n, dict(zip(header, r, strict=False))) for n, r in enumerate(rows, start=2)]

    header_file = tables["Header"][0]
    reader = _Rows(header_file, errors)
    children: dict[str, ChildRow] = {}
    for number, row in rows_of("Header"):
        ref = reader.reference(number, "CHILD", row.get("CHILD"))
        fields = {
            "case_reference": ref,
            "first_names": "",
            "last_name": "",
            "date_of_birth": reader.date(number, "DOB", row.get("DOB"), required=True),
            "sex": reader.code(
                number,
                "SEX",
                LETTER_SEX.get(str(row.get("SEX") or "").strip().upper(), row.get("SEX")),
                codes.Sex,
                required=True,
            ),
            "ethnicity": reader.code(number, "ETHNIC", row.get("ETHNIC"), codes.Ethnicity, required=True),
        }
        if ref and ref in children:
            reader.fail(
                number,
                "CHILD",
                _("Child %(ref)s is in the Header table twice (first in row %(row)s)")
                % {"ref": ref, "row": children[ref].row},
            )
            continue
        children[ref] = ChildRow(header_file, number, fields, [])

    def child_for(table: str, number: int, ref: str) -> ChildRow | None:
        if ref not in children:
            errors.append(
                RowError(
                    tables[table][0],
                    number,
                    "CHILD",
                    _("Child %(ref)s is not in the Header table") % {"ref": ref},
                )
            )
            return None
        return children[ref]

    episodes_reader = _Rows(tables["Episodes"][0], errors)
    by_child: dict[str, list[tuple[date, int, dict[str, Any]]]] = defaultdict(list)
    for number, row in rows_of("Episodes"):
        ref = str(row.get("CHILD") or "").strip()
        child = child_for("Episodes", number, ref)
        decom = episodes_reader.date(number, "DECOM", row.get("DECOM"), required=True)
        ls = episodes_reader.code(number, "LS", row.get("LS"), codes.LegalStatus, required=True)
        episodes_reader.date(number, "DEC", row.get("DEC"), required=False)
        if child is not None and decom is not None:
            by_child[ref].append((decom, number, {**row, "LS": ls}))
    for ref, episodes in by_child.items():
        episodes.sort(key=lambda e: e[0])
        child = children[ref]
        child.milestones.append((MilestoneKind.ENTERED_CARE, episodes[0][0], {}))
        child.fields["legal_status"] = episodes[-1][2]["LS"]
        for decom, _number, row in episodes:
            if row["LS"] == codes.LegalStatus.E1:
                child.milestones.append(
                    (MilestoneKind.AUTHORITY_TO_PLACE, decom, {"basis": codes.AuthorityBasis.PLACEMENT_ORDER})
                )
                break
        for decom, _number, row in episodes:
            if str(row.get("PLACE") or "").strip().upper() in ADOPTION_PLACEMENTS:
                child.milestones.append((MilestoneKind.PLACED, decom, {}))
                break
        for _decom, number, row in episodes:
            if str(row.get("REC") or "").strip().upper() in ADOPTED_REASONS:
                ended = _Rows(tables["Episodes"][0], errors).date(
                    number, "DEC", row.get("DEC"), required=True
                )
                if ended:
                    child.milestones.append((MilestoneKind.ADOPTION_ORDER, ended, {}))

    placed_reader = _Rows(tables.get("PlacedAdoption", ("PlacedAdoption", [], []))[0], errors)
    for number, row in rows_of("PlacedAdoption"):
        child = child_for("PlacedAdoption", number, str(row.get("CHILD") or "").strip())
        decided = placed_reader.date(number, "DATE_PLACED", row.get("DATE_PLACED"), required=True)
        ceased = placed_reader.date(
            number, "DATE_PLACED_CEASED", row.get("DATE_PLACED_CEASED"), required=False
        )
        reason = str(row.get("REASON_PLACED_CEASED") or "").strip().upper()
        if reason and reason not in codes.PlanChangeReason.values and reason not in ADOPTED_REASONS:
            placed_reader.fail(
                number,
                "REASON_PLACED_CEASED",
                _("'%(value)s' is not a known code; use one of: %(codes)s")
                % {
                    "value": reason,
                    "codes": ", ".join([*codes.PlanChangeReason.values, *sorted(ADOPTED_REASONS)]),
                },
            )
        if child is None or decided is None:
            continue
        child.milestones.append((MilestoneKind.SHOULD_BE_PLACED, decided, {}))
        if ceased and reason in codes.PlanChangeReason.values:
            child.milestones.append((MilestoneKind.PLAN_CHANGED, ceased, {"reason": reason, "note": ""}))

    ad1_reader = _Rows(tables.get("AD1", ("AD1", [], []))[0], errors)
    for number, row in rows_of("AD1"):
        child = child_for("AD1", number, str(row.get("CHILD") or "").strip())
        decided = ad1_reader.date(number, "DATE_INT", row.get("DATE_INT"), required=True)
        matched = ad1_reader.date(number, "DATE_MATCH", row.get("DATE_MATCH"), required=True)
        if child is None:
            continue
        kinds = {k for k, _d, _x in child.milestones}
        if decided and MilestoneKind.SHOULD_BE_PLACED not in kinds:
            child.milestones.append((MilestoneKind.SHOULD_BE_PLACED, decided, {}))
        if matched:
            child.milestones.append((MilestoneKind.MATCH_DECISION, matched, {}))
    return [c for c in children.values() if _check_journey(c, errors)]


_ORDER: list[str] = [
    MilestoneKind.ENTERED_CARE,
    MilestoneKind.PERMANENCE_PLAN,
    MilestoneKind.CHILDS_ADOPTION_REPORT,
    MilestoneKind.SHOULD_BE_PLACED,
    MilestoneKind.AUTHORITY_TO_PLACE,
    MilestoneKind.LINKED,
    MilestoneKind.MATCHING_PANEL,
    MilestoneKind.MATCH_DECISION,
    MilestoneKind.INTRODUCTIONS,
    MilestoneKind.PLACED,
    MilestoneKind.ADOPTION_ORDER,
]


def _check_journey(child: ChildRow, errors: list[RowError]) -> bool:
    """Imported milestones must follow the journey's order, with no date
    before birth or before the step before it. Steps the source system does
    not record (a CAR date in an SSDA903 return, say) may be missing."""
    dob = child.fields.get("date_of_birth")
    ordered = sorted(child.milestones, key=lambda m: (_ORDER.index(m[0]) if m[0] in _ORDER else 99, m[1]))
    ok = True
    previous: tuple[str, date, dict[str, Any]] | None = None
    for kind, when, _detail in ordered:
        if dob and when < dob:
            errors.append(
                RowError(
                    child.file,
                    child.row,
                    kind,
                    _("%(milestone)s (%(date)s) is before the date of birth")
                    % {"milestone": MilestoneKind(kind).label, "date": when},
                )
            )
            ok = False
        if previous is not None and kind in _ORDER and when < previous[1]:
            errors.append(
                RowError(
                    child.file,
                    child.row,
                    kind,
                    _("%(milestone)s (%(date)s) is before %(previous)s (%(previous_date)s)")
                    % {
                        "milestone": MilestoneKind(kind).label,
                        "date": when,
                        "previous": MilestoneKind(previous[0]).label,
                        "previous_date": previous[1],
                    },
                )
            )
            ok = False
        if kind in _ORDER:
            previous = (kind, when, _detail)
    child.milestones = ordered
    return ok


def _stage_after(milestones: list[tuple[str, date, dict[str, Any]]]) -> str:
    stage: str = Stage.IN_CARE
    for kind, _when, _detail in milestones:
        target = TRANSITIONS[kind].to_stage
        if target is not None:
            stage = target
    return stage


def _restrict_adopted(milestones: list[Milestone]) -> None:
    """An imported adoption order does what a recorded one does: the
    pre-adoption record is restricted and a post-adoption record begins."""
    orders = {m.child_id: m.date for m in milestones if m.kind == MilestoneKind.ADOPTION_ORDER}
    if not orders:
        return
    Child.objects.filter(pk__in=orders).update(restricted_at=timezone.now())
    PostAdoptionRecord.objects.bulk_create(
        [
            PostAdoptionRecord(
                child_id=child_id,
                adoption_order_date=when,
                reference=PostAdoptionRecord.new_reference(when),
            )
            for child_id, when in orders.items()
        ]
    )


def import_children(*, actor: Any, local_authority_id: int, files: list[tuple[str, bytes]]) -> ImportResult:
    """Validate every row of every file; any error imports nothing.

    On PostgreSQL (production) the file is written in one transaction: all or
    nothing. SQLite has one writer at a time, and everyone's audited reads are
    writes, so there a large file is written SQLITE_BATCH children to a
    transaction: each child comes in whole (record, milestones, journey dates,
    audit entry), other people's requests go on between batches, and an import
    cut short is completed by importing the same file again (children are
    matched on their case reference, so nobody is added twice)."""
    rows, errors = parse_files(files)
    result = ImportResult(errors=errors)
    if errors or not rows:
        if not rows and not errors:
            result.errors.append(
                RowError(", ".join(n for n, _c in files), None, "", _("There are no children in the file"))
            )
        return result
    if connection.vendor != "sqlite":
        _write(actor=actor, local_authority_id=local_authority_id, rows=rows, result=result)
        return result
    # The restricted records are refused before any batch is written.
    if _refuse_sealed(_existing(local_authority_id, rows, lock=False), rows, result):
        return result
    for start in range(0, len(rows), SQLITE_BATCH):
        if start:
            time.sleep(SQLITE_PAUSE_SECONDS)
        if not _write(
            actor=actor,
            local_authority_id=local_authority_id,
            rows=rows[start : start + SQLITE_BATCH],
            result=result,
        ):
            break
    return result


def _existing(local_authority_id: int, rows: list[ChildRow], *, lock: bool) -> dict[str, Child]:
    children = Child.objects.filter(
        local_authority_id=local_authority_id, case_reference__in=[r.fields["case_reference"] for r in rows]
    )
    return {c.case_reference: c for c in (children.select_for_update() if lock else children)}


def _refuse_sealed(existing: dict[str, Child], rows: list[ChildRow], result: ImportResult) -> bool:
    sealed = [r for r in rows if (c := existing.get(r.fields["case_reference"])) and c.is_restricted]
    result.errors.extend(
        RowError(
            r.file,
            r.row,
            "",
            _(
                "Child %(ref)s was adopted and their record is restricted: "
                "an import cannot change it. Take the row out of the file"
            )
            % {"ref": r.fields["case_reference"]},
        )
        for r in sealed
    )
    return bool(sealed)


def _write(*, actor: Any, local_authority_id: int, rows: list[ChildRow], result: ImportResult) -> bool:
    """Write rows in one transaction; False when a restricted record stops it."""
    with transaction.atomic():
        existing = _existing(local_authority_id, rows, lock=True)
        if _refuse_sealed(existing, rows, result):
            return False
        have_milestones: dict[int, set[tuple[str, date]]] = defaultdict(set)
        top_sequence: dict[int, int] = defaultdict(int)
        for m in Milestone.objects.filter(child__in=existing.values()).only(
            "child_id", "kind", "date", "sequence"
        ):
            have_milestones[m.child_id].add((m.kind, m.date))
            top_sequence[m.child_id] = max(top_sequence[m.child_id], m.sequence)
        new_children = []
        audit_entries: list[tuple[object, dict[str, Any]]] = []
        updated: list[Child] = []
        changed_fields: set[str] = set()
        for row in rows:
            child = existing.get(row.fields["case_reference"])
            if child is None:
                new_children.append(
                    Child(
                        local_authority_id=local_authority_id,
                        stage=_stage_after(row.milestones),
                        legal_status=row.fields.pop("legal_status", "") or "",
                        **row.fields,
                    )
                )
                continue
            changes = {k: v for k, v in row.fields.items() if v not in ("", None) and getattr(child, k) != v}
            known = have_milestones[child.pk]
            new_milestones = [
                m for m in row.milestones if (m[0], m[1]) not in known and m[0] not in {k for k, _d in known}
            ]
            if not changes and not new_milestones:
                result.unchanged += 1
                continue
            for key, value in changes.items():
                setattr(child, key, value)
                changed_fields.add(key)
            if new_milestones:
                child.stage = _stage_after(
                    sorted(
                        [*[(k, d, {}) for k, d in known], *new_milestones],
                        key=lambda m: (_ORDER.index(m[0]) if m[0] in _ORDER else 99, m[1]),
                    )
                )
                changed_fields.add("stage")
            child.version += 1
            updated.append(child)
            row.milestones = new_milestones
            audit_entries.append(
                (
                    child.pk,
                    {
                        "import": "updated",
                        "fields": sorted(changes),
                        "milestones": [m[0] for m in new_milestones],
                    },
                )
            )
        Child.objects.bulk_create(new_children, batch_size=1000)
        if updated:
            Child.objects.bulk_update(updated, [*sorted(changed_fields), "version"], batch_size=1000)
        by_ref = {c.case_reference: c for c in [*new_children, *updated]}
        milestones = []
        for row in rows:
            child = by_ref.get(row.fields["case_reference"])
            if child is None:
                continue
            sequence = top_sequence.get(child.pk, 0)
            for kind, when, detail in row.milestones:
                sequence += 1
                milestones.append(
                    Milestone(
                        child=child,
                        kind=kind,
                        date=when,
                        detail=detail,
                        sequence=sequence,
                        recorded_by=actor if getattr(actor, "pk", None) else None,
                    )
                )
        Milestone.objects.bulk_create(milestones, batch_size=2000)
        journey_dates.refresh({m.child_id for m in milestones})
        _restrict_adopted(milestones)
        audit_entries.extend((c.pk, {"import": "created"}) for c in new_children)
        audit_records(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=RECORD_TYPE,
            entries=[e for e in audit_entries if e[1].get("import") == "created"],
        )
        audit_records(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=RECORD_TYPE,
            entries=[e for e in audit_entries if e[1].get("import") == "updated"],
        )
        result.created += len(new_children)
        result.updated += len(updated)
    return True
