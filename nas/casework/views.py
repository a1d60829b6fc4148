"""Casework pages. Each view reaches the record through its own access policy
(nas.casework.records), calls one service or selector, and renders."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nas.access import scope as tiers
from nas.access.lookup import audit_listed, get_for_user
from nas.casework import chronology, policies, records, selectors, services, statutory
from nas.casework.forms import (
    AddendumForm,
    AllocationForm,
    ChronologyFilterForm,
    NoteEditForm,
    NoteForm,
    ReasonForm,
    TaskCloseForm,
    TaskForm,
    TaskReassignForm,
)
from nas.casework.models import CaseNote, NoteKind, Task, TaskStatus
from nas.core.errors import add_errors
from nas.core.http import AuthenticatedRequest
from nas.core.paging import page_of
from nas.core.records import StaleRecordError


def _record_context(case_record: records.CaseRecord, record: Any, record_type: str) -> dict[str, Any]:
    return {
        "case_record": case_record,
        "record": record,
        "record_type": record_type,
        "record_name": case_record.describe(record),
        "record_url": case_record.url(record),
    }


def _audit_record_read(user: Any, case_record: records.CaseRecord, record: Any, where: str) -> None:
    from nas.audit.models import AuditAction
    from nas.audit.services import audit_record

    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        record_type=case_record.audit_type,
        record_id=case_record.audit_id(record),
        detail={"listed_in": where},
    )


def _staff_only(user: Any) -> None:
    if tiers.is_national(user):
        raise PermissionDenied


# --- Allocation ------------------------------------------------------------------


@require_GET
def my_cases(request: AuthenticatedRequest) -> HttpResponse:
    _staff_only(request.user)
    rows = selectors.my_cases(user=request.user)
    records.audit_listed_rows(request.user, rows, "casework:my-cases")
    return render(
        request,
        "casework/my_cases.html",
        {"rows": rows, "counts": selectors.kind_counts(rows), "rules": statutory.RULES},
    )


@require_GET
def caseload(request: AuthenticatedRequest) -> HttpResponse:
    """The manager's summary: each worker's cases, and the most urgent few of
    each list with a link to the list's own page."""
    if not policies.is_manager(request.user):
        raise PermissionDenied
    load = selectors.caseload(user=request.user, shown=selectors.SUMMARY_SHOWN)
    records.audit_listed_rows(
        request.user,
        [*load.unallocated, *load.without_oversight, *load.statutory_overdue],
        "casework:caseload",
    )
    workers = page_of(load.workers, request)
    return render(
        request,
        "casework/caseload.html",
        {
            "load": load,
            "workers": workers,
            "today": timezone.localdate(),
            "oversight_months": settings.OVERSIGHT_MONTHS,
        },
    )


#: The heading of each list of the caseload (selectors.CASELOAD_SECTIONS).
CASELOAD_HEADINGS = {
    "unallocated": gettext_lazy("Unallocated work"),
    "overdue-tasks": gettext_lazy("Overdue tasks"),
    "statutory-overdue": gettext_lazy("Statutory visits and reviews overdue"),
    "without-oversight": gettext_lazy("Cases without management oversight"),
}


@require_GET
def caseload_section(request: AuthenticatedRequest, section: str) -> HttpResponse:
    """One list of the caseload on a page of its own, the most urgent first."""
    if not policies.is_manager(request.user):
        raise PermissionDenied
    if section not in selectors.CASELOAD_SECTIONS:
        raise Http404
    load = selectors.caseload(user=request.user, section=section)
    if section == "statutory-overdue" and not load.tracks_children:
        raise Http404
    records.audit_listed_rows(
        request.user,
        [*load.unallocated, *load.without_oversight, *load.statutory_overdue],
        f"casework:caseload {section}",
    )
    return render(
        request,
        "casework/caseload_section.html",
        {
            "load": load,
            "section": section,
            "heading": CASELOAD_HEADINGS[section],
            "today": timezone.localdate(),
            "oversight_months": settings.OVERSIGHT_MONTHS,
        },
    )


