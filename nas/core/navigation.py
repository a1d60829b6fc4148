"""The service navigation: each entry is shown only to people whose policy
lets them use it, so the menu never offers a page that would refuse them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    allowed: Callable[[Any], bool]


_items: list[NavItem] = [NavItem("core:home", _("Home"), lambda user: True)]


def register(item: NavItem) -> None:
    _items.append(item)


def navigation_for(request: HttpRequest) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    entries = []
    for item in _items:
        if not item.allowed(user):
            continue
        href = reverse(item.url_name)
        current = request.path == href if href == "/" else request.path.startswith(href)
        entries.append({"href": href, "label": item.label, "current": current})
    return entries
