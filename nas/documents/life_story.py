"""Life-story work: the life-story book and the later-life letter, tracked
for every placed child and due by the adoption order.

Each is a document of its kind on the child's record, dated the day it was
given to the adopters. A child's work is "given by the order" when both are
current (not archived) documents dated on or before the adoption order.

Source: the service's practice standard that both are given to the adopters
by the adoption order. Adoption UK's Adoption Barometer 2021 (June 2021)
found almost half of new adoptive families had not received their child's
life-story materials although they had the adoption order. Not confirmed
from a source read here: a Welsh regulation setting the adoption order as
the deadline; the deadline is the service's, named so on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import models
from django.db.models import Min, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from nas.children.journey import Stage
from nas.children.models import Child
from nas.core.paging import KeptEntries
from nas.documents.models import Document, DocumentKind

SOURCE = _(
    "Due by the adoption order: the service's standard (Adoption UK, Adoption Barometer 2021: almost half "
    "of new adoptive families had not received their child's life-story materials by the adoption order)."
)
#: What may still be added to a restricted (adopted) child's record, through
#: its post-adoption record: the life-story work given after the order
#: (nas.documents.services.life_story_late_upload).
LATE_KINDS = (DocumentKind.LIFE_STORY_BOOK, DocumentKind.LATER_LIFE_LETTER)
#: Adopted children stay on the list this long when their work was not given by the order.
OVERDUE_WINDOW_DAYS = 365


def given_on(kind: str, child_ref: Any = None) -> Subquery:
    """The earliest current document of this kind on the child: the day it was given."""
    return Subquery(
        Document.objects.filter(
            record_type="children.child",
            record_id=child_ref if child_ref is not None else OuterRef("pk"),
            kind=kind,
            archived_at__isnull=True,
        )
        .order_by()
        .values("record_id")
        .annotate(first=Min("dated"))
        .values("first")[:1],
        output_field=models.DateField(),
    )


@dataclass(frozen=True)
class Row:
    child: Child
    placed_on: date | None
    order_on: date | None
    book_on: date | None
    letter_on: date | None

    @property
    def done(self) -> bool:
        return self.book_on is not None and self.letter_on is not None

    @property
    def given_by_order(self) -> bool:
        if self.order_on is None or not self.done:
            return False
        assert self.book_on is not None and self.letter_on is not None
        return self.book_on <= self.order_on and self.letter_on <= self.order_on

    @property
    def overdue(self) -> bool:
        """The adoption order is made and the work was not given by it."""
        return self.order_on is not None and not self.given_by_order

    @property
    def restricted(self) -> bool:
        return self.child.is_restricted


def tracked(*, user: Any, today: date, status: str = "", sort: str = "") -> Sequence[Row]:
    """Every placed child in this person's scope, and the children adopted in
    the last year whose work was not given by the order.

    The list (each child's dates, in order) is kept between requests while
    the figures' tables stay the same (nas.performance.cache); the children
    a page shows are read in full when it asks for them
    (nas.core.paging.KeptEntries). Sorted by name, the list is read whole:
    names are never kept in the cache."""
    from nas.children.policies import children as child_policy
    from nas.performance.cache import kept, query_key

    if not child_policy.can(user, "view_identity"):
        return []
    children = _children(user, today)
    if sort == "name":
        return _select(_rows(children), status, sort)
    keys = kept(
        "life-story-keys",
        (query_key(children), today.isoformat()),
        lambda: [_key(r) for r in _select(_rows(children), "", "")],
    )
    chosen = _select([_Keyed(*k) for k in keys], status, sort)
    return KeptEntries(
        [_key(k) for k in chosen], lambda pks: _rows(children.filter(pk__in=pks)), _key, record_at=0
    )


def _children(user: Any, today: date) -> Any:
    from nas.children.policies import children as child_policy

    since = today - timedelta(days=OVERDUE_WINDOW_DAYS)
    return (
        child_policy.scope(user)
        .filter(archived_at__isnull=True)
        .filter(
            Q(stage=Stage.PLACED, restricted_at__isnull=True)
            | Q(stage=Stage.ADOPTED, journey_dates__adoption_order__gte=since)
        )
        .select_related("social_worker", "post_adoption_record")
        .annotate(
            placed_on=models.F("journey_dates__last_placed"),
            order_on=models.F("journey_dates__adoption_order"),
            book_on=given_on(DocumentKind.LIFE_STORY_BOOK),
            letter_on=given_on(DocumentKind.LATER_LIFE_LETTER),
        )
    )


def _rows(children: Any) -> list[Row]:
    rows = [Row(c, c.placed_on, c.order_on, c.book_on, c.letter_on) for c in children]
    return [r for r in rows if r.order_on is None or r.overdue]


@dataclass(frozen=True)
class _Keyed(Row):
    """A row known by its kept key alone (no child read): for choosing and ordering."""

    pk: int = 0
    social_worker_id: int | None = None

    def __init__(
        self, pk: int, placed_on: Any, order_on: Any, book_on: Any, letter_on: Any, worker: int | None
    ) -> None:
        object.__setattr__(self, "child", None)
        object.__setattr__(self, "pk", pk)
        object.__setattr__(self, "social_worker_id", worker)
        for name, value in (
            ("placed_on", placed_on),
            ("order_on", order_on),
            ("book_on", book_on),
            ("letter_on", letter_on),
        ):
            object.__setattr__(self, name, value)


def _key(row: Row) -> tuple[Any, ...]:
    """A row's child, dates and social worker: (child, placed, order, book, letter, worker)."""
    if isinstance(row, _Keyed):
        pk, worker = row.pk, row.social_worker_id
    else:
        pk, worker = row.child.pk, row.child.social_worker_id
    return (pk, row.placed_on, row.order_on, row.book_on, row.letter_on, worker)


def _select(rows: list[Any], status: str, sort: str) -> list[Any]:
    if status == "overdue":
        rows = [r for r in rows if r.overdue]
    elif status == "due":
        rows = [r for r in rows if not r.overdue and not r.done]
    elif status == "given":
        rows = [r for r in rows if r.done]
    far = date.max

    def pk(r: Any) -> int:
        return int(r.pk if isinstance(r, _Keyed) else r.child.pk)

    keys = {
        "placed": lambda r: (r.placed_on or far, pk(r)),
        "name": lambda r: (r.child.last_name, r.child.first_names, pk(r)),
    }
    return sorted(rows, key=keys.get(sort, lambda r: (not r.overdue, r.placed_on or far, pk(r))))
