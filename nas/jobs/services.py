"""Writes of long work: asking for a job, running it in the worker, retrying
it, and noticing a worker that died.

- `job_start` makes the job (or returns the one already made with the same
  idempotency key) and queues it for the worker once the transaction commits.
- `job_execute` (the worker's task) claims the job with a conditional update,
  so a job queued twice runs once; the attempt number it claimed fences it:
  if the job was meanwhile taken for dead and claimed again, this attempt's
  result is thrown away. The file is written first, then the job is marked
  finished (with the job's own writes) in one transaction: a worker killed
  in between leaves no finished job without its file, and no half-written
  file behind a finished job.
- `jobs_requeue_stale` (the scheduler, every minute) queues again a running
  job whose worker has not reported for JOB_STALE_SECONDS, and a queued job
  that no worker has picked up in that time, up to JOB_MAX_ATTEMPTS.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import uuid
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.jobs import registry
from nas.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)
RECORD_TYPE = "jobs.job"
HEARTBEAT_SECONDS = 15


def storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.JOB_RESULTS_DIR)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue_after_commit(task: Any, *args: Any) -> None:
    """Queue a task once the current transaction commits (at once outside
    one), so the worker never looks for rows that are not there yet."""
    transaction.on_commit(partial(task.enqueue, *args))


def _key(actor: Any, kind: str, idempotency_key: str | None) -> str:
    who = getattr(actor, "pk", None) or "schedule"
    given = idempotency_key or uuid.uuid4().hex
    # A person's key is theirs alone: another person sending the same key gets their own job.
    return f"{who}:{kind}:{hashlib.sha256(given.encode()).hexdigest()[:40]}"


def job_start(*, actor: Any, kind: str, params: dict[str, Any], idempotency_key: str | None = None) -> Job:
    """Ask for a piece of long work. The same idempotency key (a form's
    hidden token, an API client's Idempotency-Key, the schedule's slot)
    gives back the same job instead of starting another."""
    from nas.jobs.tasks import run_job

    spec = registry.get(kind)
    if spec is None:
        raise ValidationError({"kind": _("There is no such kind of work")})
    if actor is not None and (spec.may_start is None or not spec.may_start(actor, params)):
        raise PermissionDenied
    key = _key(actor, kind, idempotency_key)
    existing = Job.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                params=params,
                idempotency_key=key,
                requested_by=actor if getattr(actor, "pk", None) else None,
            )
            if actor is not None:
                audit_record(
                    actor=actor,
                    action=AuditAction.CREATE,
                    record_type=RECORD_TYPE,
                    record_id=job.pk,
                    detail={"kind": kind, "params": params},
                )
            enqueue_after_commit(run_job, job.pk)
    except IntegrityError:
        # Asked for at the same moment by a second request with the same key.
        return Job.objects.get(idempotency_key=key)
    return job


def _report(job_id: int, attempt: int, done: int, total: int, label: str) -> None:
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING, attempts=attempt).update(
        progress_done=max(0, done),
        progress_total=max(0, total),
        progress_label=label[:200],
        heartbeat_at=timezone.now(),
    )


class _Heartbeat(threading.Thread):
    """Says the job is alive while its function works through a long step
    that reports no progress, so only a dead worker's job goes stale."""

    def __init__(self, job_id: int, attempt: int) -> None:
        super().__init__(daemon=True, name=f"job-{job_id}-heartbeat")
        self.job_id, self.attempt = job_id, attempt
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING, attempts=self.attempt).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            close_old_connections()


