"""Management oversight is a manager's case note; the manager's caseload lists
allocated cases with none for longer than OVERSIGHT_MONTHS (default 3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from nas.casework import oversight, services
from nas.casework.models import Allocation

pytestmark = pytest.mark.django_db


def _allocated_long_ago(personas, child, months):
    allocation = services.allocation_set(
        actor=personas["tm.cardiff"],
        record_type="children.child",
        record=child,
        worker=personas["sw.cardiff"],
    )
    Allocation.objects.filter(pk=allocation.pk).update(
        started_at=timezone.now() - relativedelta(months=months, days=1)
    )


def _listed(personas, today=None):
    return [
        r.record_id
        for r in oversight.cases_without_oversight(
            user=personas["tm.cardiff"], today=today or timezone.localdate()
        )[1]
    ]


def _oversee(personas, child, day):
    services.note_create(
        actor=personas["tm.cardiff"],
        record_type="children.child",
        record=child,
        kind="management_oversight",
        contact_on=day,
        text="Reviewed the plan in supervision.",
    )


def test_a_case_without_oversight_for_more_than_three_months_is_on_the_managers_list(
    personas, make_child, client_for
):
    late, recent = make_child(), make_child()
    _allocated_long_ago(personas, late, 4)
    _allocated_long_ago(personas, recent, 2)
    assert _listed(personas) == [late.pk]
    assert str(late) in client_for("tm.cardiff").get("/casework/caseload/").content.decode()
    _oversee(personas, late, timezone.localdate())
    assert _listed(personas) == []


def test_oversight_older_than_the_setting_puts_the_case_back_on_the_list(personas, child):
    _allocated_long_ago(personas, child, 12)
    _oversee(personas, child, timezone.localdate() - timedelta(days=100))
    assert _listed(personas) == [child.pk]
    _oversee(personas, child, timezone.localdate() - timedelta(days=10))
    assert _listed(personas) == []


def test_the_interval_is_a_setting(personas, child, settings):
    _allocated_long_ago(personas, child, 4)
    settings.OVERSIGHT_MONTHS = 6
    assert _listed(personas) == []
    assert oversight.oversight_due_before(date(2026, 12, 3)) == date(2026, 6, 3)


def test_only_managers_have_the_list(personas, child):
    _allocated_long_ago(personas, child, 4)
    assert oversight.cases_without_oversight(user=personas["sw.cardiff"], today=timezone.localdate()) == (
        0,
        [],
    )
    assert oversight.cases_without_oversight(user=personas["manager.vvc"], today=timezone.localdate()) == (
        0,
        [],
    )


def test_the_caseload_speaks_welsh(personas, child, client_for):
    client = client_for("tm.cardiff")
    client.get("/language/cy/?next=/")
    page = client.get("/casework/caseload/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert page.count("Achosion dyranedig heb drosolwg rheoli") == 1
    assert "Gwaith heb ei ddyrannu" in page