@require_http_methods(["GET", "POST"])
def allocation(request: AuthenticatedRequest, record_type: str, record_id: int) -> HttpResponse:
    case_record, record = records.resolve(
        request.user, record_type, record_id, allowed=records.ALLOCATED_TYPES
    )
    may_allocate = policies.may_allocate(request.user, case_record, record)
    form = None
    if may_allocate:
        assert case_record.owner_id is not None
        workers = selectors.holders(case_record=case_record, record=record)
        teams = selectors.teams_of(case_record.owner_id(record))
        form = AllocationForm(
            request.POST if request.method == "POST" else None, workers=workers, teams=teams
        )
        if request.method == "POST" and form.is_valid():
            chosen = {str(w.pk): w for w in workers}.get(form.cleaned_data["worker"])
            team = {str(t.pk): t for t in teams}.get(form.cleaned_data["team"] or "")
            try:
                services.allocation_set(
                    actor=request.user,
                    record_type=record_type,
                    record=record,
                    worker=chosen,
                    team=team,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The record is allocated."))
                return redirect("casework:allocation", record_type=record_type, record_id=record.pk)
    elif request.method == "POST":
        raise PermissionDenied
    _audit_record_read(request.user, case_record, record, "casework:allocation")
    return render(
        request,
        "casework/allocation.html",
        {
            **_record_context(case_record, record, record_type),
            "history": selectors.allocation_history(record_type=record_type, record_id=record.pk),
            "form": form,
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


# --- Notes -----------------------------------------------------------------------


def _note_kinds(user: Any) -> list[tuple[str, Any]]:
    return [(value, label) for value, label in NoteKind.choices if policies.notes.may_write_kind(user, value)]


@require_GET
def note_list(request: AuthenticatedRequest, record_type: str, record_id: int) -> HttpResponse:
    case_record, record = records.resolve(request.user, record_type, record_id, allowed=records.NOTE_TYPES)
    archived = request.GET.get("archived") == "on"
    kind = request.GET.get("kind", "")
    kind = kind if kind in NoteKind.values else ""
    notes = selectors.notes_of(
        user=request.user, record_type=record_type, record_id=record.pk, archived=archived, kind=kind
    )
    audit_listed(request.user, policies.notes, notes, where=f"casework:notes {record_type} {record.pk}")
    return render(
        request,
        "casework/notes.html",
        {
            **_record_context(case_record, record, record_type),
            "notes": notes,
            "kinds": NoteKind.choices,
            "kind": kind,
            "archived": archived,
            "can_write": policies.may_write_on(request.user, record),
        },
    )


@require_http_methods(["GET", "POST"])
def note_create(request: AuthenticatedRequest, record_type: str, record_id: int) -> HttpResponse:
    case_record, record = records.resolve(request.user, record_type, record_id, allowed=records.NOTE_TYPES)
    if not policies.may_write_on(request.user, record):
        raise PermissionDenied
    form = NoteForm(
        request.POST if request.method == "POST" else None,
        initial={"contact_on": timezone.localdate(), "sensitive": "no", "kind": request.GET.get("kind", "")},
        child=record_type == "children.child",
        kinds=_note_kinds(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            note = services.note_create(
                actor=request.user,
                record_type=record_type,
                record=record,
                kind=form.cleaned_data["kind"],
                **form.values(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The note is saved."))
            return redirect("casework:note-detail", pk=note.pk)
    return render(
        request,
        "casework/note_form.html",
        {**_record_context(case_record, record, record_type), "form": form, "editing": None},
        status=400 if form.is_bound and form.errors else 200,
    )


def _note(request: AuthenticatedRequest, pk: int, action: str = "view") -> CaseNote:
    return get_for_user(request.user, policies.notes, pk=pk, action=action)


def _note_record(user: Any, note: CaseNote) -> tuple[records.CaseRecord, Any]:
    return records.resolve(user, note.record_type, note.record_id, allowed=records.NOTE_TYPES)


@require_GET
def note_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    note = selectors.note_detail(_note(request, pk))
    case_record, record = _note_record(request.user, note)
    return render(
        request,
        "casework/note_detail.html",
        {
            **_record_context(case_record, record, note.record_type),
            "note": note,
            "addenda": [a for a in note.addenda.all() if not a.is_archived],
            "can_edit": policies.notes.can(request.user, "edit", note),
            "can_addendum": policies.notes.can(request.user, "addendum", note)
            and policies.may_write_on(request.user, record),
            "can_archive": policies.notes.can(request.user, "archive", note),
            "addendum_form": AddendumForm(),
            "archive_form": ReasonForm(),
        },
    )


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


@require_http_methods(["GET", "POST"])
def note_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    note = _note(request, pk, "edit")
    case_record, record = _note_record(request.user, note)
    initial = {
        "contact_on": note.contact_on,
        "participants": note.participants,
        "text": note.text,
        "child_seen": _yes_no(note.child_seen),
        "seen_alone": _yes_no(note.seen_alone),
        "sensitive": "yes" if note.sensitive else "no",
        "version": note.version,
    }
    form = NoteEditForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        child=note.record_type == "children.child",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.note_update(
                actor=request.user,
                note=note,
                expected_version=form.cleaned_data["version"] or note.version,
                **form.values(),
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
            return render(
                request,
                "casework/note_form.html",
                {**_record_context(case_record, record, note.record_type), "form": form, "editing": note},
                status=409,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The note is changed."))
            return redirect("casework:note-detail", pk=note.pk)
    return render(
        request,
        "casework/note_form.html",
        {**_record_context(case_record, record, note.record_type), "form": form, "editing": note},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def note_addendum(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    note = _note(request, pk, "addendum")
    __, record = _note_record(request.user, note)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.note_addendum(
                actor=request.user, note=note, text=form.cleaned_data["text"], record=record
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The addendum is saved."))
    else:
        messages.error(request, _("Enter the addendum"))
    return redirect("casework:note-detail", pk=note.pk)


@require_POST
def note_archive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    note = _note(request, pk, "archive")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.note_archive(actor=request.user, note=note, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The note is archived."))
    else:
        messages.error(request, _("Enter the reason for archiving"))
    return redirect("casework:note-detail", pk=note.pk)


# --- Tasks -----------------------------------------------------------------------


@require_GET
def my_tasks(request: AuthenticatedRequest) -> HttpResponse:
    _staff_only(request.user)
    tasks = selectors.my_tasks(user=request.user)
    named = records.describe_many(((t.record_type, t.record_id) for t in tasks), request.user)
    audit_listed(request.user, policies.tasks, tasks, where="casework:my-tasks")
    return render(
        request,
        "casework/my_tasks.html",
        {
            "rows": [(t, named.get((t.record_type, t.record_id))) for t in tasks],
            "today": timezone.localdate(),
        },
    )


def _task_choices(user: Any) -> tuple[list[Any], list[Any]]:
    return selectors.colleagues(user), selectors.teams_of(user.organisation_id)


@require_http_methods(["GET", "POST"])
def task_create(request: AuthenticatedRequest, record_type: str, record_id: int) -> HttpResponse:
    case_record, record = records.resolve(request.user, record_type, record_id, allowed=records.NOTE_TYPES)
    if not policies.may_write_on(request.user, record):
        raise PermissionDenied
    people, teams = _task_choices(request.user)
    form = TaskForm(request.POST if request.method == "POST" else None, people=people, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(
                actor=request.user,
                record_type=record_type,
                record=record,
                title=form.cleaned_data["title"],
                details=form.cleaned_data["details"],
                due_on=form.cleaned_data["due_on"],
                assignee={str(p.pk): p for p in people}.get(form.cleaned_data["assignee"] or ""),
                team={str(t.pk): t for t in teams}.get(form.cleaned_data["team"] or ""),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The task is set."))
            return redirect("casework:task-detail", pk=task.pk)
    return render(
        request,
        "casework/task_form.html",
        {**_record_context(case_record, record, record_type), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def task_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = get_for_user(request.user, policies.tasks, pk=pk)
    case_record, record = records.resolve(
        request.user, task.record_type, task.record_id, allowed=records.NOTE_TYPES
    )
    people, teams = _task_choices(request.user)
    close_form = TaskCloseForm(initial={"version": task.version})
    reassign_form = TaskReassignForm(
        initial={"version": task.version, "assignee": task.assignee_id or "", "team": task.team_id or ""},
        people=people,
        teams=teams,
    )
    status = 200
    if request.method == "POST":
        status, form = _task_action(request, task, people, teams)
        if status == 302:
            return redirect("casework:task-detail", pk=task.pk)
        if isinstance(form, TaskReassignForm):
            reassign_form = form
        else:
            close_form = form
    return render(
        request,
        "casework/task_detail.html",
        {
            **_record_context(case_record, record, task.record_type),
            "task": task,
            "today": timezone.localdate(),
            "can_close": policies.tasks.can(request.user, "complete", task),
            "close_form": close_form,
            "reassign_form": reassign_form,
        },
        status=status,
    )


def _task_action(
    request: AuthenticatedRequest, task: Task, people: list[Any], teams: list[Any]
) -> tuple[int, Any]:
    """Close or reassign the task: (status, the form as submitted)."""
    action = request.POST.get("action")
    if action not in {"close", "reassign"}:
        raise Http404
    if not policies.tasks.can(request.user, "complete", task):
        raise PermissionDenied
    form: Any
    if action == "reassign":
        form = TaskReassignForm(request.POST, people=people, teams=teams)
    else:
        form = TaskCloseForm(request.POST)
    if not form.is_valid():
        return 400, form
    version = form.cleaned_data["version"] or task.version
    try:
        if action == "reassign":
            services.task_reassign(
                actor=request.user,
                task=task,
                expected_version=version,
                assignee={str(p.pk): p for p in people}.get(form.cleaned_data["assignee"] or ""),
                team={str(t.pk): t for t in teams}.get(form.cleaned_data["team"] or ""),
                reason=form.cleaned_data["reason"],
            )
        elif form.cleaned_data["outcome"] == TaskStatus.DONE:
            services.task_complete(
                actor=request.user, task=task, expected_version=version, note=form.cleaned_data["reason"]
            )
        else:
            services.task_cancel(
                actor=request.user, task=task, expected_version=version, reason=form.cleaned_data["reason"]
            )
    except StaleRecordError:
        form.add_error(None, StaleRecordError.message)
        return 409, form
    except ValidationError as error:
        add_errors(form, error)
        return 400, form
    messages.success(request, _("The task is updated."))
    return 302, form


# --- Chronology ------------------------------------------------------------------


def _chronology_entries(
    request: AuthenticatedRequest, record_type: str, record_id: int
) -> tuple[records.CaseRecord, Any, ChronologyFilterForm, list[chronology.Entry]]:
    case_record, record = records.resolve(request.user, record_type, record_id, allowed=records.NOTE_TYPES)
    filters = ChronologyFilterForm(request.GET or None, kinds=list(chronology.EntryKind.choices))
    chosen: dict[str, Any] = {}
    if filters.is_valid():
        chosen = {k: v for k, v in filters.cleaned_data.items() if v}
    entries = chronology.chronology(user=request.user, record_type=record_type, record_id=record.pk, **chosen)
    return case_record, record, filters, entries


@require_GET
def chronology_page(request: AuthenticatedRequest, record_type: str, record_id: int) -> HttpResponse:
    case_record, record, filters, entries = _chronology_entries(request, record_type, record_id)
    _audit_record_read(request.user, case_record, record, "casework:chronology")
    chronology.audit_read(
        user=request.user, entries=entries, where=f"casework:chronology {record_type} {record.pk}"
    )
    return render(
        request,
        "casework/chronology.html",
        {
            **_record_context(case_record, record, record_type),
            "entries": entries,
            "filters": filters,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def chronology_pdf(request: AuthenticatedRequest, record_type: str, record_id: int) -> HttpResponse:
    from nas.audit.models import AuditAction
    from nas.audit.services import audit_record

    language = request.GET.get("language", "en")
    if language not in {"en", "cy"}:
        raise Http404
    with translation.override(language):
        case_record, record, filters, entries = _chronology_entries(request, record_type, record_id)
        body = chronology.pdf(
            record_name=case_record.describe(record),
            record_label=str(case_record.label),
            entries=entries,
            language=language,
        )
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        record_type=case_record.audit_type,
        record_id=case_record.audit_id(record),
        detail={
            "chronology": record_type,
            "record": record.pk,
            "entries": len(entries),
            "language": language,
        },
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chronology-{record.pk}-{language}.pdf"'
    return response
