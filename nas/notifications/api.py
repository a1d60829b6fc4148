"""A person's notifications over the API: the list (only what they may still
see), read and unread, and how each kind is emailed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from nas.access.lookup import get_for_user
from nas.contract.errors import ErrorsOut
from nas.notifications import selectors, services
from nas.notifications.kinds import KINDS
from nas.notifications.models import Notification
from nas.notifications.policies import notifications as policy

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    due: str | None
    created_at: datetime
    read: bool


class MarkIn(Schema):
    read: bool = True


class PreferencesIn(Schema):
    language: str
    kinds: dict[str, str]


class KindPreferenceOut(Schema):
    kind: str
    title: str
    delivery: str
    statutory: bool


class PreferencesOut(Schema):
    language: str
    kinds: list[KindPreferenceOut]


def _out(item: Notification) -> NotificationOut:
    return NotificationOut(
        id=item.pk,
        kind=item.kind,
        title=item.title,
        url=item.url,
        due=item.params.get("due"),
        created_at=item.created_at,
        read=item.read_at is not None,
    )


@router.get(
    "", response=list[NotificationOut], summary="Your newest notifications (?unread=true for unread only)"
)
def notification_list(request: HttpRequest, unread: bool = False) -> list[NotificationOut]:
    items = selectors.notification_list(user=request.auth, unread_only=unread)  # type: ignore[attr-defined]
    return [_out(item) for item in items]


@router.post("/{pk}/read", response=NotificationOut, summary="Mark a notification read (or unread)")
def notification_mark(request: HttpRequest, pk: int, payload: MarkIn) -> NotificationOut:
    item: Notification = get_for_user(request.auth, policy, pk=pk, action="mark")  # type: ignore[attr-defined]
    services.notification_mark(actor=request.auth, notification=item, read=payload.read)  # type: ignore[attr-defined]
    item.refresh_from_db()
    return _out(item)


def _preferences(user: Any) -> PreferencesOut:
    current, language = selectors.preferences_of(user=user)
    return PreferencesOut(
        language=language,
        kinds=[
            KindPreferenceOut(
                kind=code, title=str(kind.title), delivery=current[code], statutory=kind.statutory
            )
            for code, kind in KINDS.items()
        ],
    )


@router.get(
    "/preferences", response=PreferencesOut, summary="How each kind of notification is emailed to you"
)
def preferences(request: HttpRequest) -> PreferencesOut:
    return _preferences(request.auth)  # type: ignore[attr-defined]


@router.put(
    "/preferences", response={200: PreferencesOut, 422: ErrorsOut}, summary="Change how you are emailed"
)
def preferences_change(request: HttpRequest, payload: PreferencesIn) -> Any:
    services.preferences_set(actor=request.auth, choices=payload.kinds, language=payload.language)  # type: ignore[attr-defined]
    return _preferences(request.auth)  # type: ignore[attr-defined]
