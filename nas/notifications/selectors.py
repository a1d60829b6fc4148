"""Reads of a person's notifications: only what they may still see."""

from __future__ import annotations

from datetime import date
from typing import Any

from nas.notifications.kinds import KINDS
from nas.notifications.models import EmailSettings, Notification
from nas.notifications.policies import notifications as policy
from nas.notifications.rules import what_label
from nas.notifications.services import deliveries, withdraw_hidden

PAGE = 50


def notification_list(*, user: Any, unread_only: bool = False, limit: int = PAGE) -> list[Notification]:
    """The newest notifications, each checked against its record's policy
    (those the person can no longer see are withdrawn, not shown)."""
    qs = policy.scope(user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    shown = withdraw_hidden(user=user, notifications=list(qs.order_by("-created_at", "-pk")[:limit]))
    for item in shown:
        item.what_label = what_label(str(item.params.get("what", "")))  # type: ignore[attr-defined]
        due = item.params.get("due")
        item.due = date.fromisoformat(due) if isinstance(due, str) else None  # type: ignore[attr-defined]
    return shown


def unread_count(*, user: Any) -> int:
    return policy.scope(user).filter(read_at__isnull=True).count()


def preferences_of(*, user: Any) -> tuple[dict[str, str], str]:
    current = deliveries([user.pk], KINDS)
    language = EmailSettings.objects.filter(user=user).values_list("language", flat=True).first() or "en"
    return {code: current[(user.pk, code)] for code in KINDS}, language
