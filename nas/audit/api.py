from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from nas.audit.policies import trail_policy
from nas.audit.selectors import trail_for_record

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    seq: int
    occurred_at: datetime
    actor_username: str
    actor_organisation: str
    action: str
    reason: str
    ip_address: str | None
    channel: str
    request_id: str


@router.get(
    "/{record_type}/{record_id}",
    response=list[AuditEventOut],
    summary="Who has read or changed a record (managers and administrators in scope)",
)
def trail(
    request: HttpRequest, record_type: str, record_id: str, views_only: bool = False
) -> list[AuditEventOut]:
    trail_policy(request.auth, record_type, record_id)  # type: ignore[attr-defined]
    events = trail_for_record(record_type=record_type, record_id=record_id, views_only=views_only)[:500]
    return [AuditEventOut.model_validate(e, from_attributes=True) for e in events]