def job_execute(*, job_id: int) -> str:
    """Run a queued job (the worker's task). Returns what happened."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        worker=worker_name(),
        error="",
        progress_done=0,
        progress_total=0,
        progress_label="",
    )
    if not claimed:
        # Finished, failed, or being run by another worker: never run twice.
        return "not queued"
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    attempt = job.attempts
    spec = registry.get(job.kind)
    heartbeat = _Heartbeat(job.pk, attempt)
    heartbeat.start()
    try:
        if spec is None:
            raise LookupError(f"No job kind {job.kind}")
        ctx = registry.JobContext(
            job_id=job.pk, actor=job.requested_by, report=partial(_report, job.pk, attempt)
        )
        output = spec.run(ctx, **job.params)
    except Exception as error:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=attempt).update(
            status=JobStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:4000],
            finished_at=timezone.now(),
        )
        _told(job.pk)
        return "failed"
    finally:
        heartbeat.stopped.set()
        heartbeat.join()
    return _finish(job, attempt, output)


def _finish(job: Job, attempt: int, output: registry.JobOutput) -> str:
    name = ""
    if output.content is not None:
        filename = output.filename or f"job-{job.pk}"
        name = storage().save(f"{job.pk}/{attempt}-{filename}", ContentFile(output.content))
    with transaction.atomic():
        mine = Job.objects.select_for_update().filter(pk=job.pk, status=JobStatus.RUNNING, attempts=attempt)
        if not mine.exists():
            # Taken for dead and claimed again meanwhile: that attempt's result counts, not this one.
            if name:
                storage().delete(name)
            return "superseded"
        if output.commit is not None:
            output.commit()
        mine.update(
            status=JobStatus.SUCCEEDED,
            finished_at=timezone.now(),
            result_name=name,
            result_filename=output.filename if name else "",
            result_content_type=output.content_type if name else "",
            result_size=len(output.content) if output.content is not None else None,
            result_data=output.data,
            progress_done=F("progress_total"),
        )
        _told(job.pk)
    return "succeeded"


def _told(job_id: int) -> None:
    """The person who asked is told the job has finished or failed."""
    from nas.notifications.events import job_finished

    job_finished(job=Job.objects.get(pk=job_id))


def job_retry(*, actor: Any, job: Job) -> Job:
    """Queue a failed job again (an administrator, or whoever asked for it)."""
    from nas.jobs.tasks import run_job

    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED, queued_at=timezone.now(), finished_at=None, heartbeat_at=None
        )
        if not updated:
            raise ValidationError({"__all__": _("Only a job that failed can be tried again")})
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=RECORD_TYPE,
            record_id=job.pk,
            detail={"retried": True, "kind": job.kind},
        )
        enqueue_after_commit(run_job, job.pk)
    job.refresh_from_db()
    return job


def jobs_requeue_stale(*, now: Any = None) -> list[int]:
    """Queue again the jobs whose worker has gone quiet (killed, or the
    machine restarted) and queued jobs no worker has taken; after
    JOB_MAX_ATTEMPTS a job fails instead, saying why."""
    from nas.jobs.tasks import run_job

    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.JOB_STALE_SECONDS)
    requeued = []
    candidates = Job.objects.filter(
        Q(status=JobStatus.RUNNING, heartbeat_at__lt=stale) | Q(status=JobStatus.QUEUED, queued_at__lt=stale)
    ).values_list("pk", "status", "attempts")
    for pk, status, attempts in candidates:
        with transaction.atomic():
            if status == JobStatus.RUNNING and attempts >= settings.JOB_MAX_ATTEMPTS:
                Job.objects.filter(pk=pk, status=JobStatus.RUNNING, attempts=attempts).update(
                    status=JobStatus.FAILED,
                    finished_at=now,
                    error=_("The worker stopped during the job %(n)s times; try it again from the jobs page.")
                    % {"n": attempts},
                )
                continue
            fence = Q(status=JobStatus.RUNNING, attempts=attempts, heartbeat_at__lt=stale) | Q(
                status=JobStatus.QUEUED, queued_at__lt=stale
            )
            if Job.objects.filter(fence, pk=pk).update(
                status=JobStatus.QUEUED, queued_at=now, heartbeat_at=None
            ):
                logger.warning("Job %s queued again: its worker went quiet", pk)
                requeued.append(pk)
                enqueue_after_commit(run_job, pk)
    return requeued


def results_prune(*, now: Any = None) -> int:
    """Remove the files of jobs finished more than JOB_RESULTS_KEEP_DAYS ago
    (the job's record stays, saying the file is gone)."""
    now = now or timezone.now()
    old = Job.objects.filter(
        finished_at__lt=now - timedelta(days=settings.JOB_RESULTS_KEEP_DAYS), result_removed_at__isnull=True
    ).exclude(result_name="")
    removed = 0
    for job in old:
        storage().delete(job.result_name)
        Job.objects.filter(pk=job.pk).update(result_removed_at=now)
        removed += 1
    return removed


def result_read(*, actor: Any, job: Job) -> bytes:
    """The file a job made, for the person who asked for it; audited as an export."""
    with storage().open(job.result_name, "rb") as handle:
        content = handle.read()
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        record_type=RECORD_TYPE,
        record_id=job.pk,
        detail={"kind": job.kind, "file": job.result_filename},
    )
    return content
