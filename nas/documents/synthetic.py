"""Life-story work for the synthetic national dataset (nas.synthetic): the
life-story book and the later-life letter of the children placed for
adoption, written through the documents' bulk writer
(services.documents_bulk_add), so the life-story list and measure NAS-C9
have figures on the generated nation.

Assumptions (plausible, calibrated only to the one published figure):
Adoption UK's Adoption Barometer 2021 found almost half of new adoptive
families without their child's life-story materials at the adoption order.
So, for a child adopted: both the book and the later-life letter are
given by the order for 50% of children (NAS-C9 about 50% on the generated
nation); the book alone by the order for a further 10%; whatever was not
given by the order is given within a year after it for 40% of the rest and
not at all (on the record) otherwise. For a child placed and not yet
adopted: the book is given already for 40% of those placed more than three
months ago, the letter for 30%. A
document given by the order is dated between the placement and the order
(at least 4 weeks after placement); one given after it, 2 to 52 weeks
after the order (never after the history's last day). Each document is a
small synthetic PDF saying it is synthetic, added by the child's social
worker or, with none, by the authority's first member of staff.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from django.db.models import F

from nas.accounts.models import User
from nas.children.models import Child
from nas.documents import services
from nas.documents.models import DocumentKind

BOTH_BY_ORDER, BOOK_ONLY_BY_ORDER, GIVEN_AFTER = 0.50, 0.10, 0.40
PLACED_BOOK, PLACED_LETTER = 0.40, 0.30
#: The content of every synthetic life-story document: a valid one-page PDF.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 60>>stream\nBT /F1 18 Tf 72 760 Td (Synthetic life-story document) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def write_life_story(*, seed: int, until: date, case_reference_prefix: str) -> int:
    """The life-story documents of the generated children (those whose case
    reference starts with the run's prefix); how many were written."""
    rng = random.Random(f"life-story-{seed}")
    staff = dict(
        User.objects.filter(organisation__kind="local_authority")
        .order_by("organisation_id", "pk")
        .values_list("organisation_id", "pk")
        .reverse()
    )
    children = (
        Child.objects.filter(case_reference__startswith=case_reference_prefix)
        .exclude(journey_dates__last_placed=None)
        .annotate(placed=F("journey_dates__last_placed"), order=F("journey_dates__adoption_order"))
        .order_by("pk")
        .values_list("pk", "local_authority_id", "social_worker_id", "placed", "order")
    )
    entries: list[services.BulkDocument] = []
    for pk, authority, worker, placed, order in children.iterator(chunk_size=2000):
        by = worker or staff.get(authority)
        if by is None:
            continue
        family = rng.random()  # how the child's work went, for both documents
        for kind, by_order, while_placed in (
            (DocumentKind.LIFE_STORY_BOOK, BOTH_BY_ORDER + BOOK_ONLY_BY_ORDER, PLACED_BOOK),
            (DocumentKind.LATER_LIFE_LETTER, BOTH_BY_ORDER, PLACED_LETTER),
        ):
            dated = None
            if order is not None:
                if family < by_order:
                    dated = _between(rng, placed + timedelta(weeks=4), order)
                elif rng.random() < GIVEN_AFTER:
                    dated = min(order + timedelta(weeks=rng.randint(2, 52)), until)
            elif placed <= until - timedelta(days=91) and rng.random() < while_placed:
                dated = _between(rng, placed + timedelta(weeks=4), until)
            if dated is not None:
                entries.append(services.BulkDocument("children.child", pk, kind, dated, by))
    return services.documents_bulk_add(
        actor=None,
        entries=entries,
        upload=services.Upload("life-story.pdf", io.BytesIO(PDF), len(PDF)),
        audit=False,
    )


def _between(rng: random.Random, first: date, last: date) -> date:
    if last <= first:
        return last
    return first + timedelta(days=rng.randint(0, (last - first).days))
