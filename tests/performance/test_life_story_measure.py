"""NAS-C9, life-story work given by the adoption order (Adoption UK, The
Adoption Barometer 2021)."""

from __future__ import annotations

import io
from datetime import date

import pytest

from nas.children import services as children
from nas.children.journey import MilestoneKind
from nas.documents import services
from nas.documents.models import DocumentKind
from nas.performance import measures, periods, scopes
from tests.documents import files

pytestmark = pytest.mark.django_db
Q1 = periods.parse("2024-25-Q1")


def _give(personas, child, kind, day):
    data = files.pdf()
    services.document_upload(
        actor=personas["sw.cardiff"],
        record_type="children.child",
        record=child,
        kind=kind,
        dated=day,
        description="",
        upload=services.Upload("book.pdf", io.BytesIO(data), len(data)),
    )


def _adopt(personas, child, on):
    children.milestone_record(
        actor=personas["sw.cardiff"], child=child, kind=MilestoneKind.ADOPTION_ORDER, when=on
    )


def test_nas_c9_life_story_work_given_by_the_adoption_order(personas, make_child, advance):
    """Three Cardiff children adopted in 2024-25 Q1: one given both by the
    order (the letter on the day itself), two given only the book. 1 of 3."""
    order = date(2024, 5, 20)
    both, book_only, other = (
        advance(
            make_child(last_name=n, entered=date(2023, 6, 1)), MilestoneKind.PLACED, start=date(2023, 12, 1)
        )
        for n in "ABC"
    )
    for child in (both, book_only, other):
        _give(personas, child, DocumentKind.LIFE_STORY_BOOK, date(2024, 4, 1))
    _give(personas, both, DocumentKind.LATER_LIFE_LETTER, order)
    for child in (both, book_only, other):
        _adopt(personas, child, order)
    measure = measures.get("NAS-C9")
    assert measure.unit == measures.Unit.PERCENT and "Adoption Barometer 2021" in str(measure.source)
    results = measures.compute_all([Q1], [scopes.by_code("cardiff"), scopes.by_code("north-wales")])
    figure = results.get("NAS-C9", Q1, "cardiff")
    assert figure.cases == 3 and figure.value == pytest.approx(100 / 3)
    assert results.get("NAS-C9", Q1, "north-wales").value is None
