from __future__ import annotations

from typing import Any

from django.http import Http404

from nas.access.policies import Policy, for_record_type
from nas.accounts.roles import MANAGER_ROLES, Role

TRAIL_ROLES = (*MANAGER_ROLES, Role.ADMINISTRATOR)


def trail_policy(user: Any, record_type: str, record_id: str) -> Policy[Any]:
    """The audit trail of a record is open to a manager or administrator who
    may see the record itself; to anyone else it does not exist (404)."""
    policy = for_record_type(record_type)
    if policy is None or not user.has_role(*TRAIL_ROLES):
        raise Http404
    try:
        record = policy.scope(user).filter(pk=record_id).first()
    except (ValueError, TypeError):
        record = None
    if record is None or not policy.trail_visible(user, record):
        raise Http404
    return policy


def may_see_trails(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(*TRAIL_ROLES))
