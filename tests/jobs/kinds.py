"""A job kind for the worker's tests: it reports progress, waits at a gate
(a file) so a test can stop its worker half-way, and writes an audit entry
with its result."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.jobs.registry import JobContext, JobOutput, job_kind

GATED = "tests.gated_export"


@job_kind(GATED, "A gated export", may_start=lambda user, params: True)
def gated_export(ctx: JobContext, *, gate: str, **_ignored: Any) -> JobOutput:
    ctx.progress(1, 2, "waiting at the gate")
    for _ in range(600):
        if Path(gate).exists():
            break
        time.sleep(0.1)
    ctx.progress(2, 2, "writing")
    return JobOutput(
        content=b"the whole export",
        filename="export.txt",
        content_type="text/plain",
        commit=lambda: audit_record(
            actor=ctx.actor, action=AuditAction.EXPORT, record_type="tests.gated", record_id=ctx.job_id
        ),
    )
