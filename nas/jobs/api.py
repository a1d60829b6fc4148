"""Long work over the API: ask for a job (with an Idempotency-Key header, so
a retried request gives the same job), follow its progress, fetch its file,
try a failed one again. The same access rules as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.responses import Status

from nas.access.lookup import get_for_user, require
from nas.contract.errors import ErrorsOut
from nas.jobs import selectors, services
from nas.jobs.models import Job
from nas.jobs.policies import jobs as policy

router = Router(tags=["jobs"])


class JobIn(Schema):
    kind: str
    params: dict[str, Any] = {}


class JobOut(Schema):
    id: int
    kind: str
    params: dict[str, Any]
    status: str
    attempts: int
    percent: int
    progress_label: str
    created_at: datetime
    finished_at: datetime | None
    error: str
    result_filename: str
    result_data: Any = None


def _out(job: Job) -> JobOut:
    return JobOut(
        id=job.pk,
        kind=job.kind,
        params=job.params,
        status=job.status,
        attempts=job.attempts,
        percent=job.percent,
        progress_label=job.progress_label,
        created_at=job.created_at,
        finished_at=job.finished_at,
        error=job.error,
        result_filename=job.result_filename if job.has_file else "",
        result_data=job.result_data,
    )


def _job(request: HttpRequest, pk: int, action: str = "view") -> Job:
    found: Job = get_for_user(request.auth, policy, pk=pk, action=action)  # type: ignore[attr-defined]
    return found


@router.get("", response=list[JobOut], summary="Recent jobs (administrators: everyone's)")
def job_list(request: HttpRequest) -> list[JobOut]:
    require(request.auth, policy, "list")  # type: ignore[attr-defined]
    return [_out(job) for job in selectors.recent_jobs(user=request.auth)]  # type: ignore[attr-defined]


@router.post(
    "",
    response={202: JobOut, 422: ErrorsOut},
    summary="Ask for long work (send an Idempotency-Key header to make a retried request safe)",
)
def job_create(request: HttpRequest, payload: JobIn) -> Any:
    job = services.job_start(
        actor=request.auth,  # type: ignore[attr-defined]
        kind=payload.kind,
        params=payload.params,
        idempotency_key=request.headers.get("Idempotency-Key"),
    )
    return Status(202, _out(job))


@router.get("/{pk}", response=JobOut, summary="A job: its status, progress, error and figures")
def job_detail(request: HttpRequest, pk: int) -> JobOut:
    return _out(_job(request, pk))


@router.get("/{pk}/result", summary="The file a job made (for the person who asked for it)")
def job_result(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk, "download")
    content = services.result_read(actor=request.auth, job=job)  # type: ignore[attr-defined]
    response = HttpResponse(content, content_type=job.result_content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.result_filename}"'
    return response


@router.post("/{pk}/retry", response={200: JobOut, 422: ErrorsOut}, summary="Try a failed job again")
def job_retry(request: HttpRequest, pk: int) -> Any:
    job = _job(request, pk, "retry")
    return _out(services.job_retry(actor=request.auth, job=job))  # type: ignore[attr-defined]
