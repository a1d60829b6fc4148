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
    per_page: int | None = None,
) -> SplitPage[T]:
    late = [e for e in entries if is_overdue(e)]
    rest = [e for e in entries if not is_overdue(e)]
    page = page_of([*late, *rest], request, per_page=per_page)
    shown = list(page.object_list)
    return SplitPage(
        page=page,
        overdue=[e for e in shown if is_overdue(e)],
        due=[e for e in shown if not is_overdue(e)],
        overdue_total=len(late),
        due_total=len(rest),
        query=query_without_page(request),
    )
