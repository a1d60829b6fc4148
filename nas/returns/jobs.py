"""The SSDA903 export in the worker: the four tables as a zip, kept for the
person who asked (the authority's team manager or decision maker). The
export is audited (the authority and each child in it) in the transaction
that marks the job finished: a worker stopped half-way audits nothing."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nas.jobs.registry import JobContext, JobOutput, job_kind
from nas.organisations.models import Organisation
from nas.returns import services
from nas.returns.policies import ssda903 as policy

EXPORT = "returns.ssda903"


def _may_export(user: Any, params: dict[str, Any]) -> bool:
    authority = policy.scope(user).filter(code=params.get("authority")).first()
    return authority is not None and policy.can(user, "export", authority)


@job_kind(
    EXPORT,
    _("SSDA903 return (zip)"),
    may_start=_may_export,
    back_url=lambda params: (
        reverse("returns:ssda903", args=[params["authority"]]) + f"?year={params['year']}"
    ),
)
def ssda903_zip(ctx: JobContext, *, authority: str, year: int, **_ignored: Any) -> JobOutput:
    organisation = Organisation.objects.get(code=authority, kind="local_authority")
    ctx.progress(0, 1, "tables")
    export = services.ssda903_prepare(actor=ctx.actor, authority=organisation, year=year)
    return JobOutput(
        content=export.content,
        filename=export.filename,
        content_type=export.content_type,
        commit=lambda: services.ssda903_audit(actor=ctx.actor, authority=organisation, export=export),
    )
