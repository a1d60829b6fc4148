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

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import models
from django.db.models import Min, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from nas.children.journey import Stage
from nas.children.models import Child
from nas.documents import subjects
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


def tracked(*, user: Any, today: date, status: str = "", sort: str = "") -> list[Row]:
    """Every placed child in this person's scope, and the children adopted in
    the last year whose work was not given by the order."""
    from nas.children.policies import children as child_policy

    if not child_policy.can(user, "view_identity"):
        return []
    readable = subjects.get("children.child")
    assert readable is not None
    since = today - timedelta(days=OVERDUE_WINDOW_DAYS)
    children = (
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
    rows = [Row(c, c.placed_on, c.order_on, c.book_on, c.letter_on) for c in children]  # type: ignore[attr-defined]
    rows = [r for r in rows if r.order_on is None or r.overdue]
    if status == "overdue":
        rows = [r for r in rows if r.overdue]
    elif status == "due":
        rows = [r for r in rows if not r.overdue and not r.done]
    elif status == "given":
        rows = [r for r in rows if r.done]
    far = date.max
    keys = {
        "placed": lambda r: (r.placed_on or far, r.child.pk),
        "name": lambda r: (r.child.last_name, r.child.first_names, r.child.pk),
    }
    return sorted(rows, key=keys.get(sort, lambda r: (not r.overdue, r.placed_on or far, r.child.pk)))
