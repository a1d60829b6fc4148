"""The work waiting for a person on their home page.

Each part of the service registers a provider that returns sections for the
person (what is due and what is overdue); the home page and the API show
whatever the providers return, so a new journey adds its work here without
touching the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class WorkItem:
    title: str
    href: str
    due: date | None = None
    overdue: bool = False
    detail: str = ""


@dataclass(frozen=True)
class WorkSection:
    key: str
    title: str | Promise
    items: list[WorkItem] = field(default_factory=list)


Provider = Callable[[Any], list[WorkSection]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    _providers.append(provider)
    return provider


def worklist_for(user: Any) -> list[WorkSection]:
    sections: list[WorkSection] = []
    for provider in _providers:
        sections.extend(provider(user))
    return sections
