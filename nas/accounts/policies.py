from __future__ import annotations

from typing import Any

from django.db import models

from nas.access import scope
from nas.access.policies import Policy, register
from nas.accounts.models import User
from nas.accounts.roles import MANAGER_ROLES, Role


class StaffAccountPolicy(Policy[User]):
    """Staff accounts.

    A national administrator sees every account; an administrator elsewhere,
    and a manager, sees the accounts of their own organisation; everyone
    sees their own. Only an administrator unlocks an account, resets its
    authenticator, issues its authenticator set-up link or archives it; nobody
    does any of these to their own account.
    """

    model = User
    record_type = "accounts.user"
    audited_reads = False

    def scope(self, user: Any) -> models.QuerySet[User]:
        accounts = User.objects.all()
        if not getattr(user, "is_authenticated", False):
            return accounts.none()
        if user.has_role(Role.ADMINISTRATOR) and scope.is_national(user):
            return accounts
        if user.has_role(Role.ADMINISTRATOR, *MANAGER_ROLES):
            return accounts.filter(organisation_id=user.organisation_id)
        return accounts.filter(pk=user.pk)

    def can(self, user: Any, action: str, record: User | None = None) -> bool:
        if action == "view":
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        if action == "list":
            return user.has_role(Role.ADMINISTRATOR, *MANAGER_ROLES)
        if action in {"unlock", "reset_mfa", "archive", "set_up_link"}:
            return user.has_role(Role.ADMINISTRATOR) and record is not None and record.pk != user.pk
        return False

    def label(self, record: User) -> str:
        return record.get_full_name() or record.username


staff_accounts = register(StaffAccountPolicy())
