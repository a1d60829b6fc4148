"""GOV.UK Notify as a Django email backend (EMAIL_DELIVERY=notify), through
GOV.UK Notify's own client (notifications-python-client).

Each message goes to Notify's template GOVUK_NOTIFY_TEMPLATE_ID, or to the
kind's own template in GOVUK_NOTIFY_TEMPLATE_IDS (the message's X-NAS-Kind
header names the kind); every template takes the personalisation fields
((subject)) and ((body)). Notify's documentation: send an email with
`send_email_notification(email_address=, template_id=, personalisation=)`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

logger = logging.getLogger(__name__)


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.client: Any = None

    def open(self) -> bool:
        if self.client is not None:
            return False
        from notifications_python_client.notifications import NotificationsAPIClient

        if not settings.GOVUK_NOTIFY_API_KEY:
            raise ImproperlyConfigured("GOVUK_NOTIFY_API_KEY is not set.")
        self.client = NotificationsAPIClient(settings.GOVUK_NOTIFY_API_KEY)
        return True

    def close(self) -> None:
        self.client = None

    def _template(self, message: EmailMessage) -> str:
        kind = message.extra_headers.get("X-NAS-Kind", "")
        template = settings.GOVUK_NOTIFY_TEMPLATE_IDS.get(kind) or settings.GOVUK_NOTIFY_TEMPLATE_ID
        if not template:
            raise ImproperlyConfigured("GOVUK_NOTIFY_TEMPLATE_ID is not set.")
        return str(template)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        opened = self.open()
        sent = 0
        try:
            for message in email_messages:
                for address in message.recipients():
                    try:
                        self.client.send_email_notification(
                            email_address=address,
                            template_id=self._template(message),
                            personalisation={"subject": message.subject, "body": message.body},
                        )
                    except Exception:
                        if not self.fail_silently:
                            raise
                        logger.exception("GOV.UK Notify refused a message")
                        continue
                sent += 1
        finally:
            if opened:
                self.close()
        return sent
