"""Work that the foundation itself puts on people's home pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nas.accounts.policies import staff_accounts
from nas.accounts.roles import Role
from nas.accounts.throttle import lock_cutoff
from nas.core.worklist import WorkItem, WorkSection, register


@register
def locked_accounts(user: Any) -> list[WorkSection]:
    """An administrator's list of accounts locked after failed sign-ins."""
    if not user.has_role(Role.ADMINISTRATOR):
        return []
    locked = staff_accounts.scope(user).filter(locked_at__gt=lock_cutoff()).order_by("locked_at")
    items = [
        WorkItem(
            title=str(account),
            href=reverse("accounts:staff-detail", args=[account.pk]),
            detail=account.username,
        )
        for account in locked
    ]
    return [WorkSection(key="locked_accounts", title=_("Locked accounts to review"), items=items)]
