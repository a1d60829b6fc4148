"""Pages for the child's journey. Each view parses input, calls one service
or selector through the access layer, and renders."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nas.access.lookup import audit_listed, get_for_user, require
from nas.audit.policies import may_see_trails
from nas.children import imports, selectors, services
from nas.children import jobs as import_jobs
from nas.children.forms import (
    CorrectionForm,
    EditChildForm,
    ImportForm,
    MilestoneForm,
    NewChildForm,
    ReasonForm,
    SiblingGroupForm,
)
from nas.children.journey import WAITING_FOR, MilestoneKind, Stage, allowed_next
from nas.children.models import Child
from nas.children.policies import children as policy
from nas.core import exports
from nas.core.confirm import confirm_adoption_order, confirmed
from nas.core.errors import add_errors
from nas.core.forms import SEARCH, keep_quiet
from nas.core.http import AuthenticatedRequest
from nas.core.paging import split_page
from nas.core.records import StaleRecordError
from nas.jobs.models import Job, JobStatus
from nas.jobs.policies import jobs as job_policy

RESTRICTED_SESSION_KEY = "nas_opened_restricted_children"


@require_GET
def child_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, policy, "list")
    stage = request.GET.get("stage", "")
    if stage not in Stage.values:
        stage = ""
    search = request.GET.get("q", "")[:100]
    sort = request.GET.get("sort", "name")
    children = selectors.child_list(user=request.user, stage=stage, search=search, sort=sort)
    identity = policy.can(request.user, "view_identity")
    fmt = exports.requested(request)
    if fmt:
        rows = [_export_row(child, identity) for child in children]
        return exports.respond(
            request,
            fmt=fmt,
            name=_("children"),
            header=EXPORT_HEADER if identity else EXPORT_HEADER_PROFILES,
            rows=rows,
            audited=[(policy, child.pk) for child in children],
            where="children:list",
        )
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    audit_listed(request.user, policy, page.object_list, where="children:list")
    return render(
        request,
        "children/list.html",
        {
            "page": page,
            "stage": stage,
            "search": search,
            "sort": sort,
            "query": request.GET.urlencode(),
            "stages": Stage.choices,
            "show_identity": policy.can(request.user, "view_identity"),
            "can_create": policy.can(request.user, "create"),
            "can_import": policy.can(request.user, "import"),
        },
    )


EXPORT_HEADER = [
    "case reference",
    "first names",
    "last name",
    "date of birth",
    "authority",
    "stage",
    "team",
    "social worker",
]
EXPORT_HEADER_PROFILES = ["profile", "authority", "stage"]


def _export_row(child: Child, identity: bool) -> list[object]:
    """What the list shows of a child, as this person may see it."""
    if not identity or child.is_restricted:
        return [child.pk, child.local_authority.name, child.get_stage_display()]
    return [
        child.case_reference,
        child.first_names,
        child.last_name,
        child.date_of_birth,
        child.local_authority.name,
        child.get_stage_display(),
        child.team.name if child.team else "",
        str(child.social_worker) if child.social_worker else "",
    ]


@require_http_methods(["GET", "POST"])
def child_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, policy, "create")
    authority = request.user.organisation
    form = NewChildForm(request.POST if request.method == "POST" else None, authority=authority)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        entered = data.pop("entered_care")
        try:
            child = services.child_create(
                actor=request.user, local_authority_id=authority.pk, entered_care=entered, **data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The child's record is created."))
            return redirect("children:detail", pk=child.pk)
    return render(request, "children/form.html", {"form": form, "title": _("Add a child")})


def _child(request: AuthenticatedRequest, pk: int, action: str = "view") -> Child:
    return get_for_user(
        request.user,
        policy,
        pk=pk,
        action=action,
        queryset=Child.objects.select_related("local_authority", "team", "social_worker", "sibling_group"),
    )


def _restricted_open(request: AuthenticatedRequest, child: Child) -> bool:
    return child.pk in request.session.get(RESTRICTED_SESSION_KEY, [])


@require_GET
def child_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _child(request, pk)
    if child.is_restricted and not _restricted_open(request, child):
        return render(
            request,
            "children/restricted.html",
            {
                "child": child,
                "can_open": policy.can(request.user, "open_restricted", child),
                "form": ReasonForm(),
            },
        )
    milestones = list(child.milestones.select_related("recorded_by").order_by("sequence"))
    recorded = {m.kind for m in milestones}
    next_kinds = [
        (kind, MilestoneKind(kind).label)
        for kind in allowed_next(child.stage, recorded)
        if policy.may_record(request.user, child, kind)
    ]
    today = timezone.localdate()
    deadlines = [
        {"deadline": d, "overdue": d.is_overdue(today), "open": d.is_open(today)}
        for d in selectors.child_deadlines(child)
    ]
    from nas.matching.selectors import family_finding_of

    return render(
        request,
        "children/detail.html",
        {
            "child": child,
            "milestones": milestones,
            "deadlines": deadlines,
            "next_kinds": next_kinds,
            "waiting_for": WAITING_FOR.get(Stage(child.stage)) if child.stage else None,
            "family_finding": family_finding_of(user=request.user, child=child),
            "can_see_trail": may_see_trails(request.user),
            "show_identity": policy.can(request.user, "view_identity", child),
            "can_edit": policy.can(request.user, "edit", child),
            "correctable": {k for k in recorded if policy.may_correct(request.user, child, k)},
            "can_archive": policy.can(request.user, "archive", child) and not child.is_archived,
            "siblings": child.sibling_group.children.exclude(pk=child.pk) if child.sibling_group else [],
            "post_adoption": getattr(child, "post_adoption_record", None) if child.is_restricted else None,
            "archive_form": ReasonForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def child_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _child(request, pk, "edit")
    form = EditChildForm(
        request.POST if request.method == "POST" else None,
        instance=child,
        authority=child.local_authority,
        initial={"version": child.version},
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}
        try:
            services.child_update(
                actor=request.user,
                child=child,
                expected_version=form.cleaned_data["version"],
                changes=changes,
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The child's record is updated."))
            return redirect("children:detail", pk=child.pk)
    return render(
        request,
        "children/form.html",
        {"form": form, "title": _("Change the child's details"), "child": child},
    )


@require_http_methods(["GET", "POST"])
def milestone_record(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    child = _child(request, pk)
    if kind not in MilestoneKind.values:
        raise Http404
    if not policy.may_record(request.user, child, kind):
        raise PermissionDenied
    form = MilestoneForm(
        request.POST if request.method == "POST" else None, kind=kind, initial={"version": child.version}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and kind == MilestoneKind.ADOPTION_ORDER
        and not confirmed(request)
    ):
        return confirm_adoption_order(
            request,
            caption=str(child),
            when=form.cleaned_data["date"],
            back_href=reverse("children:detail", args=[child.pk]),
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_record(
                actor=request.user,
                child=child,
                kind=kind,
                when=form.cleaned_data["date"],
                detail=form.detail(),
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("%(milestone)s is recorded.") % {"milestone": MilestoneKind(kind).label}
            )
            return redirect("children:detail", pk=child.pk)
    return render(
        request,
        "children/milestone_form.html",
        {"form": form, "child": child, "kind_label": MilestoneKind(kind).label},
    )


@require_http_methods(["GET", "POST"])
def milestone_correct(request: AuthenticatedRequest, pk: int, milestone_pk: int) -> HttpResponse:
    child = _child(request, pk)
    milestone = child.milestones.filter(pk=milestone_pk).first()
    if milestone is None:
        raise Http404
    if not policy.may_correct(request.user, child, milestone.kind):
        raise PermissionDenied
    form = CorrectionForm(
        request.POST if request.method == "POST" else None,
        initial={"date": milestone.date, "version": child.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_correct(
                actor=request.user,
                milestone=milestone,
                when=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        else:
            messages.success(request, _("The date is corrected. The old date is kept in the audit trail."))
            return redirect("children:detail", pk=child.pk)
    return render(
        request, "children/correct_form.html", {"form": form, "child": child, "milestone": milestone}
    )


@require_POST
def child_open_restricted(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _child(request, pk, "open_restricted")
    form = ReasonForm(request.POST)
    if form.is_valid():
        services.child_open_restricted(actor=request.user, child=child, reason=form.cleaned_data["reason"])
        opened = request.session.get(RESTRICTED_SESSION_KEY, [])
        request.session[RESTRICTED_SESSION_KEY] = [*opened, child.pk]
        return redirect("children:detail", pk=child.pk)
    return render(
        request, "children/restricted.html", {"child": child, "can_open": True, "form": form}, status=400
    )


@require_POST
def child_archive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _child(request, pk, "archive")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.child_archive(actor=request.user, child=child, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The child's record is archived. It is kept and can still be found."))
            return redirect("children:detail", pk=child.pk)
    messages.error(request, _("Enter the reason for archiving"))
    return redirect("children:detail", pk=child.pk)


@require_GET
def worklist(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, policy, "list")
    if not policy.can(request.user, "view_identity"):
        raise Http404
    teams = request.user.organisation.teams.all()
    team_id = request.GET.get("team")
    team = teams.filter(pk=team_id).first() if team_id and team_id.isdigit() else None
    entries = selectors.worklist(
        user=request.user, today=timezone.localdate(), team_id=team.pk if team else None
    )
    shown = split_page(
        entries, request, is_overdue=lambda e: e.overdue, overdue_total=sum(not k[0] for k in entries.keys)
    )
    audit_listed(request.user, policy, (e.child for e in shown.page), where="children:worklist")
    return render(request, "children/worklist.html", {"list": shown, "teams": teams, "team": team})


@require_http_methods(["GET", "POST"])
def child_import(request: AuthenticatedRequest) -> HttpResponse:
    """The files are kept and the task worker imports them (nas.children.jobs):
    the person follows its progress on the import's own page."""
    require(request.user, policy, "import")
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"mode": "all"},
    )
    if request.method == "POST" and form.is_valid():
        files = [(f.name or "upload", f.read()) for f in request.FILES.getlist("upload")]
        job = import_jobs.import_start(
            actor=request.user,
            files=files,
            partial=form.cleaned_data["mode"] == "partial",
            token=request.POST.get("idempotency_key", ""),
        )
        return redirect("children:import-result", pk=job.pk)
    return render(
        request,
        "children/import.html",
        {
            "form": form,
            "columns": imports.CHILDREN_COLUMNS,
            "tables": imports.SSDA903_TABLES,
            "idempotency_key": uuid.uuid4().hex,
        },
        status=400 if request.method == "POST" else 200,
    )


