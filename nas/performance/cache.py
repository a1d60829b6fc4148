"""Computed figures kept between requests, keyed on the data they come from.

The definitions stay where they are (each measure in
nas.performance.measures, the waiting figures in nas.matching.figures, the
SSDA903 return in nas.returns): this module only remembers what they
answered. The key holds the figures stamp (nas.performance.stamp), which
changes in the same transaction as any write to a table they read, and the
day (who is waiting is counted to today). So a figure is never older than
the data: a milestone recorded or corrected a second ago gives a new key,
and the next page computes afresh. Nothing is invalidated by hand, and
processes that share no memory still agree.

A frozen return keeps the figures it stored (QuarterlyReturn.figures);
freezing computes them afresh (nas.performance.services), not from here.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.utils import timezone

from nas.core.paging import KeptEntries
from nas.performance import measures as M
from nas.performance import periods as P
from nas.performance import stamp
from nas.performance.scopes import Scope

T = TypeVar("T")
#: A kept answer is dropped after a day at the latest (a new day is a new key anyway).
TIMEOUT = 24 * 60 * 60
_VERSION = "1"


def kept(name: str, parts: Sequence[Any], compute: Callable[[], T], *, on: int = stamp.FIGURES) -> T:
    """compute(), or what it answered for the same parts on the same data
    today: `on` names the stamp whose tables hold every row compute() reads."""
    current = stamp.current(on)
    if current is None:
        return compute()
    text = repr((_VERSION, name, on, current, timezone.localdate().isoformat(), *parts))
    key = f"figures:{name}:{hashlib.sha256(text.encode()).hexdigest()}"
    found = cache.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = compute()
    cache.set(key, value, TIMEOUT)
    return value


def _scope(scope: Scope) -> tuple[Any, ...]:
    def members(ids: frozenset[int] | None) -> tuple[int, ...] | None:
        return None if ids is None else tuple(sorted(ids))

    return (scope.code, members(scope.authorities), members(scope.owners), members(scope.support_regions))


def compute_all(
    periods: Sequence[P.Period], scopes: Sequence[Scope], codes: Sequence[str] | None = None
) -> M.Results:
    """measures.compute_all, kept (see the module's docstring)."""
    parts = (
        M.MEASURES_VERSION,
        tuple(p.code for p in periods),
        tuple(_scope(s) for s in scopes),
        None if codes is None else tuple(sorted(codes)),
    )
    return kept("measures", parts, lambda: M.compute_all(periods, scopes, codes=codes))


def version() -> str:
    """The figures stamp, for a page's fragment kept with {% cache %} (vary
    on it as on the figures' other parts); before there is any, a value never
    used twice, so nothing is kept."""
    current = stamp.current()
    return f"{current}:{timezone.localdate().isoformat()}" if current is not None else uuid.uuid4().hex


def query_key(queryset: QuerySet[Any]) -> str:
    """What a query asks, as a key: two people whose scopes make the same
    query share what is kept; a scope that holds nothing is "none"."""
    try:
        return hashlib.sha256(str(queryset.query).encode()).hexdigest()
    except EmptyResultSet:
        return "none"


def kept_entries(
    name: str,
    records: QuerySet[Any],
    parts: Sequence[Any],
    entries: Callable[[QuerySet[Any]], list[T]],
    key: Callable[[T], tuple[Any, ...]],
    *,
    record_at: int,
    on: int,
) -> KeptEntries[T]:
    """A list worked out from the records in a person's scope (a worklist, a
    caseload), its order kept between requests (each entry's key) and its
    entries read in full only for the slice a page shows
    (nas.core.paging.KeptEntries). The records in scope are read live, ids
    only: the scope may rest on other records than the stamp's tables."""
    ids = ",".join(map(str, records.order_by("pk").values_list("pk", flat=True)))
    keys = kept(
        name,
        (hashlib.sha256(ids.encode()).hexdigest(), *parts),
        lambda: [key(entry) for entry in entries(records)],
        on=on,
    )
    return KeptEntries(keys, lambda pks: entries(records.filter(pk__in=pks)), key, record_at=record_at)
