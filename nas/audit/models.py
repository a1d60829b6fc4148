"""The audit trail: who read or changed which record, when, from where and why.

Append-only and tamper-evident: each entry carries the hash of the entry
before it, so changing or removing any row breaks the chain from that row on,
and `python manage.py verify_audit_chain` names the first broken link.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    """A stable set of event types (as zulip's RealmAuditLog): values are
    stored, so they are never renamed, only added to."""

    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    ARCHIVE = "archive", _("Archived")
    EXPORT = "export", _("Exported")
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGN_OUT = "sign_out", _("Signed out")
    ACCOUNT_LOCKED = "account_locked", _("Account locked")
    ACCOUNT_UNLOCKED = "account_unlocked", _("Account unlocked")
    MFA_ENROLLED = "mfa_enrolled", _("Authenticator app set up")
    MFA_RESET = "mfa_reset", _("Authenticator app reset")
    SET_UP_LINK_ISSUED = "set_up_link_issued", _("Authenticator set-up link issued")
    RECOVERY_CODES_ISSUED = "recovery_codes_issued", _("Recovery codes issued")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    API_TOKEN_ISSUED = "api_token_issued", _("API token issued")
    API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_record(self, record_type: str, record_id: object) -> AuditEventQuerySet:
        return self.filter(record_type=record_type, record_id=str(record_id))

    def update(self, **kwargs: Any) -> int:
        raise TypeError("Audit entries are append-only and cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit entries are append-only and cannot be deleted.")


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("when"), editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    actor_organisation = models.CharField(_("organisation"), max_length=40, blank=True)
    action = models.CharField(_("what"), max_length=40, choices=AuditAction.choices)
    record_type = models.CharField(_("record type"), max_length=60)
    record_id = models.CharField(_("record"), max_length=64)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["record_type", "record_id", "seq"], name="audit_by_record")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.record_type}:{self.record_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("Audit entries are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit entries are append-only and cannot be deleted.")

    def payload(self) -> dict[str, Any]:
        """The fields the hash covers, in a canonical form."""
        return {
            "seq": self.seq,
            "occurred_at": self.occurred_at.isoformat(),
            "actor": self.actor_id,
            "actor_username": self.actor_username,
            "actor_organisation": self.actor_organisation,
            "action": self.action,
            "record_type": self.record_type,
            "record_id": self.record_id,
            "detail": self.detail,
            "reason": self.reason,
            "ip_address": self.ip_address,
            "channel": self.channel,
            "request_id": self.request_id,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        """HMAC-SHA256 of the canonical payload under AUDIT_CHAIN_KEY: a plain
        hash could be recomputed by anyone able to rewrite the table."""
        canonical = json.dumps(self.payload(), sort_keys=True, separators=(",", ":"), default=str)
        key = settings.AUDIT_CHAIN_KEY.encode("utf-8")
        return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


class AuditChainHead(models.Model):
    """The newest link of the chain. Appending locks this single row, so two
    writers can never both chain onto the same previous entry.

    The head is sealed with an HMAC under AUDIT_CHAIN_KEY: someone who deletes
    the newest entries and moves the head back onto an earlier one cannot
    seal the moved head without the key, so verification notices."""

    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    # Empty only for the head no entry has been chained onto yet.
    seal = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.seq}:{self.last_hash[:12]}"

    def compute_seal(self) -> str:
        message = f"head:{self.seq}:{self.last_hash}".encode()
        return hmac.new(settings.AUDIT_CHAIN_KEY.encode("utf-8"), message, hashlib.sha256).hexdigest()

    def is_sealed(self) -> bool:
        if self.seq == 0 and self.last_hash == GENESIS_HASH and not self.seal:
            return True
        return hmac.compare_digest(self.seal, self.compute_seal())
