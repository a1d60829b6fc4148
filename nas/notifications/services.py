"""Telling people: every notification goes through `notify` (or, for the
daily run's thousands, `notify_planned`), which asks the record's own access
policy whether each recipient may see the record, so a notification never
points anyone at a record outside their scope; a worker no longer allocated
is simply not among the recipients the rule names.

Emails are sent by the worker after the notifications are committed
(`send_pending_emails`), each in its recipient's language, naming the kind
and the link and nothing else.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nas.access.policies import for_record_type
from nas.accounts.models import User
from nas.notifications.kinds import KINDS, Delivery
from nas.notifications.models import EmailSettings, Notification, Preference

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Planned:
    """One notification the daily run means to send, before the access check."""

    kind: str
    recipient_id: int
    record_type: str
    record_id: int | str
    url: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


def deliveries(user_ids: Iterable[int], kind_codes: Iterable[str]) -> dict[tuple[int, str], str]:
    """How each person wants each kind's email (their choice, else the kind's default;
    a statutory kind is never off)."""
    users, codes = list(set(user_ids)), list(set(kind_codes))
    chosen = {
        (user_id, kind): delivery
        for user_id, kind, delivery in Preference.objects.filter(
            user_id__in=users, kind__in=codes
        ).values_list("user_id", "kind", "delivery")
    }
    result = {}
    for user_id in users:
        for code in codes:
            kind = KINDS[code]
            delivery = chosen.get((user_id, code), kind.default)
            if kind.statutory and delivery == Delivery.OFF:
                delivery = kind.default if kind.default != Delivery.OFF else Delivery.DIGEST
            result[(user_id, code)] = delivery
    return result


def _visible(record_type: str, user: User, ids: Iterable[Any]) -> set[str]:
    """Which of these records this person's access policy lets them see."""
    policy = for_record_type(record_type)
    if policy is None:
        raise ValueError(f"No access policy for {record_type}")
    wanted = list(set(ids))
    return {str(pk) for pk in policy.scope(user).filter(pk__in=wanted).values_list("pk", flat=True)}


def _may_receive(kind_code: str, user: User) -> bool:
    kind = KINDS[kind_code]
    return user.is_active and not user.is_archived and (kind.audience is None or kind.audience(user))


def notify_planned(planned: Iterable[Planned]) -> int:
    """Create the notifications that pass the access check and have not been
    made before (each key once per person). Returns how many were new."""
    from nas.notifications.tasks import send_pending_emails

    items = list(planned)
    if not items:
        return 0
    users = {u.pk: u for u in User.objects.filter(pk__in={p.recipient_id for p in items}, is_active=True)}
    # One access question per person and kind of record, however many records.
    by_person: dict[tuple[str, int], list[Planned]] = defaultdict(list)
    for item in items:
        if item.recipient_id in users and _may_receive(item.kind, users[item.recipient_id]):
            by_person[(item.record_type, item.recipient_id)].append(item)
    allowed: list[Planned] = []
    for (record_type, user_id), group in by_person.items():
        if not record_type:
            allowed.extend(group)
            continue
        seen = _visible(record_type, users[user_id], (p.record_id for p in group))
        allowed.extend(p for p in group if str(p.record_id) in seen)
    chosen = deliveries(users, {p.kind for p in allowed})
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=p.recipient_id,
            kind=p.kind,
            record_type=p.record_type,
            record_id=str(p.record_id) if p.record_type else "",
            url=p.url,
            params=p.params,
            key=p.key[:200],
            created_at=now,
            email=chosen[(p.recipient_id, p.kind)],
        )
        for p in allowed
    ]
    with transaction.atomic():
        before = Notification.objects.filter(created_at=now).count()
        Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
        made = Notification.objects.filter(created_at=now).count() - before
        if any(row.email == Delivery.IMMEDIATE for row in rows):
            from nas.jobs.services import enqueue_after_commit

            enqueue_after_commit(send_pending_emails)
    return made


