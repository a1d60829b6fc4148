"""Writes for staff accounts: sign-in with lockout, the authenticator app,
recovery codes and API tokens. Each records its own audit entry."""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nas.accounts import throttle
from nas.accounts.models import ApiToken, AuthenticatorDevice, RecoveryCode, SetUpLink, User
from nas.accounts.roles import Role
from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.core.records import record_archive
from nas.notifications import events as notifications

RECORD_TYPE = "accounts.user"
RECOVERY_CODE_COUNT = 10
TOTP_STEP_SECONDS = 30


class SignInOutcome(enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    LOCKED = "locked"
    # Too many failures from the caller's address: nothing was checked.
    THROTTLED = "throttled"


@dataclass(frozen=True)
class SignInResult:
    outcome: SignInOutcome
    user: User | None = None


def _audit(actor: User | None, action: str, user: User, **detail: object) -> None:
    audit_record(actor=actor, action=action, record_type=RECORD_TYPE, record_id=user.pk, detail=dict(detail))


def sign_in_check_password(*, username: str, password: str, address: str | None = None) -> SignInResult:
    """First factor. SIGN_IN_MAX_FAILURES failures in a row lock the account
    for SIGN_IN_LOCKOUT_MINUTES (administrators are told); a username that is
    not an account locks in the same way, so no answer tells whether a
    username exists. `address` is the caller's (nas.core.middleware.client_network):
    too many failures from it and nothing is checked (nas.accounts.throttle)."""
    if throttle.address_blocked(address):
        return SignInResult(SignInOutcome.THROTTLED)
    user = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
    if user is None:
        # Spend the same time as a real check so timing does not reveal which usernames exist.
        User().set_password(password)
        throttle.address_failed(address)
        if throttle.unknown_name_locked(username) or throttle.unknown_name_failed(username):
            return SignInResult(SignInOutcome.LOCKED)
        return SignInResult(SignInOutcome.REJECTED)
    if user.locked_at is not None and not user.is_locked:
        _unlock_after_cooling_off(user)
    if user.is_locked:
        # Locked whatever the password, as a username that is not an account is.
        user.check_password(password)
        throttle.address_failed(address)
        return SignInResult(SignInOutcome.LOCKED)
    if not user.check_password(password):
        return sign_in_record_failure(user=user, factor="password", address=address)
    return SignInResult(SignInOutcome.ACCEPTED, user)


def _unlock_after_cooling_off(user: User) -> None:
    with transaction.atomic():
        unlocked = User.objects.filter(pk=user.pk, locked_at=user.locked_at).update(
            locked_at=None, failed_sign_ins=0
        )
        if unlocked:
            _audit(None, AuditAction.ACCOUNT_UNLOCKED, user, after_minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
    user.refresh_from_db(fields=["locked_at", "failed_sign_ins"])


def sign_in_record_failure(*, user: User, factor: str, address: str | None = None) -> SignInResult:
    throttle.address_failed(address)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_sign_ins=F("failed_sign_ins") + 1)
        user.refresh_from_db(fields=["failed_sign_ins", "locked_at"])
        _audit(None, AuditAction.SIGN_IN_FAILED, user, factor=factor, failures=user.failed_sign_ins)
        if user.failed_sign_ins >= settings.SIGN_IN_MAX_FAILURES and not user.is_locked:
            user.locked_at = timezone.now()
            user.save(update_fields=["locked_at"])
            _audit(None, AuditAction.ACCOUNT_LOCKED, user, failures=user.failed_sign_ins)
            notifications.account_locked(user=user)
    if user.is_locked:
        return SignInResult(SignInOutcome.LOCKED, user)
    return SignInResult(SignInOutcome.REJECTED, user)


def sign_in_succeeded(*, user: User, method: str) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_sign_ins=0, last_login=timezone.now())
        _audit(user, AuditAction.SIGN_IN, user, method=method)


def sign_out_recorded(*, user: User) -> None:
    _audit(user, AuditAction.SIGN_OUT, user)


def has_confirmed_authenticator(user: User) -> bool:
    return AuthenticatorDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def authenticator_start_enrolment(*, user: User) -> AuthenticatorDevice:
    """A fresh secret for a person who has no confirmed authenticator yet."""
    device, _ = AuthenticatorDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    if device.confirmed_at is not None:
        raise ValueError("This account already has an authenticator app.")
    return device


def provisioning_uri(device: AuthenticatorDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.username, issuer_name="NAS Wales")


