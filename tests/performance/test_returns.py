"""Quarterly returns: drafted from the measures, checked, signed off and
submitted by the regional manager; frozen once submitted (service, model,
queryset and database); a correction is a new version with its reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from nas.audit.models import AuditEvent
from nas.organisations.models import Organisation
from nas.performance import measures, services
from nas.performance.models import QuarterlyReturn, ReturnStatus
from nas.performance.policies import returns as policy
from tests.performance import dataset

pytestmark = pytest.mark.django_db
QUARTER = "2024-25-Q1"


@pytest.fixture
def region(reference_data):
    return Organisation.objects.get(code="vale-valleys-cardiff")


@pytest.fixture
def submitted(personas, region):
    dataset.build()
    manager = personas["manager.vvc"]
    record = services.return_draft(actor=manager, region=region, quarter=QUARTER)
    for step in ("check", "sign_off", "submit"):
        services.return_step(actor=manager, record=record, step=step, expected_version=record.version)
    return record


def test_a_draft_holds_the_regions_figures_for_the_quarter(personas, region):
    dataset.build()
    record = services.return_draft(actor=personas["manager.vvc"], region=region, quarter=QUARTER)
    assert record.status == ReturnStatus.DRAFT
    assert record.revision == 1
    assert record.measures_version == measures.MEASURES_VERSION
    # NAS-C6: three placements in the quarter (see test_measures).
    assert record.figures["NAS-C6"]["value"] == 3
    assert record.figures["NAS-C7"]["value"] == 1
    # Drafting again returns the same return.
    assert services.return_draft(actor=personas["manager.vvc"], region=region, quarter=QUARTER) == record


def test_the_steps_go_in_order(personas, region):
    manager = personas["manager.vvc"]
    record = services.return_draft(actor=manager, region=region, quarter=QUARTER)
    with pytest.raises(ValidationError, match="Sign the return off"):
        services.return_step(actor=manager, record=record, step="submit")
    with pytest.raises(ValidationError, match="Check the return"):
        services.return_step(actor=manager, record=record, step="sign_off")
    services.return_step(actor=manager, record=record, step="check")
    assert record.status == ReturnStatus.CHECKED and record.checked_by == manager
    services.return_step(actor=manager, record=record, step="sign_off")
    services.return_step(actor=manager, record=record, step="submit")
    assert record.status == ReturnStatus.SUBMITTED and record.submitted_at is not None


def test_a_quarter_not_yet_ended_cannot_be_checked(personas, region):
    from django.utils import timezone

    from nas.performance import periods

    current = periods.quarter_of(timezone.localdate()).code
    record = services.return_draft(actor=personas["manager.vvc"], region=region, quarter=current)
    with pytest.raises(ValidationError, match="has not ended"):
        services.return_step(actor=personas["manager.vvc"], record=record, step="check")


def test_a_stale_version_is_refused(personas, region):
    from nas.core.records import StaleRecordError

    record = services.return_draft(actor=personas["manager.vvc"], region=region, quarter=QUARTER)
    services.return_commentary(
        actor=personas["manager.vvc"], record=record, commentary="First", expected_version=1
    )
    with pytest.raises(StaleRecordError):
        services.return_commentary(
            actor=personas["manager.vvc"], record=record, commentary="Second", expected_version=1
        )


def test_a_submitted_return_cannot_be_changed_by_the_service(personas, submitted):
    manager = personas["manager.vvc"]
    for change in (
        lambda: services.return_commentary(actor=manager, record=submitted, commentary="Later"),
        lambda: services.return_refresh(actor=manager, record=submitted),
        lambda: services.return_step(actor=manager, record=submitted, step="check"),
    ):
        with pytest.raises(ValidationError, match="submitted"):
            change()


def test_a_submitted_return_cannot_be_changed_through_the_model_or_a_queryset(submitted):
    submitted.commentary = "Changed behind the service's back"
    with pytest.raises(TypeError, match="never changed"):
        submitted.save()
    with pytest.raises(TypeError, match="never changed"):
        QuarterlyReturn.objects.filter(pk=submitted.pk).update(commentary="Changed")
    with pytest.raises(TypeError, match="never deleted"):
        submitted.delete()


def test_the_database_refuses_to_update_a_submitted_return(submitted):
    """Even SQL that bypasses Django is refused, by the trigger of migration 0002."""
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE performance_quarterlyreturn SET commentary = 'x' WHERE id = %s", [submitted.pk]
        )
    submitted.refresh_from_db()
    assert submitted.commentary == ""


def test_a_correction_is_a_new_version_with_its_reason(personas, submitted):
    manager = personas["manager.vvc"]
    with pytest.raises(ValidationError, match="reason"):
        services.return_correct(actor=manager, record=submitted, reason="  ")
    frozen = dict(submitted.figures)
    correction = services.return_correct(
        actor=manager, record=submitted, reason="A placement was recorded late."
    )
    assert (correction.revision, correction.status, correction.supersedes) == (
        2,
        ReturnStatus.DRAFT,
        submitted,
    )
    assert correction.reason == "A placement was recorded late."
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.SUBMITTED and submitted.figures == frozen
    # Only the latest submitted version is corrected, and only once at a time.
    with pytest.raises(ValidationError, match="later version"):
        services.return_correct(actor=manager, record=submitted, reason="Again")
    for step in ("check", "sign_off", "submit"):
        services.return_step(actor=manager, record=correction, step=step)
    assert QuarterlyReturn.objects.filter(region=submitted.region, quarter=QUARTER).count() == 2
    assert AuditEvent.objects.filter(
        record_type="performance.quarterlyreturn", record_id=correction.pk
    ).exists()


def test_only_the_regions_manager_keeps_its_return(personas, region):
    record = services.return_draft(actor=personas["manager.vvc"], region=region, quarter=QUARTER)
    assert policy.can(personas["manager.vvc"], "submit", record)
    for persona in ("ff.vvc", "director.national", "analyst.national", "board.national", "tm.cardiff"):
        assert not policy.can(personas[persona], "submit", record), persona
    assert policy.scope(personas["director.national"]).filter(pk=record.pk).exists()
    assert not policy.scope(personas["ff.north"]).filter(pk=record.pk).exists()


def test_the_pages_take_a_return_through_its_steps(client_for, personas, region):
    dataset.build()
    manager = client_for("manager.vvc")
    record = services.return_draft(actor=personas["manager.vvc"], region=region, quarter=QUARTER)
    url = f"/performance/returns/{record.pk}/"
    assert manager.post(url + "commentary/", {"commentary": "All well", "version": 1}).status_code == 302
    for action in ("check", "sign-off", "submit"):
        record.refresh_from_db()
        response = manager.post(f"{url}{action}/", {"version": record.version})
        assert response.status_code == 302, action
    record.refresh_from_db()
    assert record.status == ReturnStatus.SUBMITTED and record.commentary == "All well"
    page = manager.get(url)
    assert "Draft a corrected version" in page.content.decode()
    refused = manager.post(url + "commentary/", {"commentary": "Later", "version": record.version})
    assert refused.status_code == 400
    response = manager.post(url + "correct/", {"reason": ""})
    assert response.status_code == 400 and "Enter the reason for the correction" in response.content.decode()


def test_the_api_submits_and_refuses_a_change_after(client_for, personas, region):
    record = services.return_draft(actor=personas["manager.vvc"], region=region, quarter=QUARTER)
    api = client_for("manager.vvc")
    for action in ("check", "sign-off", "submit"):
        record.refresh_from_db()
        response = api.post(
            f"/api/v1/performance/returns/{record.pk}/{action}",
            {"version": record.version},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    late = api.post(
        f"/api/v1/performance/returns/{record.pk}/commentary",
        {"version": response.json()["version"], "commentary": "x"},
        content_type="application/json",
    )
    assert late.status_code == 422 and "submitted" in late.json()["errors"]["__all__"][0]
    stale = api.post(
        f"/api/v1/performance/returns/{record.pk}/correct", {"reason": ""}, content_type="application/json"
    )
    assert stale.status_code == 422 and stale.json()["errors"]["reason"]


def test_a_returns_figures_are_the_dashboards_for_the_same_region_and_quarter(personas, region):
    """The frozen return and the dashboard compute every measure the same way
    over the same scope: with the same records they agree measure by measure."""
    from nas.performance import periods, scopes, selectors

    dataset.build()
    record = services.return_draft(actor=personas["manager.vvc"], region=region, quarter=QUARTER)
    quarter = periods.parse(QUARTER)
    tables = selectors.tables(
        scopes=scopes.national(), quarters=periods.last_quarters(selectors.RECENT_QUARTERS, quarter)
    )
    for table in tables:
        cells = dict(table.rows).get(next(s for s in scopes.national() if s.code == region.code), [])
        on_dashboard = next((c.figure for c in cells if c.period == QUARTER), None)
        frozen = record.figures.get(table.measure.code)
        assert (frozen is None) == (on_dashboard is None), table.measure.code
        if frozen is not None and on_dashboard is not None:
            assert (frozen["value"], frozen["cases"]) == (
                on_dashboard.as_json()["value"],
                on_dashboard.cases,
            ), table.measure.code


def test_a_frozen_return_says_where_todays_figures_differ_and_why(client_for, personas, submitted, region):
    from datetime import UTC, datetime

    from nas.adopters.models import Enquiry

    page = client_for("director.national").get(f"/performance/returns/{submitted.pk}/").content.decode()
    assert 'data-testid="differs-from-today"' not in page
    Enquiry.objects.create(
        organisation=region,
        first_names="Late",
        last_name="Entry",
        email="late@example.invalid",
        received_at=datetime(2024, 5, 2, 10, tzinfo=UTC),
    )
    page = client_for("director.national").get(f"/performance/returns/{submitted.pk}/").content.decode()
    assert 'data-testid="differs-from-today"' in page and "recorded late, imported or corrected" in page
    assert 'data-testid="differences"' in page


def test_a_measure_added_after_the_return_was_frozen_is_said_to_be_new(personas, submitted):
    from nas.performance import selectors

    figures = dict(submitted.figures)
    code = next(code for code, figure in figures.items() if figure and figure.get("value") is not None)
    del figures[code]
    submitted.figures = figures
    differences = selectors.return_differences(submitted)
    assert [(d.measure.code, d.added_since) for d in differences] == [(code, True)]