def notify(
    *,
    kind: str,
    recipients: Iterable[Any],
    record: tuple[str, Any] | None,
    url: str,
    params: dict[str, Any] | None = None,
    key: str | None = None,
    actor: Any = None,
) -> int:
    """Tell these people that `kind` happened to `record` (record type, id).
    The person who did it is not told; anyone the record's policy hides it
    from is not told either. `key` names the occasion (by default this event)."""
    if kind not in KINDS:
        raise ValueError(f"No notification kind {kind}")
    record_type, record_id = record if record is not None else ("", "")
    occasion = key or f"{kind}:{record_type}:{record_id}:{timezone.now().isoformat()}"
    actor_id = getattr(actor, "pk", None)
    people = {getattr(r, "pk", r) for r in recipients if r is not None} - {actor_id}
    return notify_planned(
        Planned(kind, uid, record_type, record_id, url, occasion, params or {}) for uid in people
    )


def notification_mark(*, actor: Any, notification: Notification, read: bool) -> None:
    Notification.objects.filter(pk=notification.pk, recipient=actor).update(
        read_at=timezone.now() if read else None
    )


def notifications_mark_all_read(*, actor: Any) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


def preferences_set(*, actor: Any, choices: dict[str, str], language: str) -> None:
    """A person's choice of how each kind's email comes, and their emails' language."""
    errors = {}
    for code, delivery in choices.items():
        kind = KINDS.get(code)
        if kind is None or delivery not in Delivery.values:
            errors[code] = _("Choose how to be told")
        elif kind.statutory and delivery == Delivery.OFF:
            errors[code] = _(
                "This is about a statutory timescale or the service's security: it cannot be turned off"
            )
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose English or Welsh")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for code, delivery in choices.items():
            Preference.objects.update_or_create(user=actor, kind=code, defaults={"delivery": delivery})
        EmailSettings.objects.update_or_create(user=actor, defaults={"language": language})


def withdraw_hidden(*, user: Any, notifications: list[Notification]) -> list[Notification]:
    """The notifications this person may still see; the rest are withdrawn
    (no longer shown, counted or emailed): the record's policy now hides it."""
    by_type: dict[str, list[Notification]] = defaultdict(list)
    for n in notifications:
        if n.record_type:
            by_type[n.record_type].append(n)
    hidden: list[int] = []
    for record_type, group in by_type.items():
        seen = _visible(record_type, user, (n.record_id for n in group))
        hidden.extend(n.pk for n in group if n.record_id not in seen)
    kinds_hidden = [n.pk for n in notifications if not _may_receive(n.kind, user)]
    gone = set(hidden) | set(kinds_hidden)
    if gone:
        Notification.objects.filter(pk__in=gone).update(withdrawn_at=timezone.now())
    return [n for n in notifications if n.pk not in gone]


def _claim(ids: list[int]) -> list[Notification]:
    """Mark these as emailed before sending, so two workers never send one twice."""
    now = timezone.now()
    claimed = []
    for pk in ids:
        if Notification.objects.filter(pk=pk, emailed_at__isnull=True).update(emailed_at=now):
            claimed.append(pk)
    return list(Notification.objects.filter(pk__in=claimed).select_related("recipient"))


def send_immediate_emails() -> int:
    """Send the waiting 'at once' emails, each after checking again that its
    recipient may still see the record."""
    from nas.notifications import email

    pending = list(
        Notification.objects.filter(
            email=Delivery.IMMEDIATE, emailed_at__isnull=True, withdrawn_at__isnull=True
        ).values_list("pk", flat=True)[:1000]
    )
    sent = 0
    for notification in _claim(pending):
        if not withdraw_hidden(user=notification.recipient, notifications=[notification]):
            continue
        if email.send_one(notification):
            sent += 1
    return sent


def send_digests() -> int:
    """One email per person with everything waiting for their daily summary."""
    from nas.notifications import email

    waiting = Notification.objects.filter(
        Q(email=Delivery.DIGEST), emailed_at__isnull=True, withdrawn_at__isnull=True
    )
    people = list(waiting.values_list("recipient_id", flat=True).distinct())
    sent = 0
    for user in User.objects.filter(pk__in=people, is_active=True):
        items = _claim(list(waiting.filter(recipient=user).values_list("pk", flat=True)))
        items = withdraw_hidden(user=user, notifications=items)
        if items and email.send_digest(user, items):
            sent += 1
    return sent
