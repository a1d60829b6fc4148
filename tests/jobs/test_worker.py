"""Long work with the database backend and real worker and scheduler
processes (issue 19): a job asked for on a page runs in the worker and its
file downloads; a worker killed half-way leaves the job to be tried again,
run once, with nothing half-written; two schedulers started together run
each slot once."""

from __future__ import annotations

import os
import re
import signal
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from nas.audit.models import AuditEvent
from nas.jobs import services
from nas.jobs.models import Job, JobStatus, ScheduleSlot
from nas.jobs.schedule import SCHEDULE
from nas.operations.models import WorkerHeartbeat
from tests.jobs import kinds, worker

pytestmark = pytest.mark.django_db(transaction=True)
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_backend(settings):
    settings.TASKS = DATABASE_BACKEND


def _wait_for(check, seconds: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {what}")


def _finish(process, seconds: float = 120.0) -> str:
    out, _ = process.communicate(timeout=seconds)
    return out.decode(errors="replace")


def test_a_job_asked_for_on_a_page_runs_in_the_worker_and_its_file_downloads(
    personas, client_for, database_backend
):
    manager = client_for("tm.cardiff")
    asked = manager.post("/returns/ssda903/cardiff/2025/SSDA903.zip", {"idempotency_key": "page-1"})
    assert asked.status_code == 302
    job = Job.objects.get(kind="returns.ssda903")
    assert job.status == JobStatus.QUEUED and asked["Location"] == f"/jobs/{job.pk}/"
    assert "Waiting for the worker to start it." in manager.get(asked["Location"]).content.decode()
    output = _finish(worker.db_worker("--batch"))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, output + job.error
    download = manager.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200 and download.content.startswith(b"PK")  # a zip
    assert 'filename="' in download["Content-Disposition"]
    # The export is audited once, when the job finished.
    assert AuditEvent.objects.filter(record_type="returns.ssda903", action="export").count() == 1


def test_a_worker_killed_half_way_leaves_the_job_to_be_retried_and_run_once(
    personas, database_backend, settings, tmp_path
):
    settings.JOB_STALE_SECONDS = 10
    gate = tmp_path / "gate"
    job = services.job_start(actor=personas["tm.cardiff"], kind=kinds.GATED, params={"gate": str(gate)})
    first = worker.db_worker()
    try:
        _wait_for(
            lambda: Job.objects.filter(pk=job.pk, progress_label="waiting at the gate").exists(),
            what="the first worker to reach the gate",
        )
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    job.refresh_from_db()
    # Killed half-way: still "running", no file, nothing of its writes.
    assert job.status == JobStatus.RUNNING and job.attempts == 1 and not job.result_name
    assert not AuditEvent.objects.filter(record_type="tests.gated").exists()
    assert not (settings.JOB_RESULTS_DIR / str(job.pk)).exists()
    # Not yet stale: nothing is queued again.
    assert services.jobs_requeue_stale() == []
    later = timezone.now() + timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
    assert services.jobs_requeue_stale(now=later) == [job.pk]
    gate.touch()
    # Two workers race for it: it is claimed, run and finished once.
    second, third = worker.db_worker("--batch"), worker.db_worker("--batch")
    outputs = _finish(second) + _finish(third)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, outputs + job.error
    assert job.attempts == 2
    assert AuditEvent.objects.filter(record_type="tests.gated").count() == 1
    assert services.storage().open(job.result_name).read() == b"the whole export"
    assert sorted(p.name for p in (settings.JOB_RESULTS_DIR / str(job.pk)).iterdir()) == ["2-export.txt"]


def test_two_schedulers_started_together_run_each_slot_once(personas):
    now = "2026-01-01T07:00:00+00:00"
    both = [worker.start("scheduler", "--once", "--now", now) for _ in range(2)]
    outputs = [_finish(process) for process in both]
    assert all(process.returncode == 0 for process in both), outputs
    slots = ScheduleSlot.objects.all()
    assert slots.count() == len(SCHEDULE)
    assert sorted(slots.values_list("entry", flat=True)) == sorted(e.name for e in SCHEDULE)
    assert Job.objects.filter(requested_by__isnull=True).count() == len(SCHEDULE)
    # Each claimed its slots in the database; between them, every slot once.
    claimed = re.findall(r"^\w+ \d{4}-\S+: job \d+$", "".join(outputs), re.M)
    assert len(claimed) == len(SCHEDULE)
    quarter = Job.objects.get(kind="performance.draft_returns")
    assert quarter.params == {"quarter": "2025-26-Q3"}  # the quarter that ended on 31 December


def test_the_rq_backend_runs_a_job_through_redis(personas, settings, tmp_path):
    """Production's backend: TASKS_BACKEND=rq, the queue in Redis (REDIS_URL;
    the tests use database 1), run by `manage.py worker`, which runs RQ's worker
    with the heartbeat /readyz reads."""
    import django_rq
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not listening (CI starts it)")
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 600}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    django_rq.get_queue("default").empty()
    gate = tmp_path / "gate"
    gate.touch()
    job = services.job_start(actor=personas["tm.cardiff"], kind=kinds.GATED, params={"gate": str(gate)})
    output = _finish(
        worker.start(
            "worker",
            "--batch",
            TASKS_BACKEND="rq",
            REDIS_URL=url,
        )
    )
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, output + job.error
    assert services.storage().open(job.result_name).read() == b"the whole export"
    assert WorkerHeartbeat.objects.exists()
