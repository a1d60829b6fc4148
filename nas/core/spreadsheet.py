"""Writing people's data to CSV and Excel safely.

A cell that begins with =, +, -, @, a tab or a carriage return is read by
spreadsheet programs as a formula (CSV or formula injection, OWASP): such
text is written with a leading apostrophe, so it shows as typed and never
runs. Numbers, dates and booleans are written as themselves.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> Any:
    """The value as a cell: text that could be read as a formula is made
    plain text; other values pass through (None becomes empty)."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(value: Any) -> str:
    cell = neutralise(value)
    return (
        cell.isoformat(sep=" ")
        if isinstance(cell, datetime)
        else (cell.isoformat() if isinstance(cell, date) else str(cell))
    )


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows Welsh letters (ŵ, ŷ) right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_text(h) for h in header])
    for row in rows:
        writer.writerow([_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str = "Export") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_title(title)
    sheet.append([str(neutralise(h)) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    for index, cell in enumerate(sheet[1], start=1):
        width = max(10, min(50, len(str(cell.value or "")) + 2))
        sheet.column_dimensions[cell.column_letter].width = width
        del index
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")
    return (cleaned or "Export")[:31]
