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
   (csc-validator-be-903, lac_validator/config.py) reads them; or the same
   four tables in the DfE's XML file (nas.children.ssda903_xml).

Every row is validated first; any error imports nothing and is reported by
file, row and column. A child is matched on the authority's case reference,
so importing the same file again adds nobody.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_records
from nas.children import codes, rules, ssda903_xml
from nas.children.care_history import EPISODE_COLUMNS, FOSTER_CARE, History, episode_details
from nas.children.journey import MACHINE, ONCE_ONLY, MilestoneKind, Stage
from nas.children.models import Child, Milestone
from nas.children.services import JourneyRefused, milestones_record_many
from nas.children.ssda903 import (
    ADOPTED_REASONS,
    ADOPTION_PLACEMENTS,
    LETTER_SEX,
    SKIPPED_TABLES,
    SSDA903_TABLES,
    STARTED_CARE,
    is_case_reference,
)
from nas.core.bulk import among, insert_rows, pks_by
from nas.core.journey import Step
from nas.core.spreadsheet import csv_bytes

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
# Children written to one transaction on SQLite (_write_in_batches): about a
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
    #: The rule broken: a journey rule's code (nas.children.rules) or a DfE rule number.
    code: str = ""
    #: The child the problem belongs to (its case reference), if it belongs to one.
    child: str = ""

    def __str__(self) -> str:
        where = _("%(file)s, row %(row)s") % {"file": self.file, "row": self.row} if self.row else self.file
        text = f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        return f"{text} [{self.code}]" if self.code else text


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    #: Files of the upload that were not read, and why (not problems).
    notices: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    #: Import the valid children and report the rest, rather than all or nothing.
    partial: bool = False
    #: Whether anything was imported (in partial mode, despite the problems).
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def refused_children(self) -> int:
        """How many children were left out (partial mode)."""
        return len({e.child for e in self.errors if e.child})

    @property
    def nothing_changed(self) -> bool:
        """Every child was there already, as the file has them: it was imported before."""
        return self.written and not self.created and not self.updated


@dataclass
class ChildRow:
    file: str
    row: int
    fields: dict[str, Any]
    milestones: list[Step]
    #: The care history an SSDA903 file carries: its episodes (CareEpisode's
    #: fields, in date order) and SSDA903 details (nas.children.care_history).
    episodes: list[dict[str, Any]] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)


@functools.cache
def _valid_codes(choices: Any) -> dict[str, str]:
    """A code set's codes by their lower case (worked out once: a large file reads thousands)."""
    return {str(v).lower(): str(v) for v in choices.values}


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class _Rows:
    """Reads a value from a row, recording a clear error instead of raising."""

    def __init__(self, file: str, errors: list[RowError]) -> None:
        self.file, self.errors = file, errors
        #: The case reference of the row being read, so a problem names its child.
        self.child = ""
        self.today = timezone.localdate()

    def fail(self, row: int | None, column: str, message: str, *, code: str = "") -> None:
        self.errors.append(RowError(self.file, row, column, message, code=code, child=self.child))

    def date(
        self, row: int, column: str, raw: Any, *, required: bool, milestone: bool = False
    ) -> date | None:
        """The cell's date. A milestone's date is checked against the journey's
        rules later (nas.children.rules, a date in the future among them)."""
        if isinstance(raw, date):
            # An Excel cell holds the date itself; it must still not be in the future.
            day = raw.date() if isinstance(raw, datetime) else raw
            if day > self.today and not milestone:
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
        usual = _DAY_MONTH_YEAR.fullmatch(text)
        if usual is not None:
            # The SSDA903 form, read without strptime (a tenth of its time, on 100,000 cells).
            try:
                parsed = date(int(usual[3]), int(usual[2]), int(usual[1]))
            except ValueError:
                pass
            else:
                if parsed > self.today and not milestone:
                    self.fail(row, column, _("'%(value)s' is in the future") % {"value": text})
                    return None
                return parsed
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                parsed = datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time
            except ValueError:
                continue
            if parsed > self.today and not milestone:
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
        valid = _valid_codes(choices)
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


