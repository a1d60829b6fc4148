"""One access policy per record type (the shape of Wagtail's permission
policies): each answers "may this person do X to this record?" and "which
records may this person see?". Views, the API, exports and reports ask the
policy through nas.access.lookup; none filters by tier itself.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


class Policy(Generic[M]):
    model: type[M]
    #: The stable name used in audit entries and URLs, e.g. "accounts.user".
    record_type: ClassVar[str]
    #: Whether reading a record is about a person and so must be audited.
    audited_reads: ClassVar[bool] = True

    def base_queryset(self) -> models.QuerySet[M]:
        return self.model._default_manager.all()

    def scope(self, user: Any) -> models.QuerySet[M]:
        """The records this person may see at all."""
        raise NotImplementedError

    def can(self, user: Any, action: str, record: M | None = None) -> bool:
        """Whether this person may do `action` (to `record`, already in scope)."""
        raise NotImplementedError

    def label(self, record: M) -> str:
        return str(record)

    def trail_visible(self, user: Any, record: M) -> bool:
        """Whether a manager who may see the record may also read its audit
        trail (a policy narrows this where the trail holds more than the record)."""
        return True


_registry: dict[str, Policy[Any]] = {}


P = TypeVar("P", bound="Policy[Any]")


def register(policy: P) -> P:
    if policy.record_type in _registry:
        raise ValueError(f"A policy for {policy.record_type} is already registered.")
    _registry[policy.record_type] = policy
    return policy


def for_record_type(record_type: str) -> Policy[Any] | None:
    return _registry.get(record_type)


def registered() -> dict[str, Policy[Any]]:
    return dict(_registry)
