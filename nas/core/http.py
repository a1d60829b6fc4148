from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from nas.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request from a signed-in member of staff: every view but the public
    ones sits behind StaffSignInRequiredMiddleware."""

    user: User  # type: ignore[assignment]