def _is_xml(content: bytes) -> bool:
    return content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _skipped(name: str, content: bytes) -> RowError | None:
    """A file of the upload that is not read, and why: one of the SSDA903
    tables the journey does not use (named)."""
    first_line = content[:2000].split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    columns = {c.strip().strip('"').upper() for c in first_line.split(",")}
    if any(set(cols) <= columns for cols in SSDA903_TABLES.values()):
        return None
    for table, cols in SKIPPED_TABLES.items():
        if set(cols) <= columns:
            return RowError(
                name,
                None,
                "",
                _("Skipped: the SSDA903 %(table)s table is not used by the adoption journey")
                % {"table": table},
            )
    return None


def parse_files(
    files: list[tuple[str, bytes]], notices: list[RowError] | None = None
) -> tuple[list[ChildRow], list[RowError]]:
    """The children in these files, and the problems found. Files that are not
    read (another SSDA903 table, the DfE's XML) are added to `notices`."""
    errors: list[RowError] = []
    tables: Tables = {}
    children_rows: list[ChildRow] = []
    for name, content in files:
        if _is_xml(content):
            _read_xml(name, content, tables, errors, notices)
            continue
        skipped = _skipped(name, content)
        if skipped is not None:
            if notices is not None:
                notices.append(skipped)
            continue
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
            tables[kind] = (name, [h.upper() for h in header], rows, None)
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
        milestones: list[Step] = []
        entered = reader.date(number, "entered_care", cell("entered_care"), required=True, milestone=True)
        if entered:
            milestones.append(Step(MilestoneKind.ENTERED_CARE, entered, {}, (name, number, "entered_care")))
        for column in CHILDREN_MILESTONES:
            when = reader.date(number, column, cell(column), required=False, milestone=True)
            if when:
                detail = (
                    {"basis": codes.AuthorityBasis.PLACEMENT_ORDER} if column == "authority_to_place" else {}
                )
                milestones.append(Step(column, when, detail, (name, number, column)))
        parsed.append(ChildRow(name, number, fields, milestones))
    return [p for p in parsed if _check_journey(p, errors)]


#: table -> (file, header, rows, and for an XML file the line each row begins on).
Tables = dict[str, tuple[str, list[str], list[list[Any]], list[int] | None]]


def _rows_of(tables: Tables, table: str) -> list[tuple[int, dict[str, Any]]]:
    """A table's rows as {COLUMN: value}, numbered as the spreadsheet numbers
    them (or by the XML file's line)."""
    if table not in tables:
        return []
    _name, header, rows, lines = tables[table]
    numbers = lines or range(2, len(rows) + 2)
    return [(n, dict(zip(header, r, strict=False))) for n, r in zip(numbers, rows, strict=True)]


def _read_xml(
    name: str, content: bytes, tables: Tables, errors: list[RowError], notices: list[RowError] | None
) -> None:
    """The SSDA903 tables of the DfE's XML file (nas.children.ssda903_xml);
    the return's other parts in it are named and skipped."""
    try:
        found = ssda903_xml.read(content)
    except ssda903_xml.XmlRefused as error:
        errors.append(
            RowError(
                name,
                None,
                "",
                _("This file cannot be read as the DfE's SSDA903 XML (%(problem)s)") % {"problem": error},
            )
        )
        return
    for table in found.skipped:
        if notices is not None:
            notices.append(
                RowError(
                    name,
                    None,
                    "",
                    _("Skipped: the SSDA903 %(table)s table is not used by the adoption journey")
                    % {"table": table},
                )
            )
    for kind, (header, rows, lines) in found.tables.items():
        if kind in tables:
            errors.append(
                RowError(
                    name, None, "", _("Two files are both the SSDA903 %(table)s table") % {"table": kind}
                )
            )
            continue
        tables[kind] = (name, header, rows, lines)


def _ref(row: dict[str, Any]) -> str:
    return str(row.get("CHILD") or "").strip()


