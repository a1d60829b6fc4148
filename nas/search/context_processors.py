from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def available(user: Any) -> bool:
    """Whether there is anything this person could find (no database query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    from nas.adopters.policies import households
    from nas.children.policies import children
    from nas.panels.policies import meetings
    from nas.support.policies import people

    return (
        children.can(user, "view_identity")
        or households.can(user, "list")
        or people.can(user, "view")
        or meetings.can(user, "list")
    )


def search_box(request: HttpRequest) -> dict[str, Any]:
    return {"search_box": available(getattr(request, "user", None))}
