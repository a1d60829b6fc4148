"""The work waiting for a person on their home page.

Each part of the service registers a provider that returns sections for the
person (what is due and what is overdue); the home page and the API show
whatever the providers return, so a new journey adds its work here without
touching the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
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
    #: The people's records the item names, as their audit trails know them
    #: ((record type, id), ...): a listed item is a read of each (worklist_for audits them).
    reads: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class WorkSection:
    key: str
    title: str | Promise
    items: Sequence[WorkItem] = field(default_factory=list)
    #: Waits for this person's own decision: shown first on the home page.
    decision: bool = False
    #: Where the whole list is, when the home page shows only its first items.
    more_href: str = ""

    @property
    def shown(self) -> list[WorkItem]:
        return list(self.items[:SHOWN])

    @property
    def hidden(self) -> int:
        return max(len(self.items) - SHOWN, 0)


#: Items shown in each section of the home page; the rest are a link away.
SHOWN = 10


class Mapped(Sequence[WorkItem]):
    """A section's items made from a long list only as far as they are read
    (the home page reads the first SHOWN; the API all of them)."""

    def __init__(self, source: Sequence[Any], make: Callable[[Any], WorkItem]) -> None:
        self.source, self.make = source, make

    def __len__(self) -> int:
        return len(self.source)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self.make(entry) for entry in self.source[index]]
        return self.make(self.source[index])

    def __iter__(self) -> Iterator[WorkItem]:
        return (self.make(entry) for entry in self.source)


Provider = Callable[[Any], list[WorkSection]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    _providers.append(provider)
    return provider


def worklist_for(user: Any, *, shown: int | None = SHOWN) -> list[WorkSection]:
    """Every provider's sections, those waiting for the person's own decision first.

    What is listed is a read of each record it names: the items a page shows
    (the first `shown` of each section; all of them with None, as the API
    gives them) are audited, one entry per record, saying where they were
    listed (nas.access.lookup.audit_listed)."""
    sections: list[WorkSection] = []
    for provider in _providers:
        sections.extend(provider(user))
    _audit_listed(user, sections, shown)
    return sorted(sections, key=lambda section: not section.decision)


def _audit_listed(user: Any, sections: list[WorkSection], shown: int | None) -> None:
    from nas.audit.models import AuditAction
    from nas.audit.services import audit_records

    by_trail: dict[str, dict[int, dict[str, str]]] = {}
    for section in sections:
        for item in section.items if shown is None else section.items[:shown]:
            for record_type, pk in item.reads:
                by_trail.setdefault(record_type, {}).setdefault(pk, {"listed_in": f"home {section.key}"})
    for record_type, listed in by_trail.items():
        audit_records(
            actor=user, action=AuditAction.VIEW, record_type=record_type, entries=list(listed.items())
        )
