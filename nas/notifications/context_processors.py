from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from nas.notifications.models import Notification


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The count of unread notifications in the header: one query a page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread() -> int:
        return Notification.objects.filter(
            recipient=user, read_at__isnull=True, withdrawn_at__isnull=True
        ).count()

    return {"notifications_unread": unread}
