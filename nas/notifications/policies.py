"""Who may see a notification: the person it is for, and nobody else (404).
Whether it may still be shown is the record's own policy's answer
(nas.notifications.selectors): a notification never shows a record its
recipient can no longer see."""

from __future__ import annotations

from typing import Any

from django.db import models

from nas.access.policies import Policy, register
from nas.notifications.models import Notification


class NotificationPolicy(Policy[Notification]):
    model = Notification
    record_type = "notifications.notification"
    # A notification names a kind and a link, no person; opening the record it links to is audited there.
    audited_reads = False

    def scope(self, user: Any) -> models.QuerySet[Notification]:
        if not getattr(user, "is_authenticated", False):
            return Notification.objects.none()
        return Notification.objects.filter(recipient=user, withdrawn_at__isnull=True)

    def can(self, user: Any, action: str, record: Notification | None = None) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if action in {"list", "settings"}:
            return True
        if action in {"view", "mark"}:
            return record is not None and record.recipient_id == user.pk
        return False


notifications = register(NotificationPolicy())
