"""Staff accounts. Every account belongs to one organisation and holds one or
more roles; there is no self-registration (administrators create accounts)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nas.accounts.roles import Role
from nas.core.models import Archivable


class StaffUserManager(UserManager["User"]):
    def get_queryset(self) -> models.QuerySet[User]:
        return super().get_queryset().select_related("organisation")


class User(Archivable, AbstractUser):  # type: ignore[misc]
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="staff",
    )
    team = models.ForeignKey(
        "organisations.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    failed_sign_ins = models.PositiveIntegerField(_("failed sign-ins in a row"), default=0)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)

    objects = StaffUserManager()  # type: ignore[misc]

    REQUIRED_FIELDS = ["email", "organisation"]

    class Meta:
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_set(self) -> frozenset[str]:
        """The person's roles, read once per request."""
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("role", flat=True))
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def is_locked(self) -> bool:
        """Locked after failed sign-ins; the lock lifts by itself after
        SIGN_IN_LOCKOUT_MINUTES (nas.accounts.throttle)."""
        from nas.accounts.throttle import lock_cutoff

        return self.locked_at is not None and self.locked_at > lock_cutoff()

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in sorted(self.role_set)]


class StaffRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_of_each_role")]

    def __str__(self) -> str:
        return str(Role(self.role).label)


class AuthenticatorDevice(models.Model):
    """A time-based one-time password (TOTP, RFC 6238) authenticator app."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="authenticator")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time step accepted, so a code cannot be used twice.
    last_used_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return f"{self.user}"


class SetUpLink(models.Model):
    """A one-time link an administrator issues so a person can set up their
    authenticator app: a password alone never enrols one. It works once,
    for AUTHENTICATOR_SET_UP_LINK_HOURS, and only with the account's password.
    Only a hash of the token is kept; issuing a new link ends the earlier one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="set_up_links")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("authenticator set-up link")
        verbose_name_plural = _("authenticator set-up links")

    def __str__(self) -> str:
        return f"{self.user} ({self.issued_at:%Y-%m-%d %H:%M})"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class RecoveryCode(models.Model):
    """A single-use code for when the authenticator app is lost. Only a hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"{self.user} ({'used' if self.used_at else 'unused'})"


class ApiToken(models.Model):
    """A bearer token for the JSON API. The token is shown once; only its
    SHA-256 hash is kept, with a short prefix to recognise it by."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
