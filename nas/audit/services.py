from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from nas.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from nas.core import context
from nas.core.bulk import copy_rows


def audit_record(
    *,
    actor: Any | None,
    action: str,
    record_type: str,
    record_id: object,
    detail: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one entry to the audit chain.

    Runs inside the caller's transaction when there is one, so a change and
    its audit entry commit or roll back together.
    """
    ctx = context.current()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            occurred_at=timezone.now(),
            actor=actor if actor is not None and getattr(actor, "pk", None) else None,
            actor_username=getattr(actor, "username", "") if actor is not None else "",
            actor_organisation=_organisation_code(actor),
            action=action,
            record_type=record_type,
            record_id=str(record_id),
            detail=detail or {},
            reason=reason,
            ip_address=ctx.ip_address,
            channel=ctx.channel,
            request_id=ctx.request_id,
            prev_hash=head.last_hash,
        )
        event.entry_hash = event.compute_hash()
        event.save()
        head.seq = event.seq
        head.last_hash = event.entry_hash
        head.seal = head.compute_seal()
        head.save(update_fields=["seq", "last_hash", "seal"])
    return event


def audit_records(
    *,
    actor: Any | None,
    action: str,
    record_type: str,
    entries: list[tuple[object, dict[str, Any]]],
    reason: str = "",
) -> int:
    """Append many entries at once (an import of thousands of children), still
    one chained entry per record, under a single lock of the chain head."""
    if not entries:
        return 0
    ctx = context.current()
    now = timezone.now()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        events = []
        prev_hash, seq = head.last_hash, head.seq
        for record_id, detail in entries:
            seq += 1
            event = AuditEvent(
                seq=seq,
                occurred_at=now,
                actor=actor if actor is not None and getattr(actor, "pk", None) else None,
                actor_username=getattr(actor, "username", "") if actor is not None else "",
                actor_organisation=_organisation_code(actor),
                action=action,
                record_type=record_type,
                record_id=str(record_id),
                detail=detail,
                reason=reason,
                ip_address=ctx.ip_address,
                channel=ctx.channel,
                request_id=ctx.request_id,
                prev_hash=prev_hash,
            )
            event.entry_hash = event.compute_hash()
            prev_hash = event.entry_hash
            events.append(event)
        _insert(events)
        head.seq, head.last_hash = seq, prev_hash
        head.seal = head.compute_seal()
        head.save(update_fields=["seq", "last_hash", "seal"])
    return len(events)


_COLUMNS = [
    "seq",
    "occurred_at",
    "actor",
    "actor_username",
    "actor_organisation",
    "action",
    "record_type",
    "record_id",
    "detail",
    "reason",
    "ip_address",
    "channel",
    "request_id",
    "prev_hash",
    "entry_hash",
]


def _insert(events: list[AuditEvent]) -> None:
    """One executemany for many entries: a list page audits every record it
    shows, and bulk_create's per-field preparation was most of its cost.
    The values are prepared by the fields themselves, as bulk_create would."""
    concrete = {f.name: f for f in AuditEvent._meta.concrete_fields}
    fields = [concrete[name] for name in _COLUMNS]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column or f.name) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # Table and column names come from the model, never from input.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    first = events[0]
    # What every entry of one call shares is prepared once.
    shared = {
        f.attname: f.get_db_prep_save(getattr(first, f.attname), connection)
        for f in fields
        if f.name not in {"seq", "record_id", "detail", "prev_hash", "entry_hash"}
    }
    detail_field = concrete["detail"]
    rows = [
        [
            shared[f.attname]
            if f.attname in shared
            else (
                detail_field.get_db_prep_save(event.detail, connection)
                if f.name == "detail"
                else getattr(event, f.attname)
            )
            for f in fields
        ]
        for event in events
    ]
    if connection.vendor == "postgresql" and len(rows) > 100:
        # Thousands of entries (an import): one COPY, a third of executemany's time.
        copy_rows(AuditEvent, [f.column or f.name for f in fields], rows)
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(sql, rows[start : start + 1000])


def _organisation_code(actor: Any | None) -> str:
    organisation = getattr(actor, "organisation", None)
    return getattr(organisation, "code", "") if organisation is not None else ""


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    event_id: int | None
    problem: str


def verify_chain(*, batch_size: int = 2000) -> BrokenLink | None:
    """Walk the chain in order and return its first broken link, if any."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for event in _walk(batch_size):
        if event.seq != expected_seq:
            return BrokenLink(
                expected_seq, None, "missing: the entry with this sequence number has been removed"
            )
        if event.prev_hash != expected_prev:
            return BrokenLink(event.seq, event.pk, "does not chain onto the entry before it")
        if event.compute_hash() != event.entry_hash:
            return BrokenLink(event.seq, event.pk, "has been changed since it was written")
        expected_prev = event.entry_hash
        expected_seq += 1
    # The head is the only witness to the newest entries: without it, or with
    # it moved back onto an earlier entry, the tail could have been cut off.
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        return BrokenLink(expected_seq, None, "missing: the chain head has been removed")
    if head.seq != expected_seq - 1 or head.last_hash != expected_prev:
        return BrokenLink(expected_seq, None, "missing: the newest entries have been removed")
    if not head.is_sealed():
        return BrokenLink(
            expected_seq, None, "the chain head has been moved: the newest entries may have been removed"
        )
    return None


def _walk(batch_size: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq
