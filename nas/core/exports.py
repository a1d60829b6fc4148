"""A list's export: what the list shows, in the caller's scope, as CSV or
Excel (`?export=csv` or `?export=xlsx` on the list's own address), written
safely (nas.core.spreadsheet) and audited as an export of every record in
it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from nas.access.policies import Policy
from nas.audit.models import AuditAction
from nas.audit.services import audit_record, audit_records
from nas.core import spreadsheet

FORMATS = ("csv", "xlsx")


def requested(request: HttpRequest) -> str | None:
    """The export format asked for, if any."""
    wanted = request.GET.get("export", "")
    return wanted if wanted in FORMATS else None


def respond(
    request: HttpRequest,
    *,
    fmt: str,
    name: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    audited: Iterable[tuple[Policy[Any], object]] = (),
    where: str,
) -> HttpResponse:
    """The file, with one audit entry for the export and one per record in it."""
    rows = list(rows)
    by_type: dict[str, list[tuple[object, dict[str, Any]]]] = {}
    for policy, pk in audited:
        if policy.audited_reads:
            by_type.setdefault(policy.record_type, []).append((pk, {"exported_in": where, "format": fmt}))
    user = getattr(request, "user", None)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        record_type="core.list",
        record_id=where[:64],
        detail={"format": fmt, "rows": len(rows), "query": request.GET.urlencode()[:500]},
    )
    for record_type, entries in by_type.items():
        unique = list({pk: (pk, detail) for pk, detail in entries}.values())
        audit_records(actor=user, action=AuditAction.EXPORT, record_type=record_type, entries=unique)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{slugify(name) or 'export'}-{stamp}.{fmt}"
    if fmt == "xlsx":
        body = spreadsheet.xlsx_bytes(header, rows, title=name)
        content_type = spreadsheet.XLSX_TYPE
    else:
        body = spreadsheet.csv_bytes(header, rows)
        content_type = spreadsheet.CSV_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
