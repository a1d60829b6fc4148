"""/healthz says the process is alive; /readyz says whether it may take
traffic: the database, the cache, the migrations and the worker's heartbeat."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from nas.operations import health
from nas.operations.heartbeat import beat
from nas.operations.models import WorkerHeartbeat


def test_healthz_answers_without_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_unavailable_until_a_worker_has_beaten(db):
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "migrations": "ok",
        "worker": "no worker has started",
    }


def test_readyz_is_ok_with_a_recent_heartbeat(db):
    beat(worker_id="w1", started_at=timezone.now())
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok", "worker": "ok"},
    }


def test_readyz_reports_a_stale_heartbeat(db, settings):
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 60
    beat(worker_id="w1", started_at=timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=300))
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"].startswith("last heartbeat 3")


def test_readyz_reports_an_unreachable_database_without_details(db, monkeypatch):
    class Away:
        def cursor(self):
            raise OperationalError("connection to server at 10.0.0.1 failed: password authentication failed")

    monkeypatch.setattr(health, "connections", {"default": Away()})
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable"
    assert "10.0.0.1" not in response.content.decode()


def test_readyz_reports_migrations_not_applied(db, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.migration_plan", lambda self, targets: [object()] * 2
    )
    assert health.check_migrations() == "2 not applied"


def test_the_worker_command_writes_its_heartbeat_and_runs_the_queue(transactional_db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.WORKER_HEARTBEAT_SECONDS = 1
    from tests.operations.tasks import record_run

    result = record_run.enqueue()
    call_command("worker", "--batch", "--interval", "0.1", verbosity=0)
    row = WorkerHeartbeat.objects.get()
    assert timezone.now() - row.beat_at < timedelta(seconds=30)
    assert row.pid > 0
    result.refresh()
    assert result.status == "SUCCESSFUL"
