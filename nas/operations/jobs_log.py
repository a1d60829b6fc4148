"""The worker's jobs in the structured log: one line when a job finishes,
with its id, task, outcome and duration, and the job id on every line the
job writes meanwhile. A job's arguments are never logged: they may name a
person."""

from __future__ import annotations

import contextvars
import logging
from typing import Any

from django.dispatch import receiver
from django_tasks.signals import task_finished, task_started

from nas.operations import logs

job_logger = logging.getLogger("nas.job")

_tokens: dict[str, contextvars.Token[dict[str, Any] | None]] = {}


@receiver(task_started)
def _job_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    _tokens[task_result.id] = logs.bind(job_id=str(task_result.id), task=task_result.task.module_path)


@receiver(task_finished)
def _job_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    started, finished = task_result.started_at, task_result.finished_at
    duration = round((finished - started).total_seconds() * 1000, 1) if started and finished else None
    job_logger.info(
        "job",
        extra={
            "job_id": str(task_result.id),
            "task": task_result.task.module_path,
            "status": str(task_result.status).lower(),
            "duration_ms": duration,
        },
    )
    token = _tokens.pop(task_result.id, None)
    if token is not None:
        try:
            logs.unbind(token)
        except ValueError:  # finished in another context than it started (another thread)
            pass
