from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from nas.accounts.roles import Role


class AdministratorRoleBackend(BaseBackend):
    """Model permissions for the administration pages come from the
    Administrator role, not from per-user permission rows, so there is one
    place (the role) that says who administers the service."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        # Nothing is ever deleted: adoption records and the people who touched them are kept.
        return self._administers(user_obj) and ".delete_" not in perm

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return self._administers(user_obj)

    @staticmethod
    def _administers(user_obj: Any) -> bool:
        return bool(
            user_obj.is_active and user_obj.is_authenticated and user_obj.has_role(Role.ADMINISTRATOR)
        )
