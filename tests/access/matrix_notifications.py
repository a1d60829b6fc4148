"""Permission matrix of notifications and long work (nas.notifications, nas.jobs).

- A notification is its recipient's alone: anyone else gets 404 for it, and
  nobody's list shows another person's. Opening one whose record the
  recipient can no longer see answers 404 too (tests/notifications).
- Everyone signed in has a notifications page and settings.
- A job is seen by whoever asked for it, and by administrators (the jobs
  page: every run, failures, try again); its file is fetched only by whoever
  asked for it (an administrator: 403), nobody else sees it (404).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tests.access.matrix import (
    ANONYMOUS,
    NATIONAL_ADMINISTRATOR,
    PERSONA_NAMES,
    Case,
    Context,
    covers,
    setup,
)

OWNER = "sw.cardiff"
REQUESTER = "director.national"


@setup
def _notifications_and_jobs(ctx: Context, personas: dict[str, Any]) -> None:
    from django.core.files.base import ContentFile

    from nas.jobs.models import Job, JobStatus
    from nas.jobs.services import storage
    from nas.notifications.models import Notification

    child = ctx.child_pk["cardiff"]
    note = Notification.objects.create(
        recipient=personas[OWNER],
        kind="deadline_overdue",
        record_type="children.child",
        record_id=str(child),
        url=f"/children/{child}/",
        key=f"matrix:{child}",
    )
    ctx.records["notification"] = note.pk
    name = storage().save("matrix/report.xlsx", ContentFile(b"matrix report"))
    done = Job.objects.create(
        kind="performance.report",
        params={"kind": "minister", "period": "2024-25-H1", "format": "xlsx", "language": "en"},
        idempotency_key="matrix:done",
        requested_by=personas[REQUESTER],
        status=JobStatus.SUCCEEDED,
        result_name=name,
        result_filename="report.xlsx",
        result_content_type="application/octet-stream",
    )
    ctx.records["job"] = done.pk
    for label, by in (("failed_mine", REQUESTER), ("failed_other", REQUESTER)):
        failed = Job.objects.create(
            kind="performance.report",
            params={"kind": "minister", "period": "2024-25-H1", "format": "xlsx", "language": "en"},
            idempotency_key=f"matrix:{label}",
            requested_by=personas[by],
            status=JobStatus.FAILED,
            error="ValueError: matrix",
        )
        ctx.records[label] = failed.pk


def _link(ctx: Context) -> str:
    return f"/notifications/{ctx.records['notification']}/"


@covers("notifications:list", "GET /api/v1/notifications")
def _notification_list(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/notifications/", 302)
    yield Case(ANONYMOUS, "GET", "/api/v1/notifications", 401)
    for persona in PERSONA_NAMES:
        mine = persona == OWNER
        link = _link(ctx)
        yield Case(
            persona,
            "GET",
            "/notifications/",
            200,
            must_contain=[link] if mine else [],
            must_not_contain=[] if mine else [link],
        )
        url = f"/children/{ctx.child_pk['cardiff']}/"
        yield Case(
            persona,
            "GET",
            "/api/v1/notifications",
            200,
            must_contain=[url] if mine else [],
            must_not_contain=[] if mine else [url],
        )


@covers("notifications:open")
def _notification_open(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", _link(ctx), 302, follow_to="/sign-in/")
    for persona in PERSONA_NAMES:
        if persona == OWNER:
            yield Case(persona, "GET", _link(ctx), 302, follow_to=f"/children/{ctx.child_pk['cardiff']}/")
        else:
            yield Case(persona, "GET", _link(ctx), 404)


@covers("notifications:mark", "POST /api/v1/notifications/{pk}/read")
def _notification_mark(ctx: Context) -> Iterable[Case]:
    page = f"{_link(ctx)}mark/"
    api = f"/api/v1/notifications/{ctx.records['notification']}/read"
    yield Case(ANONYMOUS, "POST", page, 302, follow_to="/sign-in/")
    yield Case(ANONYMOUS, "POST", api, 401, data={"read": True}, json=True)
    for persona in PERSONA_NAMES:
        yield Case(persona, "POST", page, 302 if persona == OWNER else 404, data={"read": "true"})
        yield Case(persona, "POST", api, 200 if persona == OWNER else 404, data={"read": False}, json=True)


@covers("notifications:read-all")
def _notifications_read_all(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "POST", "/notifications/read-all/", 302, follow_to="/sign-in/")
    for persona in PERSONA_NAMES:
        yield Case(persona, "POST", "/notifications/read-all/", 302, follow_to="/notifications/")


@covers(
    "notifications:settings", "GET /api/v1/notifications/preferences", "PUT /api/v1/notifications/preferences"
)
def _notification_settings(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/notifications/settings/", 302)
    yield Case(ANONYMOUS, "GET", "/api/v1/notifications/preferences", 401)
    yield Case(ANONYMOUS, "PUT", "/api/v1/notifications/preferences", 401, data={}, json=True)
    for persona in PERSONA_NAMES:
        yield Case(persona, "GET", "/notifications/settings/", 200)
        yield Case(persona, "GET", "/api/v1/notifications/preferences", 200)
        yield Case(
            persona,
            "PUT",
            "/api/v1/notifications/preferences",
            200,
            data={"language": "cy", "kinds": {"link_interest": "digest"}},
            json=True,
        )
        yield Case(
            persona,
            "PUT",
            "/api/v1/notifications/preferences",
            422,
            data={"language": "en", "kinds": {"deadline_overdue": "off"}},
            json=True,
        )


@covers("jobs:list", "GET /api/v1/jobs")
def _job_list(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/jobs/", 302)
    yield Case(ANONYMOUS, "GET", "/api/v1/jobs", 401)
    for persona in PERSONA_NAMES:
        admin = persona == NATIONAL_ADMINISTRATOR
        yield Case(
            persona,
            "GET",
            "/jobs/",
            200 if admin else 403,
            must_contain=["ValueError: matrix"] if admin else [],
        )
        yield Case(persona, "GET", "/api/v1/jobs", 200 if admin else 403)


@covers("jobs:detail", "GET /api/v1/jobs/{pk}")
def _job_detail(ctx: Context) -> Iterable[Case]:
    job = ctx.records["job"]
    for url in (f"/jobs/{job}/", f"/api/v1/jobs/{job}"):
        yield Case(ANONYMOUS, "GET", url, 401 if url.startswith("/api/") else 302)
        for persona in PERSONA_NAMES:
            yield Case(persona, "GET", url, 200 if persona in {REQUESTER, NATIONAL_ADMINISTRATOR} else 404)


@covers("jobs:download", "GET /api/v1/jobs/{pk}/result")
def _job_download(ctx: Context) -> Iterable[Case]:
    job = ctx.records["job"]
    for url in (f"/jobs/{job}/download/", f"/api/v1/jobs/{job}/result"):
        yield Case(
            ANONYMOUS, "GET", url, 401 if url.startswith("/api/") else 302, must_not_contain=["matrix report"]
        )
        for persona in PERSONA_NAMES:
            if persona == REQUESTER:
                yield Case(persona, "GET", url, 200, must_contain=["matrix report"])
            else:
                expected = 403 if persona == NATIONAL_ADMINISTRATOR else 404
                yield Case(persona, "GET", url, expected, must_not_contain=["matrix report"])


@covers("jobs:retry", "POST /api/v1/jobs/{pk}/retry")
def _job_retry(ctx: Context) -> Iterable[Case]:
    mine, other = ctx.records["failed_mine"], ctx.records["failed_other"]
    yield Case(ANONYMOUS, "POST", f"/jobs/{mine}/retry/", 302, follow_to="/sign-in/")
    yield Case(ANONYMOUS, "POST", f"/api/v1/jobs/{mine}/retry", 401)
    for persona in PERSONA_NAMES:
        if persona in {REQUESTER, NATIONAL_ADMINISTRATOR}:
            continue
        yield Case(persona, "POST", f"/jobs/{mine}/retry/", 404)
        yield Case(persona, "POST", f"/api/v1/jobs/{other}/retry", 404)
    # Whoever asked tries their failed job again; an administrator any failed job.
    yield Case(REQUESTER, "POST", f"/jobs/{mine}/retry/", 302, follow_to=f"/jobs/{mine}/")
    yield Case(NATIONAL_ADMINISTRATOR, "POST", f"/api/v1/jobs/{other}/retry", 200)
    # Once queued again there is nothing to retry.
    yield Case(REQUESTER, "POST", f"/api/v1/jobs/{other}/retry", 403)


@covers("POST /api/v1/jobs")
def _job_create(ctx: Context) -> Iterable[Case]:
    report = {
        "kind": "performance.report",
        "params": {"kind": "minister", "period": "2024-25-H1", "format": "xlsx", "language": "en"},
    }
    yield Case(ANONYMOUS, "POST", "/api/v1/jobs", 401, data=report, json=True)
    for persona in PERSONA_NAMES:
        # The reports hold aggregates only: the national team and the Board make them
        # (nas.performance.policies, "Reports").
        allowed = persona in {"director.national", "analyst.national", "board.national"}
        yield Case(persona, "POST", "/api/v1/jobs", 202 if allowed else 403, data=report, json=True)
    yield Case(REQUESTER, "POST", "/api/v1/jobs", 422, data={"kind": "no.such.work", "params": {}}, json=True)
