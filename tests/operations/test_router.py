"""Reports and dashboards read from the replica when one is configured;
writes, transactions, sessions, accounts and the audit trail never do."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.test import RequestFactory

from nas.audit.models import AuditEvent
from nas.children.models import Child
from nas.operations.routers import ReplicaReadsMiddleware, ReplicaRouter, replica_reads

router = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr("nas.operations.routers.replica_configured", lambda: True)


def test_without_a_replica_everything_reads_the_primary(settings):
    with replica_reads():
        assert router.db_for_read(Child) is None


def test_reporting_reads_go_to_the_replica(with_replica):
    assert router.db_for_read(Child) is None
    with replica_reads():
        assert router.db_for_read(Child) == "replica"
        assert router.db_for_read(Session) is None
        assert router.db_for_read(AuditEvent) is None
    assert router.db_for_write(Child) == "default"


def test_a_read_inside_a_transaction_stays_on_the_primary(with_replica, db):
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(Child) is None


def test_nothing_is_migrated_on_the_replica():
    assert router.allow_migrate("replica", "children") is False
    assert router.allow_migrate("default", "children") is True


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/performance/", "replica"),
        ("GET", "/performance/figures/NAS-C1/", "replica"),
        ("GET", "/performance/reports/", "replica"),
        ("GET", "/api/v1/performance/figures", "replica"),
        ("POST", "/performance/reports/", None),
        ("GET", "/performance/returns/", None),
        ("GET", "/children/", None),
    ],
)
def test_the_middleware_sends_only_the_reports_get_requests_to_the_replica(
    with_replica, method, path, expected
):
    seen = {}

    def view(request):
        seen["db"] = router.db_for_read(Child)

    ReplicaReadsMiddleware(view)(RequestFactory().generic(method, path))
    assert seen["db"] == expected
