"""The worker's tasks for long work: one task runs any job by its id."""

from __future__ import annotations

from django_tasks import task

from nas.jobs.services import job_execute


@task()
def run_job(job_id: int) -> str:
    return job_execute(job_id=job_id)
