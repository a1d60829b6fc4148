"""The demonstration data: a draft return for the current quarter in every
region, one submitted return for Vale, Valleys and Cardiff, one open
intervention; safe to run again."""

from __future__ import annotations

import pytest
from django.utils import timezone

from nas.performance import periods
from nas.performance.demo import seed_performance
from nas.performance.models import Intervention, QuarterlyReturn, ReturnStatus

pytestmark = pytest.mark.django_db


def test_the_demo_makes_drafts_a_submitted_return_and_an_intervention(personas):
    assert seed_performance() == 7
    current = periods.quarter_of(timezone.localdate()).code
    assert QuarterlyReturn.objects.filter(quarter=current, status=ReturnStatus.DRAFT).count() == 5
    submitted = QuarterlyReturn.objects.get(status=ReturnStatus.SUBMITTED)
    assert submitted.region.code == "vale-valleys-cardiff" and submitted.quarter != current
    assert Intervention.objects.get().is_open
    assert seed_performance() == 0
