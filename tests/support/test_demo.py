from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from nas.accounts.models import User
from nas.support import selectors
from nas.support.models import BirthRecordsRequest, IntermediaryCase, LetterboxAgreement, SupportCase

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_support_work_once_with_an_overdue_letterbox_exchange(reference_data):
    call_command("seed_demo", stdout=io.StringIO())
    counts = [
        m.objects.count() for m in (SupportCase, LetterboxAgreement, BirthRecordsRequest, IntermediaryCase)
    ]
    assert counts == [3, 1, 1, 1]
    worker = User.objects.get(username="support.vvc")
    load = selectors.caseload(user=worker, today=timezone.localdate())
    assert load.exchanges_overdue == 1 and load.assessments_overdue == 1 and load.intermediary_priority == 1
    call_command("seed_demo", stdout=io.StringIO())
    assert [
        m.objects.count() for m in (SupportCase, LetterboxAgreement, BirthRecordsRequest, IntermediaryCase)
    ] == counts
