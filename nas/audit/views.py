from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from nas.audit.models import AuditAction
from nas.audit.policies import trail_policy
from nas.audit.selectors import trail_for_record
from nas.audit.services import audit_record
from nas.core import spreadsheet

EXPORT_COLUMNS = [
    "seq",
    "occurred_at",
    "actor_username",
    "actor_organisation",
    "action",
    "record_type",
    "record_id",
    "reason",
    "ip_address",
    "channel",
    "request_id",
    "detail",
    "entry_hash",
]


@require_GET
def trail(request: HttpRequest, record_type: str, record_id: str) -> HttpResponse:
    """Who has read or changed this record, newest first."""
    policy = trail_policy(request.user, record_type, record_id)
    record = policy.base_queryset().get(pk=record_id)
    views_only = request.GET.get("views") == "1"
    page = Paginator(
        trail_for_record(record_type=record_type, record_id=record_id, views_only=views_only), 50
    )
    return render(
        request,
        "audit/trail.html",
        {
            "record_label": policy.label(record),
            "record_type": record_type,
            "record_id": record_id,
            "page": page.get_page(request.GET.get("page")),
            "views_only": views_only,
        },
    )


@require_GET
def export(request: HttpRequest, record_type: str, record_id: str) -> HttpResponse:
    """The whole audit trail of one record as CSV, for subject-access requests
    and complaints. The export is itself recorded."""
    trail_policy(request.user, record_type, record_id)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        record_type=record_type,
        record_id=record_id,
        detail={"export": "audit_trail"},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{record_type}-{record_id}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    for event in trail_for_record(record_type=record_type, record_id=record_id).order_by("seq").iterator():
        writer.writerow([_cell(getattr(event, column)) for column in EXPORT_COLUMNS])
    return response


def _cell(value: object) -> str:
    # Times keep their offset here: the trail is evidence, not a working list.
    text = value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
    return str(spreadsheet.neutralise(text))
