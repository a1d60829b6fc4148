"""The import of children as a background job (nas.jobs): a large return
(thousands of children, several years) is checked and written by the task
worker while the page shows its progress. The files wait in the job
storage until the job has read them, and are removed then. What the import
found (counts, problems, files skipped) is kept with the job: the
authority's history of imports is the list of these jobs."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nas.children import imports
from nas.children.policies import children as policy
from nas.core.spreadsheet import CSV_TYPE
from nas.jobs.models import Job
from nas.jobs.registry import JobContext, JobOutput, job_kind
from nas.jobs.services import job_start, storage

IMPORT = "children.import"
#: The problems kept with the job for its page (all of them are in its CSV file).
SHOWN_PROBLEMS = 200


def _may_import(user: Any, params: dict[str, Any]) -> bool:
    return policy.can(user, "import") and params.get("authority") == user.organisation_id


@job_kind(
    IMPORT,
    _("Import of children"),
    may_start=_may_import,
    back_url=lambda params: reverse("children:import-history"),
)
def import_files(
    ctx: JobContext, *, authority: int, files: list[list[str]], partial: bool = False, **_ignored: Any
) -> JobOutput:
    """Read the uploaded files, import them, and keep what was found."""
    contents = []
    for name, stored in files:
        with storage().open(stored, "rb") as handle:
            contents.append((name, handle.read()))
    result = imports.import_children(
        actor=ctx.actor, local_authority_id=authority, files=contents, partial=partial, progress=ctx.progress
    )
    for _name, stored in files:
        storage().delete(stored)
    return JobOutput(
        content=imports.problems_csv(result.errors) if result.errors else None,
        filename="problems.csv",
        content_type=CSV_TYPE,
        data=summary(result),
    )


def summary(result: imports.ImportResult) -> dict[str, Any]:
    """What an import found, as kept with its job (JSON)."""
    return {
        "written": result.written,
        "partial": result.partial,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "nothing_changed": result.nothing_changed,
        "refused_children": result.refused_children,
        "problem_count": len(result.errors),
        "problems": [str(e) for e in result.errors[:SHOWN_PROBLEMS]],
        "notices": [str(n) for n in result.notices],
    }


def import_start(*, actor: Any, files: list[tuple[str, bytes]], partial: bool, token: str = "") -> Job:
    """Keep the uploaded files for the worker and start the import job."""
    folder = f"imports/{uuid.uuid4().hex}"
    stored = [
        [name, storage().save(f"{folder}/{index}-{storage().get_valid_name(name)}", ContentFile(content))]
        for index, (name, content) in enumerate(files)
    ]
    return job_start(
        actor=actor,
        kind=IMPORT,
        params={"authority": actor.organisation_id, "files": stored, "partial": partial},
        idempotency_key=token or None,
    )


def imports_of(authority_id: int) -> Any:
    """The authority's history of imports, the latest first."""
    return (
        Job.objects.filter(kind=IMPORT, params__authority=authority_id)
        .select_related("requested_by")
        .order_by("-created_at")
    )
