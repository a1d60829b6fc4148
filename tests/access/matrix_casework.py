"""Permission matrix for casework (nas/casework), written out from the law of
the service, not read back from the policies:

- A record's casework (notes, tasks, allocation, chronology) is read by whoever
  reads the record with its identity: for Matrix's Cardiff child, Cardiff's
  staff (the allocated social worker sw.cardiff, the team manager tm.cardiff
  and a colleague who is not allocated, the decision maker adm.cardiff).
  Another authority (sw.wrexham), the regions, the voluntary agency and the
  national tier get 404: the national tier reads no identifiable casework.
- A sensitive note is read by the allocated worker and the managers (and its
  author); the colleague adm.cardiff gets 404 and never sees its text.
- Only a manager allocates (tm.cardiff; the others 403). Only the author
  changes a note (the others 403); a stale change is 409.
- "My cases" and "My tasks" are every worker's (the national tier 403); the
  caseload is for managers (tm.cardiff, manager.vvc), others 403.

Records: Matrix's Cardiff child allocated to sw.cardiff, with a note by
sw.cardiff, a sensitive note by tm.cardiff, and a task for sw.cardiff.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from tests.access.matrix import ANONYMOUS, CHILD_SURNAME, PERSONA_NAMES, Case, Context, covers, setup

CHILD = "cardiff"
READERS = {"sw.cardiff", "tm.cardiff", "adm.cardiff"}
ALLOCATED = "sw.cardiff"
MANAGERS = {"tm.cardiff", "manager.vvc"}
NATIONAL = {"analyst.national", "director.national", "board.national", "admin.national"}
VVC_STAFF = {"ff.vvc", "assessor.vvc", "panel.vvc", "support.vvc", "manager.vvc", "adm.vvc"}
NOTE_TEXT = "MTXNOTE a visit to the Cardiff child"
SENSITIVE_TEXT = "MTXSENSITIVE third-party information"
TASK_TITLE = "MTXTASK book the review"


@setup
def _casework(ctx: Context, personas: dict[str, Any]) -> None:
    from django.utils import timezone

    from nas.casework import services
    from nas.children.models import Child

    child = Child.objects.get(pk=ctx.child_pk[CHILD])
    services.allocation_set(
        actor=personas["tm.cardiff"], record_type="children.child", record=child, worker=personas[ALLOCATED]
    )
    note = services.note_create(
        actor=personas[ALLOCATED],
        record_type="children.child",
        record=child,
        kind="home_visit",
        contact_on=date(2026, 1, 5),
        text=NOTE_TEXT,
        child_seen=True,
        seen_alone=True,
    )
    sensitive = services.note_create(
        actor=personas["tm.cardiff"],
        record_type="children.child",
        record=child,
        kind="telephone",
        contact_on=date(2026, 1, 6),
        text=SENSITIVE_TEXT,
        sensitive=True,
    )
    task = services.task_create(
        actor=personas["tm.cardiff"],
        record_type="children.child",
        record=child,
        title=TASK_TITLE,
        due_on=timezone.localdate() + timedelta(days=3),
        assignee=personas[ALLOCATED],
    )
    ctx.records.update({"cw_note": note.pk, "cw_sensitive": sensitive.pk, "cw_task": task.pk})


def _each(
    url: str,
    allowed: dict[str, int],
    *,
    method: str = "GET",
    otherwise: int = 404,
    data: dict[str, Any] | None = None,
    json: bool = False,
    hidden: list[str] | None = None,
    shown: dict[str, list[str]] | None = None,
) -> Iterable[Case]:
    api = url.startswith("/api/")
    yield Case(ANONYMOUS, method, url, 401 if api else 302, data=data or {}, json=json)
    for persona in PERSONA_NAMES:
        expected = allowed.get(persona, otherwise)
        yield Case(
            persona,
            method,
            url,
            expected,
            data=data or {},
            json=json,
            must_not_contain=(hidden or []) if expected >= 400 else [],
            must_contain=(shown or {}).get(persona, []) if expected == 200 else [],
        )


def _readers(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(READERS, status)


def _workers(status: int = 200) -> dict[str, int]:
    return {p: (403 if p in NATIONAL else status) for p in PERSONA_NAMES}


@covers("casework:my-cases", "GET /api/v1/casework/my-cases")
def _my_cases(ctx: Context) -> Iterable[Case]:
    surname = CHILD_SURNAME[CHILD]
    for url in ("/casework/my-cases/", "/api/v1/casework/my-cases"):
        for case in _each(url, _workers(), otherwise=403, hidden=[surname], shown={ALLOCATED: [surname]}):
            if case.persona not in (ALLOCATED, ANONYMOUS):
                case.must_not_contain = [surname]
            yield case


@covers("casework:caseload", "GET /api/v1/casework/caseload")
def _caseload(ctx: Context) -> Iterable[Case]:
    for url in ("/casework/caseload/", "/api/v1/casework/caseload"):
        for case in _each(url, dict.fromkeys(MANAGERS, 200), otherwise=403):
            if case.persona not in {"tm.cardiff", ANONYMOUS}:
                case.must_not_contain = [CHILD_SURNAME[CHILD], CHILD_SURNAME["cardiff_referred"]]
            yield case


@covers("casework:caseload-section")
def _caseload_sections(ctx: Context) -> Iterable[Case]:
    for section in ("unallocated", "overdue-tasks", "without-oversight"):
        for case in _each(f"/casework/caseload/{section}/", dict.fromkeys(MANAGERS, 200), otherwise=403):
            if case.persona not in {"tm.cardiff", ANONYMOUS}:
                case.must_not_contain = [CHILD_SURNAME[CHILD], CHILD_SURNAME["cardiff_referred"]]
            yield case


@covers("casework:allocation", "GET /api/v1/casework/allocations", "POST /api/v1/casework/allocations")
def _allocation(ctx: Context) -> Iterable[Case]:
    pk = ctx.child_pk[CHILD]
    yield from _each(
        f"/casework/of/children.child/{pk}/allocation/", _readers(), hidden=[CHILD_SURNAME[CHILD]]
    )
    yield from _each(f"/api/v1/casework/allocations?record_type=children.child&record_id={pk}", _readers())
    # Allocating to the worker who already holds the child is refused (400/422), so the cases change nothing.
    worker = ctx.account_pk[ALLOCATED]
    yield from _each(
        f"/casework/of/children.child/{pk}/allocation/",
        {"tm.cardiff": 400, "sw.cardiff": 403, "adm.cardiff": 403},
        method="POST",
        data={"worker": worker},
    )
    yield from _each(
        "/api/v1/casework/allocations",
        {"tm.cardiff": 422, "sw.cardiff": 403, "adm.cardiff": 403},
        method="POST",
        data={"record_type": "children.child", "record_id": pk, "worker_id": worker},
        json=True,
    )
    yield from _each(
        f"/casework/of/children.child/{ctx.child_pk['wrexham']}/allocation/", {"sw.wrexham": 200}
    )
    yield Case("tm.cardiff", "GET", f"/casework/of/nobody.nothing/{pk}/allocation/", 404)


@covers("casework:notes", "GET /api/v1/casework/notes")
def _notes(ctx: Context) -> Iterable[Case]:
    pk = ctx.child_pk[CHILD]
    shown = {p: [NOTE_TEXT] for p in READERS}
    shown["tm.cardiff"] = [NOTE_TEXT, SENSITIVE_TEXT]
    shown["sw.cardiff"] = [NOTE_TEXT, SENSITIVE_TEXT]
    for url in (
        f"/casework/of/children.child/{pk}/notes/",
        f"/api/v1/casework/notes?record_type=children.child&record_id={pk}",
    ):
        for case in _each(url, _readers(), hidden=[NOTE_TEXT, SENSITIVE_TEXT], shown=shown):
            if case.persona == "adm.cardiff":
                case.must_not_contain = [SENSITIVE_TEXT]
            yield case
    # A household's notes are its region's (or agency's) staff's; the child's note never shows there.
    household = ctx.records["household_vvc"]
    yield from _each(
        f"/casework/of/adopters.household/{household}/notes/",
        dict.fromkeys(VVC_STAFF, 200),
        hidden=[NOTE_TEXT],
    )
    yield from _each(
        f"/casework/of/adopters.household/{ctx.records['household_stdavids']}/notes/",
        {"assessor.stdavids": 200},
    )


@covers("casework:note-create", "POST /api/v1/casework/notes")
def _note_create(ctx: Context) -> Iterable[Case]:
    pk = ctx.child_pk[CHILD]
    yield from _each(f"/casework/of/children.child/{pk}/notes/new/", _readers())
    data = {"kind": "telephone", "contact_on": "2026-01-07", "text": "Matrix call", "sensitive": "no"}
    yield from _each(f"/casework/of/children.child/{pk}/notes/new/", _readers(302), method="POST", data=data)
    api = {
        "record_type": "children.child",
        "record_id": pk,
        "kind": "telephone",
        "contact_on": "2026-01-07",
        "text": "Matrix call",
    }
    yield from _each("/api/v1/casework/notes", _readers(201), method="POST", data=api, json=True)
    oversight = {**api, "kind": "management_oversight"}
    yield Case("sw.cardiff", "POST", "/api/v1/casework/notes", 422, data=oversight, json=True)
    yield Case("tm.cardiff", "POST", "/api/v1/casework/notes", 201, data=oversight, json=True)


@covers("casework:note-detail", "GET /api/v1/casework/notes/{pk}")
def _note_detail(ctx: Context) -> Iterable[Case]:
    note, sensitive = ctx.records["cw_note"], ctx.records["cw_sensitive"]
    for url in (f"/casework/notes/{note}/", f"/api/v1/casework/notes/{note}"):
        yield from _each(url, _readers(), hidden=[NOTE_TEXT], shown={p: [NOTE_TEXT] for p in READERS})
    for url in (f"/casework/notes/{sensitive}/", f"/api/v1/casework/notes/{sensitive}"):
        yield from _each(
            url,
            {"sw.cardiff": 200, "tm.cardiff": 200},
            hidden=[SENSITIVE_TEXT],
            shown={"sw.cardiff": [SENSITIVE_TEXT], "tm.cardiff": [SENSITIVE_TEXT]},
        )


@covers("casework:note-edit", "PATCH /api/v1/casework/notes/{pk}")
def _note_edit(ctx: Context) -> Iterable[Case]:
    note = ctx.records["cw_note"]
    yield from _each(
        f"/casework/notes/{note}/edit/", {"sw.cardiff": 200, "tm.cardiff": 403, "adm.cardiff": 403}
    )
    stale = {
        "version": 99,
        "contact_on": "2026-01-05",
        "text": NOTE_TEXT,
        "child_seen": True,
        "seen_alone": True,
    }
    yield from _each(
        f"/api/v1/casework/notes/{note}",
        {"sw.cardiff": 409, "tm.cardiff": 403, "adm.cardiff": 403},
        method="PATCH",
        data=stale,
        json=True,
    )
    page = {
        "contact_on": "05/01/2026",
        "text": NOTE_TEXT,
        "child_seen": "yes",
        "seen_alone": "yes",
        "sensitive": "no",
        "version": 99,
    }
    yield Case("sw.cardiff", "POST", f"/casework/notes/{note}/edit/", 409, data=page)


@covers("casework:note-addendum", "POST /api/v1/casework/notes/{pk}/addendum")
def _note_addendum(ctx: Context) -> Iterable[Case]:
    note, sensitive = ctx.records["cw_note"], ctx.records["cw_sensitive"]
    yield from _each(f"/casework/notes/{note}/addendum/", _readers(302), method="POST", data={"text": "More"})
    yield from _each(
        f"/api/v1/casework/notes/{note}/addendum",
        _readers(201),
        method="POST",
        data={"text": "More"},
        json=True,
    )
    yield from _each(
        f"/api/v1/casework/notes/{sensitive}/addendum",
        {"sw.cardiff": 201, "tm.cardiff": 201},
        method="POST",
        data={"text": "More"},
        json=True,
    )
    yield Case("sw.cardiff", "GET", f"/casework/notes/{note}/addendum/", 405)


@covers("casework:note-archive", "POST /api/v1/casework/notes/{pk}/archive")
def _note_archive(ctx: Context) -> Iterable[Case]:
    note = ctx.records["cw_note"]
    # Without a reason nothing is archived, so every case meets the note as it is.
    allowed = {"sw.cardiff": 302, "tm.cardiff": 302, "adm.cardiff": 403}
    yield from _each(f"/casework/notes/{note}/archive/", allowed, method="POST", data={"reason": ""})
    api = {"sw.cardiff": 422, "tm.cardiff": 422, "adm.cardiff": 403}
    yield from _each(
        f"/api/v1/casework/notes/{note}/archive", api, method="POST", data={"reason": ""}, json=True
    )


@covers("casework:my-tasks", "GET /api/v1/casework/tasks")
def _my_tasks(ctx: Context) -> Iterable[Case]:
    for url in ("/casework/my-tasks/", "/api/v1/casework/tasks"):
        for case in _each(url, _workers(), otherwise=403, shown={ALLOCATED: [TASK_TITLE]}):
            if case.persona not in (ALLOCATED, ANONYMOUS):
                case.must_not_contain = [TASK_TITLE]
            yield case


@covers("casework:task-create", "POST /api/v1/casework/tasks")
def _task_create(ctx: Context) -> Iterable[Case]:
    pk = ctx.child_pk[CHILD]
    yield from _each(f"/casework/of/children.child/{pk}/tasks/new/", _readers())
    api = {"record_type": "children.child", "record_id": pk, "title": "Matrix", "due_on": "2026-12-31"}
    # Given to nobody: refused (422) by those who may set tasks, so nothing is made.
    yield from _each("/api/v1/casework/tasks", _readers(422), method="POST", data=api, json=True)
    yield from _each(f"/casework/of/children.child/{pk}/tasks/new/", _readers(400), method="POST", data={})


@covers(
    "casework:task-detail",
    "GET /api/v1/casework/tasks/{pk}",
    "POST /api/v1/casework/tasks/{pk}/done",
    "POST /api/v1/casework/tasks/{pk}/cancel",
    "POST /api/v1/casework/tasks/{pk}/reassign",
)
def _task_detail(ctx: Context) -> Iterable[Case]:
    task = ctx.records["cw_task"]
    for url in (f"/casework/tasks/{task}/", f"/api/v1/casework/tasks/{task}"):
        yield from _each(url, _readers(), hidden=[TASK_TITLE])
    closers = {"sw.cardiff": 400, "tm.cardiff": 400, "adm.cardiff": 403}
    yield from _each(f"/casework/tasks/{task}/", closers, method="POST", data={"action": "close"})
    stale = {"sw.cardiff": 409, "tm.cardiff": 409, "adm.cardiff": 403}
    yield from _each(
        f"/api/v1/casework/tasks/{task}/done", stale, method="POST", data={"version": 99}, json=True
    )
    yield from _each(
        f"/api/v1/casework/tasks/{task}/cancel",
        {"sw.cardiff": 422, "tm.cardiff": 422, "adm.cardiff": 403},
        method="POST",
        data={"version": 1, "reason": ""},
        json=True,
    )
    yield from _each(
        f"/api/v1/casework/tasks/{task}/reassign",
        {"sw.cardiff": 422, "tm.cardiff": 422, "adm.cardiff": 403},
        method="POST",
        data={"version": 1, "reason": "", "assignee_id": ctx.account_pk["sw.cardiff"]},
        json=True,
    )


@covers("casework:chronology", "casework:chronology-pdf", "GET /api/v1/casework/chronology")
def _chronology(ctx: Context) -> Iterable[Case]:
    pk = ctx.child_pk[CHILD]
    shown = {p: [NOTE_TEXT] for p in READERS}
    for url in (
        f"/casework/of/children.child/{pk}/chronology/",
        f"/api/v1/casework/chronology?record_type=children.child&record_id={pk}",
    ):
        for case in _each(url, _readers(), hidden=[NOTE_TEXT, SENSITIVE_TEXT], shown=shown):
            if case.persona == "adm.cardiff":
                case.must_not_contain = [SENSITIVE_TEXT]
            yield case
    yield from _each(f"/casework/of/children.child/{pk}/chronology.pdf?language=cy", _readers())
    yield Case(
        "sw.cardiff",
        "GET",
        f"/api/v1/casework/chronology?record_type=children.child&record_id={pk}&kind=x",
        422,
    )
