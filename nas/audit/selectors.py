from __future__ import annotations

from django.db.models import QuerySet

from nas.audit.models import AuditEvent


def trail_for_record(*, record_type: str, record_id: str, views_only: bool = False) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.for_record(record_type, record_id).order_by("-seq")
    if views_only:
        events = events.filter(action="view")
    return events
