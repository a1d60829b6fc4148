"""The performance framework's long work, run in the worker: the reports to
the Minister and the National Board (PDF with charts, or Excel), with their
progress on the job's page and the file kept for download."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nas.jobs.registry import JobContext, JobOutput, job_kind
from nas.performance import periods as P
from nas.performance import reports
from nas.performance.policies import figures as figures_policy

REPORT = "performance.report"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _may_report(user: Any, params: dict[str, Any]) -> bool:
    return figures_policy.can(user, "report")


@job_kind(
    REPORT,
    _("Report to the Minister or the National Board"),
    may_start=_may_report,
    back_url=lambda params: reverse("performance:reports"),
)
def report(
    ctx: JobContext, *, kind: str, period: str, format: str, language: str, **_ignored: Any
) -> JobOutput:  # noqa: A002
    chosen = P.parse(period)
    reports.check(kind, chosen)
    # The figures are the first tenth of the work; drawing each measure's page the rest.
    data = reports.build(
        kind, chosen, language, progress=lambda step, total, label: ctx.progress(step, 10, label)
    )
    content = reports.render(
        data,
        format,
        progress=lambda step, total, label: ctx.progress(1 + 9 * step // max(total, 1), 10, label),
    )
    return JobOutput(
        content=content,
        filename=reports.filename(kind, chosen, language, format),
        content_type=CONTENT_TYPES[format],
    )
