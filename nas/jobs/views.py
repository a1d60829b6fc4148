"""Pages of long work: a job's progress and its file, and the administrators'
jobs page (recent runs, failures with their error, try again)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nas.access.lookup import get_for_user, require
from nas.core.http import AuthenticatedRequest
from nas.jobs import registry, selectors, services
from nas.jobs.models import Job, JobStatus
from nas.jobs.policies import jobs as policy


def _job(request: AuthenticatedRequest, pk: int, action: str = "view") -> Job:
    found: Job = get_for_user(request.user, policy, pk=pk, action=action)
    return found


@require_GET
def job_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, policy, "list")
    failed_only = request.GET.get("show") == "failed"
    return render(
        request,
        "jobs/list.html",
        {
            "jobs": selectors.recent_jobs(user=request.user, failed_only=failed_only),
            "failed_only": failed_only,
            "schedule": selectors.schedule_rows(),
            "counts": selectors.status_counts(user=request.user),
        },
    )


@require_GET
def job_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    spec = registry.get(job.kind)
    return render(
        request,
        "jobs/detail.html",
        {
            "job": job,
            "label": spec.label if spec else job.kind,
            "back": spec.back_url(job.params) if spec and spec.back_url else None,
            "can_download": policy.can(request.user, "download", job),
            "can_retry": policy.can(request.user, "retry", job),
            "running": job.status in {JobStatus.QUEUED, JobStatus.RUNNING},
        },
    )


@require_GET
def job_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk, "download")
    response = HttpResponse(
        services.result_read(actor=request.user, job=job), content_type=job.result_content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{job.result_filename}"'
    return response


@require_POST
def job_retry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk, "retry")
    try:
        services.job_retry(actor=request.user, job=job)
    except ValidationError:
        raise PermissionDenied from None
    messages.success(request, _("The job is queued again."))
    return redirect("jobs:detail", pk=job.pk)
