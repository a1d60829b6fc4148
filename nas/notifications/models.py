"""Notifications to staff, and how each person wants them.

A notification names its kind, the record it is about (by record type and
id, reached through the access layer like any other read) and the page to
open; its parameters hold only facts that name no one (which deadline, the
date it falls due). `key` makes each occasion once-only per person: the
daily run can be repeated without telling anyone twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nas.notifications.kinds import KINDS, Delivery


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    #: A code of nas.notifications.kinds (no choices here: a new kind needs no migration).
    kind = models.CharField(_("kind"), max_length=40)
    record_type = models.CharField(max_length=60, blank=True)
    record_id = models.CharField(max_length=40, blank=True)
    url = models.CharField(max_length=300)
    params = models.JSONField(default=dict, blank=True)
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    #: The recipient can no longer see the record (reallocated, moved on): no longer shown or sent.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.OFF)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_occasion")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "withdrawn_at"], name="notification_unread"),
            models.Index(fields=["email", "emailed_at"], name="notification_email_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    @property
    def title(self) -> str:
        kind = KINDS.get(self.kind)
        return str(kind.title) if kind else self.kind


class Preference(models.Model):
    """How one person wants the emails of one kind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery}"


class EmailSettings(models.Model):
    """The language a person's emails are written in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(
        _("language of emails"), max_length=2, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        verbose_name = _("email settings")
        verbose_name_plural = _("email settings")

    def __str__(self) -> str:
        return self.language
