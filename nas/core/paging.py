"""Long lists a page at a time (issue 16: no list shows more than about 50
rows at once), for the lists that are worked out in full before they are
shown (the worklists, life-story work): the whole list is kept between
requests (nas.performance.cache); only a page of it is rendered and audited."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.http.request import QueryDict

T = TypeVar("T")

PER_PAGE = 50


def page_of(items: Sequence[T], request: HttpRequest, *, per_page: int | None = None) -> Page[T]:
    """The page the request asks for (`?page=`): the last when it asks for
    more, the first when it cannot be read."""
    return Paginator(items, per_page or PER_PAGE).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without `page`, for the pagination links."""
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@dataclass
class SplitPage(Generic[T]):
    """A page of a worklist with its overdue entries first: the page's own
    two parts and how many of each the whole list holds."""

    page: Page[T]
    overdue: list[T]
    due: list[T]
    overdue_total: int
    due_total: int
    query: str


def split_page(
    entries: Sequence[T],
    request: HttpRequest,
    *,
    is_overdue: Callable[[Any], bool],
    overdue_total: int,
    per_page: int | None = None,
) -> SplitPage[T]:
    """A page of a list ordered overdue first, of which `overdue_total` are overdue."""
    page = page_of(entries, request, per_page=per_page)
    shown = list(page.object_list)
    return SplitPage(
        page=page,
        overdue=[e for e in shown if is_overdue(e)],
        due=[e for e in shown if not is_overdue(e)],
        overdue_total=overdue_total,
        due_total=len(entries) - overdue_total,
        query=query_without_page(request),
    )


class KeptEntries(Sequence[T]):
    """A worked-out list whose order is kept between requests (each entry's
    sort key, its record's id at `record_at`; nas.performance.cache) and
    whose entries are read in full only when asked for, a slice at a time:
    a page of a worklist of thousands reads its fifty records, and its length
    and the count of overdue entries cost nothing. An entry whose record
    changed since the order was kept (so its key no longer matches) is left
    out of the slice; the next request, on the new stamp, has it again."""

    def __init__(
        self,
        keys: Sequence[tuple[Any, ...]],
        load: Callable[[set[int]], list[T]],
        key: Callable[[T], tuple[Any, ...]],
        *,
        record_at: int,
    ) -> None:
        self.keys = list(keys)
        self._load, self._key, self._record_at = load, key, record_at

    def __len__(self) -> int:
        return len(self.keys)

    def narrowed(self, keys: Sequence[tuple[Any, ...]]) -> KeptEntries[T]:
        """The same list, only these keys (a filter or another order of the kept ones)."""
        return KeptEntries(keys, self._load, self._key, record_at=self._record_at)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            wanted = self.keys[index]
            if not wanted:
                return []
            loaded = {self._key(e): e for e in self._load({k[self._record_at] for k in wanted})}
            return [loaded[k] for k in wanted if k in loaded]
        found = self[index : index + 1] if index >= 0 else self[index:][:1]
        if not found:
            raise IndexError(index)
        return found[0]

    def __iter__(self) -> Any:
        step = 500
        for start in range(0, len(self.keys), step):
            yield from self[start : start + step]
