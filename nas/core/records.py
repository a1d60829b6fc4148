"""Writes shared by every record: archiving (never deleting) and updates that
refuse to overwrite someone else's newer change."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.core.models import Archivable


class StaleRecordError(Exception):
    """Someone else saved the record after this person opened it."""

    message = _(
        "Someone else changed this record while you were editing it. "
        "Your changes have not been saved: check the record as it is now and make them again."
    )


def record_archive(*, actor: Any, record: Archivable, record_type: str, reason: str) -> None:
    """Archive a record with the reason and who did it. The record stays, for
    at least 100 years; it leaves working lists but can still be found."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Enter the reason for archiving")})
    if record.is_archived:
        raise ValidationError({"reason": _("This record is already archived")})
    with transaction.atomic():
        now = timezone.now()
        archived = (
            type(record)
            ._default_manager.filter(pk=record.pk, archived_at__isnull=True)
            .update(archived_at=now, archived_by=actor, archive_reason=reason)
        )
        if archived != 1:
            # Someone else archived it since this person opened it: keep their reason.
            raise ValidationError({"reason": _("This record is already archived")})
        record.archived_at, record.archived_by, record.archive_reason = now, actor, reason
        audit_record(
            actor=actor,
            action=AuditAction.ARCHIVE,
            record_type=record_type,
            record_id=record.pk,
            reason=reason,
        )


def record_update(
    *,
    actor: Any,
    record: models.Model,
    record_type: str,
    expected_version: int,
    changes: dict[str, Any],
    reason: str = "",
) -> None:
    """Save `changes` only if nobody has saved the record since the person
    opened it at `expected_version` (optimistic locking); audit old and new values."""
    model = type(record)
    with transaction.atomic():
        before = {name: getattr(record, name) for name in changes}
        updated = model._default_manager.filter(pk=record.pk, version=expected_version).update(
            **changes, version=F("version") + 1, updated_at=timezone.now()
        )
        if updated != 1:
            raise StaleRecordError
        for name, value in changes.items():
            setattr(record, name, value)
        record.version = expected_version + 1  # type: ignore[attr-defined]
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=record_type,
            record_id=record.pk,
            reason=reason,
            detail={
                "changes": {
                    name: {"from": _jsonable(before[name]), "to": _jsonable(value)}
                    for name, value in changes.items()
                    if before[name] != value
                }
            },
        )


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, models.Model):
        return value.pk
    return str(value)
