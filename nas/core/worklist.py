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
    #: Waits for this person's own decision: shown first on the home page.
    decision: bool = False
    #: Where the whole list is, when the home page shows only its first items.
    more_href: str = ""

    @property
    def shown(self) -> list[WorkItem]:
        return self.items[:SHOWN]

    @property
    def hidden(self) -> int:
        return max(len(self.items) - SHOWN, 0)


#: Items shown in each section of the home page; the rest are a link away.
SHOWN = 10


Provider = Callable[[Any], list[WorkSection]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    _providers.append(provider)
    return provider


def worklist_for(user: Any) -> list[WorkSection]:
    """Every provider's sections, those waiting for the person's own decision first."""
    sections: list[WorkSection] = []
    for provider in _providers:
        sections.extend(provider(user))
    return sorted(sections, key=lambda section: not section.decision)