def _parse_ssda903(tables: Tables, errors: list[RowError]) -> list[ChildRow]:
    if "Header" not in tables or "Episodes" not in tables:
        present = ", ".join(sorted(tables))
        errors.append(
            RowError(present, None, "", _("An SSDA903 import needs at least the Header and Episodes tables"))
        )
        return []
    children = _header_children(tables, errors)

    def child_for(table: str, number: int, ref: str) -> ChildRow | None:
        if ref not in children:
            errors.append(
                RowError(
                    tables[table][0],
                    number,
                    "CHILD",
                    _("Child %(ref)s is not in the Header table") % {"ref": ref},
                    child=ref,
                )
            )
            return None
        return children[ref]

    _episodes(tables, errors, child_for)
    decided = _placed_adoption(tables, errors, child_for)
    _ad1(tables, errors, child_for, decided)
    return [c for c in children.values() if _check_journey(c, errors)]


def _sex(raw: Any) -> Any:
    """SEX as 1 or 2, or as M, F or U from the 2024-25 collection."""
    return LETTER_SEX.get(str(raw or "").strip().upper(), raw)


def _header_children(tables: Tables, errors: list[RowError]) -> dict[str, ChildRow]:
    header_file = tables["Header"][0]
    reader = _Rows(header_file, errors)
    children: dict[str, ChildRow] = {}
    for number, row in _rows_of(tables, "Header"):
        reader.child = _ref(row)
        ref = reader.reference(number, "CHILD", row.get("CHILD"))
        fields = {
            "case_reference": ref,
            "first_names": "",
            "last_name": "",
            "date_of_birth": reader.date(number, "DOB", row.get("DOB"), required=True),
            "sex": reader.code(number, "SEX", _sex(row.get("SEX")), codes.Sex, required=True),
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
        upn = reader.text(number, "UPN", row.get("UPN"), required=False, max_length=13)
        children[ref] = ChildRow(header_file, number, fields, [], details={"upn": upn} if upn else {})
    return children


def _episodes(tables: Tables, errors: list[RowError], child_for: Any) -> None:
    """The milestones the episodes show: entering care (the latest episode
    whose RNE is S, started to be looked after; a year's file that starts in
    the middle of a period of care has none), the placement order (the first
    episode that begins with legal status E1), the placement for adoption
    (the first episode that begins an A3-A6 placement) and the adoption order
    (the DEC of an episode ending E11 or E12)."""
    episodes_file = tables["Episodes"][0]
    reader = _Rows(episodes_file, errors)
    by_child: dict[str, list[tuple[date, int, dict[str, Any]]]] = defaultdict(list)
    rows: dict[str, ChildRow] = {}
    for number, row in _rows_of(tables, "Episodes"):
        ref = reader.child = _ref(row)
        child = child_for("Episodes", number, ref)
        decom = reader.date(number, "DECOM", row.get("DECOM"), required=True, milestone=True)
        ls = reader.code(number, "LS", row.get("LS"), codes.LegalStatus, required=True)
        ended = reader.date(number, "DEC", row.get("DEC"), required=False)
        kept = {
            name: reader.text(number, column, row.get(column), required=False, max_length=length).upper()
            for column, (name, length) in EPISODE_COLUMNS.items()
        }
        if child is not None and decom is not None:
            rows[ref] = child
            episode = {**kept, "legal_status": ls, "start": decom, "end": ended}
            by_child[ref].append((decom, number, {**row, "LS": ls, "DEC": ended, "_kept": episode}))
    for ref, episodes in by_child.items():
        reader.child = ref
        _episode_steps(rows[ref], sorted(episodes, key=lambda e: e[0]), reader)


#: RNE of an episode that begins with a new legal status (S started to be
#: looked after, L the legal status changed, B and U it changed with the
#: placement), and of one that begins with a new placement (S, P and T the
#: placement changed, B and U with the legal status). A year's file that
#: begins in the middle of a placement for adoption shows its PLACE on an
#: episode begun for another reason: the placement's date is not in the file.
LEGAL_CHANGE = frozenset({"S", "L", "B", "U"})
PLACEMENT_CHANGE = frozenset({"S", "P", "T", "B", "U"})


def _episode_steps(child: ChildRow, episodes: list[tuple[date, int, dict[str, Any]]], reader: _Rows) -> None:
    def step(kind: str, when: date, number: int, column: str = "DECOM", **detail: Any) -> None:
        child.milestones.append(Step(kind, when, detail, (reader.file, number, column)))

    child.episodes = [e[2]["_kept"] for e in episodes]
    child.details.update(episode_details(child.episodes))
    started = [e for e in episodes if _code(e[2], "RNE") == STARTED_CARE]
    if started:
        step(MilestoneKind.ENTERED_CARE, started[-1][0], started[-1][1])
    child.fields["legal_status"] = episodes[-1][2]["LS"]
    order = next(
        (e for e in episodes if e[2]["LS"] == codes.LegalStatus.E1 and _code(e[2], "RNE") in LEGAL_CHANGE),
        None,
    )
    if order is not None:
        basis = codes.AuthorityBasis.PLACEMENT_ORDER
        step(MilestoneKind.AUTHORITY_TO_PLACE, order[0], order[1], basis=basis)
    placed = next(
        (
            e
            for e in episodes
            if _code(e[2], "PLACE") in ADOPTION_PLACEMENTS and _code(e[2], "RNE") in PLACEMENT_CHANGE
        ),
        None,
    )
    if placed is not None:
        step(MilestoneKind.PLACED, placed[0], placed[1])
    for _decom, number, row in episodes:
        if _code(row, "REC") in ADOPTED_REASONS:
            if row["DEC"] is None:
                reader.fail(number, "DEC", _("Enter the date the episode ended with the adoption order"))
            else:
                step(MilestoneKind.ADOPTION_ORDER, row["DEC"], number, "DEC")


def _code(row: dict[str, Any], column: str) -> str:
    return str(row.get(column) or "").strip().upper()


def _placed_adoption(tables: Tables, errors: list[RowError], child_for: Any) -> dict[str, set[date]]:
    """The 'should be placed' decisions (DATE_PLACED) and their reversals
    (DATE_PLACED_CEASED, REASON_PLACED_CEASED), with the DfE's rules 120 and
    522. Returns each child's decision dates, for rule 523."""
    reader = _Rows(tables.get("PlacedAdoption", ("PlacedAdoption", [], []))[0], errors)
    decisions: dict[str, set[date]] = defaultdict(set)
    for number, row in _rows_of(tables, "PlacedAdoption"):
        ref = reader.child = _ref(row)
        child = child_for("PlacedAdoption", number, ref)
        decided = reader.date(number, "DATE_PLACED", row.get("DATE_PLACED"), required=True, milestone=True)
        ceased = reader.date(
            number, "DATE_PLACED_CEASED", row.get("DATE_PLACED_CEASED"), required=False, milestone=True
        )
        reason = _code(row, "REASON_PLACED_CEASED")
        if reason and reason not in codes.PlanChangeReason.values:
            reader.fail(
                number,
                "REASON_PLACED_CEASED",
                _(
                    "'%(value)s' is not a reason a 'should be placed' decision is reversed: use RD1, RD2, "
                    "RD3 or RD4, or leave it empty if the decision stands"
                )
                % {"value": reason},
                code="120",
            )
        if decided and ceased and ceased < decided:
            reader.fail(
                number,
                "DATE_PLACED_CEASED",
                _(
                    "The decision was reversed on %(ceased)s, before it was made on %(decided)s: "
                    "correct one of the two dates"
                )
                % {"ceased": ceased.strftime("%d/%m/%Y"), "decided": decided.strftime("%d/%m/%Y")},
                code="522",
            )
            continue
        if child is None or decided is None:
            continue
        decisions[ref].add(decided)
        child.milestones.append(
            Step(MilestoneKind.SHOULD_BE_PLACED, decided, {}, (reader.file, number, "DATE_PLACED"))
        )
        if ceased and reason in codes.PlanChangeReason.values:
            child.milestones.append(
                Step(
                    MilestoneKind.PLAN_CHANGED,
                    ceased,
                    {"reason": reason, "note": ""},
                    (reader.file, number, "DATE_PLACED_CEASED"),
                )
            )
    return decisions


def _adopters(reader: _Rows, number: int, row: dict[str, Any]) -> dict[str, str]:
    """AD1's facts about the adopters, as the child's SSDA903 details."""
    found = {
        "placed_with_foster_carers": FOSTER_CARE.get(_code(row, "FOSTER_CARE"), ""),
        "adopters_sex": reader.text(
            number, "SEX_ADOPTR", row.get("SEX_ADOPTR"), required=False, max_length=2
        ),
        "adopters_legal_status": reader.text(
            number, "LS_ADOPTR", row.get("LS_ADOPTR"), required=False, max_length=3
        ),
    }
    return {k: v.upper() if k != "placed_with_foster_carers" else v for k, v in found.items() if v}


def _ad1(tables: Tables, errors: list[RowError], child_for: Any, decisions: dict[str, set[date]]) -> None:
    """The match (DATE_MATCH) and the 'should be placed' decision (DATE_INT),
    with the DfE's rules 523 and 524."""
    reader = _Rows(tables.get("AD1", ("AD1", [], []))[0], errors)
    for number, row in _rows_of(tables, "AD1"):
        ref = reader.child = _ref(row)
        child = child_for("AD1", number, ref)
        decided = reader.date(number, "DATE_INT", row.get("DATE_INT"), required=True, milestone=True)
        matched = reader.date(number, "DATE_MATCH", row.get("DATE_MATCH"), required=True, milestone=True)
        if _code(row, "LS_ADOPTR") == "L12" and _code(row, "SEX_ADOPTR") not in {"MM", "FF"}:
            reader.fail(
                number,
                "SEX_ADOPTR",
                _(
                    "The adopters are a married couple of the same sex (LS_ADOPTR L12), so SEX_ADOPTR "
                    "must be MM or FF, not '%(value)s'"
                )
                % {"value": _code(row, "SEX_ADOPTR")},
                code="524",
            )
        if decided and decisions.get(ref) and decided not in decisions[ref]:
            reader.fail(
                number,
                "DATE_INT",
                _(
                    "DATE_INT (%(date)s) must be the date of the 'should be placed' decision in the "
                    "PlacedAdoption table, %(placed)s"
                )
                % {
                    "date": decided.strftime("%d/%m/%Y"),
                    "placed": ", ".join(d.strftime("%d/%m/%Y") for d in sorted(decisions[ref])),
                },
                code="523",
            )
            continue
        if child is None:
            continue
        child.details.update(_adopters(reader, number, row))
        if decided and not decisions.get(ref):
            child.milestones.append(
                Step(MilestoneKind.SHOULD_BE_PLACED, decided, {}, (reader.file, number, "DATE_INT"))
            )
        if matched:
            child.milestones.append(
                Step(MilestoneKind.MATCH_DECISION, matched, {}, (reader.file, number, "DATE_MATCH"))
            )


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


def in_journey_order(steps: list[Any]) -> list[Any]:
    """Steps (kind, date) put in the order of the journey. A reversed decision
    (plan changed) closes a round: what is dated after it belongs to the
    next round (a new decision, its placement and adoption; the DfE's rule
    579, nas.children.journey.NEW_DECISION_AFTER_REVERSAL). Within a round
    the steps follow the journey's order, whatever their dates, so a step
    dated before the one it follows is caught by the journey's rules at its
    cell rather than quietly reordered."""
    reversals = sorted(s.date for s in steps if s.kind == MilestoneKind.PLAN_CHANGED)

    def key(step: Any) -> tuple[int, int, date]:
        round_ = sum(1 for day in reversals if day < step.date)
        return (round_, _ORDER.index(step.kind) if step.kind in _ORDER else 99, step.date)

    return sorted(steps, key=key)


def _check_journey(child: ChildRow, errors: list[RowError]) -> bool:
    """The file's milestones for a child, put in journey order, must keep the
    journey's rules (nas.children.rules), as a page's must; each problem is
    reported at the cell the step came from, with the rule's code. Steps the
    source system does not record (a CAR date in an SSDA903 return, say) may
    be missing."""
    child.milestones = in_journey_order(child.milestones)
    dob = child.fields.get("date_of_birth")
    if dob is None:
        return True
    found = rules.violations(dob, child.milestones, timezone.localdate())
    ref = child.fields["case_reference"]
    errors.extend(_located(child.milestones[v.index], v, (child.file, child.row), ref) for v in found)
    return not found


def _located(
    step: Step, violation: rules.Violation, fallback: tuple[str, int | None], child: str = ""
) -> RowError:
    file, row, column = step.source or (*fallback, step.kind)
    return RowError(
        file,
        row,
        column,
        _("%(milestone)s (%(date)s): %(problem)s")
        % {
            "milestone": MilestoneKind(step.kind).label,
            "date": step.date.strftime("%d/%m/%Y"),
            "problem": violation.message,
        },
        code=violation.rule.code,
        child=child,
    )


def _stage_after(milestones: list[Step]) -> str:
    return MACHINE.stage_after((m.kind for m in milestones), Stage.IN_CARE) or Stage.IN_CARE


def problems_csv(errors: list[RowError]) -> bytes:
    """The problems as a CSV file to download: one row a problem, with the
    file, row and column of the cell, the rule and the child."""
    return csv_bytes(
        [_("File"), _("Row"), _("Column"), _("Rule"), _("Child"), _("Problem")],
        [[e.file, e.row or "", e.column, e.code, e.child, e.message] for e in errors],
    )


class _Refused(Exception):
    """Children the write found it cannot import (nothing was written)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(len(errors))
        self.errors = errors


Progress = Callable[[int, int, str], None]


def import_children(
    *,
    actor: Any,
    local_authority_id: int,
    files: list[tuple[str, bytes]],
    partial: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate every row of every file, then import. All or nothing by
    default; with `partial`, the children with no problem are imported and the
    others reported (a problem with a whole file still stops everything).
    `progress` (done, total, what) is told each step, for a background job."""
    tell = progress or (lambda done, total, label: None)
    tell(0, 2, _("Checking the files"))
    notices: list[RowError] = []
    rows, errors = parse_files(files, notices)
    tell(1, 2, _("Importing %(count)s children") % {"count": len(rows)})
    result = ImportResult(errors=errors, notices=notices, partial=partial)
    if errors and (not partial or any(not e.child for e in errors)):
        return result
    names = ", ".join(n for n, _c in files)
    while True:
        rows = _without(rows, {e.child for e in result.errors})
        if not rows:
            if not result.errors:
                result.errors.append(RowError(names, None, "", _("There are no children in the file")))
            return result
        try:
            if connection.vendor == "sqlite" and len(rows) > SQLITE_BATCH:
                _write_in_batches(actor, local_authority_id, rows, result, names)
            else:
                _write(actor, local_authority_id, rows, result, names)
        except _Refused as refused:
            result.errors.extend(refused.errors)
            if partial:
                continue
            return result
        result.written = True
        return result


def _write_in_batches(
    actor: Any, local_authority_id: int, rows: list[ChildRow], result: ImportResult, names: str
) -> None:
    """SQLite lets one connection write at a time, and every audited read is a
    write, so a large file in one transaction keeps everyone else waiting
    (30,000 rows held the lock for 21 s). Here each SQLITE_BATCH children are
    one transaction, with a pause between them so waiting requests get the
    lock. All or nothing still holds: every batch is first written and rolled
    back, and only when none is refused are they written for real. Children
    are independent of one another, so checking them batch by batch is
    checking the file. A run cut short in the second pass is completed by
    importing the same file again (children are matched on their reference)."""
    batches = [rows[start : start + SQLITE_BATCH] for start in range(0, len(rows), SQLITE_BATCH)]
    refused: list[RowError] = []
    for batch in batches:
        try:
            with transaction.atomic():
                _write(actor, local_authority_id, batch, ImportResult(), names)
                transaction.set_rollback(True)
        except _Refused as problems:
            refused.extend(problems.errors)
        time.sleep(SQLITE_PAUSE_SECONDS)
    if refused:
        raise _Refused(refused)
    for number, batch in enumerate(batches):
        if number:
            time.sleep(SQLITE_PAUSE_SECONDS)
        written = ImportResult()
        _write(actor, local_authority_id, batch, written, names)
        result.created += written.created
        result.updated += written.updated
        result.unchanged += written.unchanged


def _without(rows: list[ChildRow], refused: set[str]) -> list[ChildRow]:
    return [r for r in rows if r.fields["case_reference"] not in refused]


def _restricted(row: ChildRow) -> RowError:
    return RowError(
        row.file,
        row.row,
        "",
        _(
            "Child %(ref)s was adopted and their record is restricted: "
            "an import cannot change it. Take the row out of the file"
        )
        % {"ref": row.fields["case_reference"]},
        child=row.fields["case_reference"],
    )


def _create(local_authority_id: int, children: list[Child]) -> None:
    """Insert the new children in bulk and give them their primary keys
    (read back by case reference, unique in the authority)."""
    insert_rows(Child, children)
    pks = pks_by(
        Child, "case_reference", [c.case_reference for c in children], local_authority_id=local_authority_id
    )
    for child in children:
        child.pk = pks[child.case_reference]
        child._state.adding, child._state.db = False, connection.alias


def _write(
    actor: Any, local_authority_id: int, rows: list[ChildRow], result: ImportResult, names: str
) -> None:
    """Write the children in one transaction, or raise _Refused and write nothing."""
    with transaction.atomic():
        existing = {
            c.case_reference: c
            for c in among(
                Child.objects.select_for_update().filter(local_authority_id=local_authority_id),
                "case_reference",
                [r.fields["case_reference"] for r in rows],
            )
        }
        history = History(existing.values())
        have_milestones: dict[int, set[tuple[str, date]]] = defaultdict(set)
        for child_id, kind, day in among(
            Milestone.objects.all(), "child", [c.pk for c in existing.values()]
        ).values_list("child_id", "kind", "date"):
            have_milestones[child_id].add((kind, day))
        new_children = []
        audit_entries: list[tuple[object, dict[str, Any]]] = []
        updated: list[Child] = []
        changed_fields: set[str] = set()
        steps: dict[str, list[Step]] = {}
        sealed: list[RowError] = []
        unchanged = 0
        for row in rows:
            ref = row.fields["case_reference"]
            child = existing.get(ref)
            if child is None:
                fields = dict(row.fields)
                new_children.append(
                    Child(
                        local_authority_id=local_authority_id,
                        stage=_stage_after(row.milestones),
                        legal_status=fields.pop("legal_status", "") or "",
                        **fields,
                    )
                )
                steps[ref] = row.milestones
                continue
            changes = {k: v for k, v in row.fields.items() if v not in ("", None) and getattr(child, k) != v}
            known = have_milestones[child.pk]
            known_kinds = {k for k, _d in known}
            new_milestones = [
                m
                for m in row.milestones
                if (m.kind, m.date) not in known and not (m.kind in ONCE_ONLY and m.kind in known_kinds)
            ]
            kept = history.changes(child, row.episodes, row.details)
            superseded = history.superseded(child, row.episodes)
            if not changes and not new_milestones and not kept:
                unchanged += 1
                continue
            if child.is_restricted:
                sealed.append(_restricted(row))
                continue
            for key, value in changes.items():
                setattr(child, key, value)
                changed_fields.add(key)
            if new_milestones:
                child.stage = _stage_after(
                    in_journey_order([*[Step(k, d) for k, d in known], *new_milestones])
                )
                changed_fields.add("stage")
            child.version += 1
            updated.append(child)
            steps[ref] = new_milestones
            audit_entries.append(
                (
                    child.pk,
                    {
                        "import": "updated",
                        "fields": sorted(changes),
                        "milestones": [m.kind for m in new_milestones],
                        "care_history": kept,
                        **({"superseded_episodes": superseded} if superseded else {}),
                    },
                )
            )
        if sealed:
            raise _Refused(sealed)
        _create(local_authority_id, new_children)
        if updated:
            Child.objects.bulk_update(updated, [*sorted(changed_fields), "version"], batch_size=1000)
        # The history first: a child with imported episodes keeps them, and the
        # milestones do not make them again (nas.children.care_history).
        by_ref = {c.case_reference: c for c in [*new_children, *updated]}
        history.write(
            [
                (by_ref[r.fields["case_reference"]], r.episodes, r.details)
                for r in rows
                if r.fields["case_reference"] in by_ref
            ],
            actor=actor,
        )
        try:
            milestones_record_many(
                actor=actor,
                journeys=[
                    (child, steps[child.case_reference], child.stage) for child in [*new_children, *updated]
                ],
            )
        except JourneyRefused as refused:
            raise _Refused(
                [
                    _located(step, v, (names, None), child.case_reference)
                    for child, step, v in refused.problems
                ]
            ) from refused
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
        result.created, result.updated, result.unchanged = len(new_children), len(updated), unchanged
