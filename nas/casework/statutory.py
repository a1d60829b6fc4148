"""Statutory visits and reviews of a child, each with its official source.

Nothing is stored: each due date is computed from the child's milestones
(entered care, placed for adoption, adoption order) and from the case notes
of the kind that records the visit or review (nas.casework.models.NoteKind),
so recording the review as a note moves the next due date.

The rules (and what could not be confirmed):

- Looked-after child's reviews (NAS-CW-LAC-REVIEW). The Care Planning,
  Placement and Case Review (Wales) Regulations 2015 (SI 2015/1818), Part 6
  (review of C's case): the first review within 20 working days of the child
  becoming looked after, the second within 3 months of the first, then at
  intervals of not more than 6 months. The timescales are the issue's and
  match the English equivalent (SI 2010/959, reg. 33); the number of the
  Welsh regulation that sets them could not be confirmed here (the Part 6
  regulation on the timing of reviews, believed to be reg. 39).
  Visits to a looked-after child by the authority's representative are
  reg. 31 of the same Regulations (confirmed: within one week of the start of
  any placement, then at intervals of not more than 6 weeks in the first
  year); those are not tracked here, only the visits below once the child is
  placed for adoption.
- Visits to a child placed for adoption (NAS-CW-PLACEMENT-VISIT). The
  Adoption Agencies (Wales) Regulations 2005 (SI 2005/1313 (W.95)), Part 6
  (placement and reviews): the child and the prospective adopters visited
  within one week of the placement, then at least once a week until the
  first review; after it, at a frequency the agency decides at each review
  (which the service cannot know, so it tracks no visit after the first
  review). The regulation number could not be confirmed here (the review
  regulation after reg. 36, the adoption placement plan; believed to be
  reg. 37); the timescales match the English equivalent, the Adoption
  Agencies Regulations 2005 (SI 2005/389), reg. 36(4) (confirmed).
- Reviews of a child placed for adoption (NAS-CW-PLACEMENT-REVIEW). Same
  source: not more than 4 weeks after the placement, then not more than
  3 months after the first review, then not more than 6 months after the
  previous one, until the adoption order or the child's return (English
  equivalent: SI 2005/389, reg. 36(3), confirmed).

While a child is placed for adoption, the placement's reviews take the place
of the looked-after reviews (the service's reading, as in England, where
reg. 36 of SI 2005/389 reviews replace the care-planning reviews while the
child is placed); an adoption order or the end of the placement stops both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nas.casework.models import CaseNote, NoteKind
from nas.children.journey import MilestoneKind
from nas.core.calendar import add_months, add_working_days

FIRST_LAC_REVIEW_WORKING_DAYS = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
FIRST_PLACEMENT_VISIT_DAYS = 7
PLACEMENT_VISIT_DAYS = 7
FIRST_PLACEMENT_REVIEW_DAYS = 28
#: How far ahead a due visit or review is shown on a worklist.
SHOWN_AHEAD_DAYS = 14


@dataclass(frozen=True)
class Rule:
    code: str
    label: str | Promise
    note_kind: str
    source: str | Promise


LAC_REVIEW = Rule(
    "NAS-CW-LAC-REVIEW",
    _("Looked-after child review"),
    NoteKind.LAC_REVIEW,
    _(
        "Care Planning, Placement and Case Review (Wales) Regulations 2015, Part 6: first review within 20 "
        "working days of becoming looked after, the second within 3 months, then at most every 6 months."
    ),
)
PLACEMENT_VISIT = Rule(
    "NAS-CW-PLACEMENT-VISIT",
    _("Visit to a child placed for adoption"),
    NoteKind.PLACEMENT_VISIT,
    _(
        "Adoption Agencies (Wales) Regulations 2005, Part 6: a visit within one week of the placement, then "
        "at least once a week until the first review."
    ),
)
PLACEMENT_REVIEW = Rule(
    "NAS-CW-PLACEMENT-REVIEW",
    _("Review of a child placed for adoption"),
    NoteKind.PLACEMENT_REVIEW,
    _(
        "Adoption Agencies (Wales) Regulations 2005, Part 6: a review within 4 weeks of the placement, the "
        "second within 3 months of the first, then at most every 6 months."
    ),
)
RULES = (LAC_REVIEW, PLACEMENT_VISIT, PLACEMENT_REVIEW)


@dataclass(frozen=True)
class Due:
    rule: Rule
    due: date
    last: date | None

    def overdue(self, today: date) -> bool:
        return self.due < today


def _review_due(start: date, first_within: Callable[[], date], reviews: list[date]) -> date:
    """First review by `first_within()`; then 3 months after the first; then 6 months after the last."""
    held = sorted(d for d in reviews if d >= start)
    if not held:
        return first_within()
    if len(held) == 1:
        return add_months(held[0], SECOND_REVIEW_MONTHS)
    return add_months(held[-1], LATER_REVIEW_MONTHS)


def lac_review_due(entered_care: date, reviews: list[date]) -> date:
    """NAS-CW-LAC-REVIEW: the next looked-after review (see the module's docstring)."""
    return _review_due(
        entered_care, lambda: add_working_days(entered_care, FIRST_LAC_REVIEW_WORKING_DAYS), reviews
    )


def placement_review_due(placed: date, reviews: list[date]) -> date:
    """NAS-CW-PLACEMENT-REVIEW: the next review of a child placed for adoption."""
    return _review_due(placed, lambda: placed + timedelta(days=FIRST_PLACEMENT_REVIEW_DAYS), reviews)


def placement_visit_due(placed: date, visits: list[date], reviews: list[date]) -> date | None:
    """NAS-CW-PLACEMENT-VISIT: within a week of the placement, then weekly until the
    first review; None after it (the agency sets the frequency at the review)."""
    if any(d >= placed for d in reviews):
        return None
    held = sorted(d for d in visits if d >= placed)
    if not held:
        return placed + timedelta(days=FIRST_PLACEMENT_VISIT_DAYS)
    return held[-1] + timedelta(days=PLACEMENT_VISIT_DAYS)


def _journey(milestones: list[tuple[str, date]]) -> tuple[date | None, date | None, bool]:
    """(entered care, current placement for adoption, still looked after) from the milestones."""
    entered = placed = None
    ended = False
    for kind, day in sorted(milestones, key=lambda pair: pair[1]):
        if kind == MilestoneKind.ENTERED_CARE and entered is None:
            entered = day
        elif kind == MilestoneKind.PLACED:
            placed = day
        elif kind == MilestoneKind.DISRUPTED:
            placed = None
        elif kind == MilestoneKind.ADOPTION_ORDER:
            ended = True
    return entered, placed, not ended


def due_for_children(child_ids: list[int]) -> dict[int, list[Due]]:
    """The statutory visits and reviews due for each child (two queries for any number)."""
    from nas.children.models import Child, Milestone

    if not child_ids:
        return {}
    open_ids = set(
        Child.objects.filter(
            pk__in=child_ids, archived_at__isnull=True, restricted_at__isnull=True
        ).values_list("pk", flat=True)
    )
    milestones: dict[int, list[tuple[str, date]]] = {}
    for child_id, kind, day in Milestone.objects.filter(
        child_id__in=open_ids,
        kind__in=[
            MilestoneKind.ENTERED_CARE,
            MilestoneKind.PLACED,
            MilestoneKind.DISRUPTED,
            MilestoneKind.ADOPTION_ORDER,
        ],
    ).values_list("child_id", "kind", "date"):
        milestones.setdefault(child_id, []).append((kind, day))
    notes: dict[tuple[int, str], list[date]] = {}
    # Addenda are left out here, not in SQL: "addendum_to IS NULL" matches nearly every note, and
    # SQLite would read the notes through that index rather than by record.
    for record_id, kind, day, addendum_to in (
        CaseNote.objects.filter(
            record_type="children.child",
            record_id__in=open_ids,
            kind__in=[rule.note_kind for rule in RULES],
            archived_at__isnull=True,
        )
        .order_by()
        .values_list("record_id", "kind", "contact_on", "addendum_to_id")
    ):
        if addendum_to is None:
            notes.setdefault((record_id, kind), []).append(day)
    found: dict[int, list[Due]] = {}
    for child_id in open_ids:
        entered, placed, looked_after = _journey(milestones.get(child_id, []))
        if not looked_after or entered is None:
            continue

        def held(rule: Rule, child_id: int = child_id) -> list[date]:
            return notes.get((child_id, rule.note_kind), [])

        due: list[Due] = []
        if placed is None:
            reviews = held(LAC_REVIEW)
            due.append(Due(LAC_REVIEW, lac_review_due(entered, reviews), max(reviews, default=None)))
        else:
            reviews, visits = held(PLACEMENT_REVIEW), held(PLACEMENT_VISIT)
            visit = placement_visit_due(placed, visits, reviews)
            if visit is not None:
                due.append(Due(PLACEMENT_VISIT, visit, max(visits, default=None)))
            due.append(
                Due(PLACEMENT_REVIEW, placement_review_due(placed, reviews), max(reviews, default=None))
            )
        found[child_id] = due
    return found


def next_due(dues: list[Due]) -> Due | None:
    return min(dues, key=lambda d: d.due, default=None)
