"""The synthetic dataset's casework (nas.casework.synthetic): caseworkers,
allocations and notes in plausible numbers, keeping the rules the services keep."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Count

from nas.casework import statutory
from nas.casework.models import Allocation, CaseNote
from nas.children.models import Child
from nas.synthetic.generate import generate

pytestmark = pytest.mark.django_db


def test_the_generator_allocates_most_open_records_and_writes_visits_reviews_and_oversight(reference_data):
    counts = generate(years=3, scale=0.05, seed=11, until=date(2025, 3, 31))
    open_children = Child.objects.filter(archived_at__isnull=True, restricted_at__isnull=True).count()
    current = Allocation.objects.filter(ended_at__isnull=True)
    held_children = current.filter(record_type="children.child")
    assert 0.85 * open_children <= held_children.count() < open_children
    assert counts["allocations"] == Allocation.objects.count() > held_children.count()
    # One current allocation per record, and the child's own social worker is its worker.
    assert not current.values("record_type", "record_id").annotate(n=Count("pk")).filter(n__gt=1).exists()
    for allocation in held_children.select_related("worker")[:50]:
        child = Child.objects.get(pk=allocation.record_id)
        assert child.social_worker_id == allocation.worker_id
        assert allocation.worker.organisation_id == child.local_authority_id
    kinds = dict(CaseNote.objects.values_list("kind").annotate(n=Count("pk")))
    assert kinds["home_visit"] > open_children  # about every 6 weeks over the last 6 months
    assert kinds["lac_review"] > 0 and kinds["management_oversight"] > 0
    visits = CaseNote.objects.filter(kind="home_visit", record_type="children.child")
    assert visits.filter(child_seen=True).count() > 0.9 * visits.count()
    assert not CaseNote.objects.filter(seen_alone=True, child_seen=False).exists()
    # Most looked-after reviews are on time, so most children are not overdue.
    due = statutory.due_for_children(list(held_children.values_list("record_id", flat=True)))
    late = sum(1 for found in due.values() for d in found if d.overdue(date(2025, 3, 31)))
    assert late < 0.1 * len(due)
