"""The choke point for reaching a record (healthchecks' `_get_check_for_user`,
zulip's `access_stream_by_id`): the record, in the person's scope, or 404.
Reads of a person's record are audited here, so no view can forget to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404

from nas.access.policies import Policy
from nas.audit.models import AuditAction
from nas.audit.services import audit_record, audit_records

M = TypeVar("M", bound=models.Model)


def get_for_user(
    user: Any,
    policy: Policy[M],
    *,
    pk: object,
    action: str = "view",
    queryset: models.QuerySet[M] | None = None,
    audit: bool = True,
) -> M:
    """The record with this key if the person may see it, else 404.

    Outside a person's scope a record does not exist for them (404, never
    403), so an id changed in a URL tells them nothing. Inside scope, an
    action their role does not allow is refused with 403.
    """
    scoped = policy.scope(user)
    if queryset is not None:
        scoped = scoped & queryset
    try:
        record = scoped.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    if not policy.can(user, action, record):
        if not policy.can(user, "view", record):
            raise Http404
        raise PermissionDenied
    if audit and policy.audited_reads:
        audit_record(actor=user, action=AuditAction.VIEW, record_type=policy.record_type, record_id=record.pk)
    return record


def require(user: Any, policy: Policy[Any], action: str) -> None:
    """Refuse an action that is not about one existing record (e.g. create)."""
    if not policy.can(user, action, None):
        raise PermissionDenied


def visible(user: Any, policy: Policy[M]) -> models.QuerySet[M]:
    return policy.scope(user)


def audit_listed(user: Any, policy: Policy[Any], records: Iterable[models.Model], *, where: str) -> None:
    """A list that shows people's records is a read of each of them: one
    audit entry per record shown, saying where it was listed."""
    if not policy.audited_reads:
        return
    ids = list(dict.fromkeys(record.pk for record in records))
    audit_records(
        actor=user,
        action=AuditAction.VIEW,
        record_type=policy.record_type,
        entries=[(pk, {"listed_in": where}) for pk in ids],
    )
