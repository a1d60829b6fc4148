"""The emails: the kind of thing and a link into the service, in the
recipient's language, through Django's email framework (EMAIL_DELIVERY:
a file for `make run`, SMTP, or GOV.UK Notify). Never a name, date of birth
or reference: the person signs in to see the record."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from nas.accounts.models import User
from nas.notifications.models import EmailSettings, Notification

logger = logging.getLogger(__name__)


def language_of(user: User) -> str:
    chosen = EmailSettings.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen or settings.LANGUAGE_CODE


def _link(path: str) -> str:
    return f"{settings.SERVICE_URL}{path}"


def _footer() -> str:
    return _("You get these emails because of your notification settings: %(url)s") % {
        "url": _link("/notifications/settings/")
    }


def _send(user: User, subject: str, body: str, kind: str) -> bool:
    if not user.email:
        return False
    message = EmailMessage(subject=subject, body=body, to=[user.email], headers={"X-NAS-Kind": kind})
    try:
        message.send()
    except Exception:
        # The address and the content stay out of the log; the notification is still listed in the service.
        logger.exception("Email of kind %s to user %s could not be sent", kind, user.pk)
        return False
    return True


def compose_one(notification: Notification) -> tuple[str, str]:
    with translation.override(language_of(notification.recipient)):
        title = notification.title
        subject = _("National Adoption Service: %(title)s") % {"title": title}
        lines = [
            f"{title}.",
            "",
            _("Sign in to the service to see it: %(url)s") % {"url": _link(notification.url)},
            "",
            _footer(),
        ]
        return subject, "\n".join(lines)


def send_one(notification: Notification) -> bool:
    subject, body = compose_one(notification)
    return _send(notification.recipient, subject, body, notification.kind)


def compose_digest(user: User, items: list[Notification]) -> tuple[str, str]:
    with translation.override(language_of(user)):
        subject = _("National Adoption Service: your daily summary (%(count)s)") % {"count": len(items)}
        lines = [_("Waiting for you in the National Adoption Service information system:"), ""]
        for item in items:
            due = item.params.get("due")
            when = (" " + _("(due %(date)s)") % {"date": due}) if due else ""
            lines.append(f"- {item.title}{when}: {_link(item.url)}")
        lines += ["", _("Sign in to see each one."), "", _footer()]
        return subject, "\n".join(lines)


def send_digest(user: User, items: list[Notification]) -> bool:
    subject, body = compose_digest(user, items)
    return _send(user, subject, body, "digest")
