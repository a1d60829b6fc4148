"""Permission matrix of the imports of children (nas.children.jobs): an
authority's history of imports and each import's page are its team
manager's, who may import; everyone else is refused (403), and an import of
another authority answers 404 (tests/children/test_import_page.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tests.access.matrix import ANONYMOUS, PERSONA_NAMES, Case, Context, covers, setup

IMPORTER = "tm.cardiff"


@setup
def _an_import(ctx: Context, personas: dict[str, Any]) -> None:
    from nas.children.jobs import IMPORT
    from nas.jobs.models import Job, JobStatus

    job = Job.objects.create(
        kind=IMPORT,
        params={
            "authority": personas[IMPORTER].organisation_id,
            "files": [["header.csv", "x"]],
            "partial": False,
        },
        idempotency_key="matrix:import",
        requested_by=personas[IMPORTER],
        status=JobStatus.SUCCEEDED,
        result_data={"written": True, "created": 2, "updated": 0, "unchanged": 0, "problem_count": 0},
    )
    ctx.records["import"] = job.pk


@covers("children:import-history", "children:import-result")
def _imports(ctx: Context) -> Iterable[Case]:
    pages = ["/children/imports/", f"/children/imports/{ctx.records['import']}/"]
    for url in pages:
        yield Case(ANONYMOUS, "GET", url, 302)
        for persona in PERSONA_NAMES:
            yield Case(
                persona,
                "GET",
                url,
                200 if persona == IMPORTER else 403,
                must_contain=["header.csv"] if persona == IMPORTER else [],
            )