def _verify_totp(device: AuthenticatorDevice, code: str, now: float | None = None) -> bool:
    """Accept the code of the current 30-second step or its neighbours (clock
    drift), but never a step at or before the last one used (no replay)."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(device.secret)
    current = int((now if now is not None else time.time()) // TOTP_STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if step > device.last_used_step and hmac.compare_digest(totp.at(step * TOTP_STEP_SECONDS), code):
            updated = AuthenticatorDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
                last_used_step=step
            )
            return updated == 1
    return False


def authenticator_confirm(*, user: User, code: str, link: SetUpLink) -> list[str] | None:
    """Confirm the enrolment with a first code, through the administrator's
    set-up link, which is then used up; returns the new recovery codes."""
    with transaction.atomic():
        device = AuthenticatorDevice.objects.select_for_update().get(user=user)
        still_open = (
            SetUpLink.objects.select_for_update()
            .filter(pk=link.pk, user=user, used_at__isnull=True, revoked_at__isnull=True)
            .filter(expires_at__gt=timezone.now())
            .exists()
        )
        if not still_open or not _verify_totp(device, code):
            return None
        SetUpLink.objects.filter(pk=link.pk).update(used_at=timezone.now())
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed_at"])
        _audit(user, AuditAction.MFA_ENROLLED, user, set_up_link=link.pk)
        return recovery_codes_issue(user=user)


def set_up_link_issue(*, actor: User | None, user: User) -> tuple[SetUpLink, str]:
    """A one-time link for setting up an authenticator app, for an account
    that has none (a new one, or after a reset). Returns the link and its
    token, which is shown once; an earlier open link stops working."""
    if has_confirmed_authenticator(user):
        raise ValidationError(_("This account already has an authenticator app. Reset it first."))
    if not user.is_active:
        raise ValidationError(_("This account is archived and cannot sign in."))
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        SetUpLink.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        link = SetUpLink.objects.create(
            user=user,
            token_hash=_token_hash(raw),
            issued_by=actor,
            issued_at=now,
            expires_at=now + timedelta(hours=settings.AUTHENTICATOR_SET_UP_LINK_HOURS),
        )
        _audit(
            actor, AuditAction.SET_UP_LINK_ISSUED, user, link=link.pk, expires_at=link.expires_at.isoformat()
        )
    return link, raw


def set_up_link_open(raw: str) -> SetUpLink | None:
    """The link a token belongs to, if it still works."""
    link = SetUpLink.objects.select_related("user").filter(token_hash=_token_hash(raw)).first()
    if link is None or not link.is_open or not link.user.is_active:
        return None
    return link


def set_up_link_for(*, user: User, link_id: object) -> SetUpLink | None:
    """The open link the person arrived with, if it is theirs."""
    if not isinstance(link_id, int):
        return None
    link = SetUpLink.objects.filter(pk=link_id, user=user).first()
    return link if link is not None and link.is_open else None


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def second_factor_verify(*, user: User, code: str) -> str | None:
    """Second factor: a code from the authenticator app, or an unused
    recovery code. Returns which was used, or None."""
    device = AuthenticatorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    if device is not None and _verify_totp(device, code):
        return "totp"
    if _use_recovery_code(user, code):
        return "recovery_code"
    return None


def _hash_recovery_code(code: str) -> str:
    normalised = "".join(code.lower().split()).replace("-", "")
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def recovery_codes_issue(*, user: User) -> list[str]:
    """Replace any earlier codes with ten new single-use ones, shown once."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    codes = [
        "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=_hash_recovery_code(c)) for c in codes
        )
        _audit(user, AuditAction.RECOVERY_CODES_ISSUED, user, count=len(codes))
    return codes


def _use_recovery_code(user: User, code: str) -> bool:
    with transaction.atomic():
        used = RecoveryCode.objects.filter(
            user=user, code_hash=_hash_recovery_code(code), used_at__isnull=True
        ).update(used_at=timezone.now())
        if used:
            _audit(user, AuditAction.RECOVERY_CODE_USED, user)
        return bool(used)


def recovery_codes_remaining(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def account_unlock(*, actor: User, user: User) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(locked_at=None, failed_sign_ins=0)
        _audit(actor, AuditAction.ACCOUNT_UNLOCKED, user)
    user.refresh_from_db(fields=["locked_at", "failed_sign_ins"])


def account_reset_authenticator(*, actor: User, user: User) -> None:
    """For a person who lost both their app and their recovery codes: they set
    up a new app through a set-up link an administrator issues (set_up_link_issue)."""
    with transaction.atomic():
        AuthenticatorDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        _audit(actor, AuditAction.MFA_RESET, user)


def account_archive(*, actor: User, user: User, reason: str) -> None:
    """Close a staff account: it can no longer sign in, but it stays, with the
    reason and who closed it, so the audit trail keeps its people."""
    with transaction.atomic():
        record_archive(actor=actor, record=user, record_type=RECORD_TYPE, reason=reason)
        User.objects.filter(pk=user.pk).update(is_active=False)
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    user.is_active = False


def api_token_issue(*, actor: User, name: str) -> tuple[ApiToken, str]:
    raw = "nas_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor, name=name, prefix=raw[:12], token_hash=hashlib.sha256(raw.encode()).hexdigest()
        )
        _audit(actor, AuditAction.API_TOKEN_ISSUED, actor, token=token.prefix, name=name)
    return token, raw


def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        _audit(actor, AuditAction.API_TOKEN_REVOKED, token.user, token=token.prefix)


def api_token_user(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user__organisation")
        .filter(token_hash=hashlib.sha256(raw.encode()).hexdigest(), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active or token.user.is_locked:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def staff_create(
    *, actor: User | None, username: str, password: str, organisation_id: int, roles: list[str], **names: str
) -> User:
    """Create a staff account (administrators only; there is no self-registration)."""
    with transaction.atomic():
        user = User(username=username, organisation_id=organisation_id, **names)
        user.set_password(password)
        user.is_staff = Role.ADMINISTRATOR in roles
        user.save()
        user.roles.bulk_create([user.roles.model(user=user, role=role) for role in roles])
        _audit(actor, AuditAction.CREATE, user, roles=sorted(roles))
    return user