def _import_job(request: AuthenticatedRequest, pk: int) -> Job:
    require(request.user, policy, "import")
    job = import_jobs.imports_of(request.user.organisation_id).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


@require_GET
def child_import_result(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One import: its progress while the worker has it, then what it found."""
    job = _import_job(request, pk)
    found = job.result_data or {}
    return render(
        request,
        "children/import_result.html",
        {
            "job": job,
            "found": found,
            "files": [name for name, _stored in job.params.get("files", [])],
            "running": job.status in {JobStatus.QUEUED, JobStatus.RUNNING},
            "summary": _summary(found),
            "can_download": bool(job.result_name) and job_policy.can(request.user, "download", job),
        },
    )


@require_GET
def child_import_history(request: AuthenticatedRequest) -> HttpResponse:
    """The authority's imports: who, when, which files, what they did."""
    require(request.user, policy, "import")
    page = Paginator(import_jobs.imports_of(request.user.organisation_id), 50).get_page(
        request.GET.get("page")
    )
    rows = [
        (job, [name for name, _stored in job.params.get("files", [])], job.result_data or {}) for job in page
    ]
    return render(request, "children/import_history.html", {"page": page, "rows": rows})


def _summary(found: dict[str, Any]) -> str:
    if not found.get("written"):
        return ""
    if found.get("nothing_changed"):
        return _(
            "Nothing changed: these files were imported before. The %(unchanged)s children in them are "
            "already as the files say."
        ) % {"unchanged": found["unchanged"]}
    return _("Imported: %(created)s new children, %(updated)s updated, %(unchanged)s unchanged.") % found


#: The search box of the sibling group's search step.
SIBLING_SEARCH = "child-q"


def _record_id(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def sibling_group_create(request: AuthenticatedRequest) -> HttpResponse:
    """Make a sibling group without listing every child: search by name, date
    of birth or case reference, add the children one at a time (each shown
    with their reference, date of birth and authority), remove one if need be,
    then save. It works without JavaScript: every button posts the whole form,
    so the name typed and the children chosen are kept; a child outside the
    caller's scope is "not found"."""
    require(request.user, policy, "manage_siblings")
    data = request.POST.copy() if request.method == "POST" else None
    term = (data or request.GET).get(SIBLING_SEARCH, "").strip()[:100]
    chosen_ids = [_record_id(v) for v in data.getlist("children")] if data is not None else []
    if data is not None and "add" in data:
        chosen_ids.append(_record_id(data.get("add")))
    if data is not None and "remove" in data:
        removed = _record_id(data.get("remove"))
        chosen_ids = [pk for pk in chosen_ids if pk != removed]
    chosen_ids = list(dict.fromkeys(chosen_ids))
    draft = selectors.sibling_group_draft(user=request.user, chosen_ids=chosen_ids, term=term)
    if data is not None:
        data.setlist("children", [str(pk) for pk in chosen_ids])
    form = SiblingGroupForm(data, candidates=selectors.sibling_group_candidates(request.user))
    saving = data is not None and not {SEARCH, "add", "remove"} & set(data)
    if saving and form.is_valid():
        try:
            group = services.sibling_group_create(
                actor=request.user,
                local_authority_id=request.user.organisation_id,
                name=form.cleaned_data["name"],
                children=list(form.cleaned_data["children"]),
                placed_together=form.cleaned_data["placed_together"],
                reason_apart=form.cleaned_data["reason_apart"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The sibling group is saved."))
            first = group.children.first()
            return redirect("children:detail", pk=first.pk) if first else redirect("children:list")
    elif data is not None and not saving:
        keep_quiet(form)
    audit_listed(request.user, policy, [*draft.chosen, *draft.matches], where="children:sibling-group-create")
    return render(
        request,
        "children/sibling_group_form.html",
        {"form": form, "draft": draft, "term": term, "more": draft.total > len(draft.matches)},
    )
