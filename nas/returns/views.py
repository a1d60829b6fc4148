"""Pages of the SSDA903 return. Each view parses input, calls one selector
or service through the access layer, and renders."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nas.access.lookup import get_for_user
from nas.children.models import Child
from nas.children.policies import children as child_policy
from nas.core.http import AuthenticatedRequest
from nas.core.records import StaleRecordError
from nas.jobs.services import job_start
from nas.organisations.models import Organisation
from nas.returns import jobs, selectors, services
from nas.returns.forms import DetailsForm, YearForm
from nas.returns.policies import may_keep_details
from nas.returns.policies import ssda903 as policy
from nas.returns.ssda903 import TABLES, CollectionYear


def _authority(request: AuthenticatedRequest, code: str) -> Organisation:
    pk = Organisation.objects.filter(code=code, kind="local_authority").values_list("pk", flat=True).first()
    return get_for_user(request.user, policy, pk=pk, action="export")


@require_GET
def ssda903_index(request: AuthenticatedRequest) -> HttpResponse:
    """Straight to the person's own authority's return."""
    authority = policy.scope(request.user).first()
    if authority is None:
        raise Http404
    if not policy.can(request.user, "export", authority):
        raise PermissionDenied
    return redirect("returns:ssda903", code=authority.code)


@require_GET
def ssda903_page(request: AuthenticatedRequest, code: str) -> HttpResponse:
    authority = _authority(request, code)
    form = YearForm(request.GET or {"year": services.latest_complete_year()})
    result = None
    if form.is_valid():
        result = selectors.ssda903_summary(authority=authority, year=form.cleaned_data["year"])
    rows = result.children if result else []
    # The children's list pages, sorts and filters: a large authority's return has thousands.
    search = request.GET.get("q", "").strip()[:40]
    show = request.GET.get("show", "")
    shown = [r for r in rows if (show != "missing" or r[2]) and search.lower() in r[0].lower()]
    if request.GET.get("sort") == "missing":
        shown.sort(key=lambda r: (not r[2], r[0]))
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    # Only the children shown have their missing details named (in the person's language).
    children = [(reference, pk, [selectors.field_label(f) for f in fields]) for reference, pk, fields in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "returns/ssda903.html",
        {
            "authority": authority,
            "form": form,
            "result": result,
            "tables": TABLES,
            "children": children,
            "page": page,
            "total": len(rows),
            "missing": sum(1 for r in rows if r[2]),
            "search": search,
            "show": show,
            "sort": request.GET.get("sort", ""),
            "query": query.urlencode(),
            "in_progress": result is not None and result.year.year == services.current_collection_year(),
            "idempotency_key": uuid.uuid4().hex,
        },
        status=200 if form.is_valid() else 400,
    )


def _download(request: AuthenticatedRequest, code: str, year: int, table: str | None) -> HttpResponse:
    authority = _authority(request, code)
    try:
        export = services.ssda903_export(actor=request.user, authority=authority, year=year, table=table)
    except ValidationError:
        raise Http404 from None
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def ssda903_zip(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    """GET downloads the zip at once; the page POSTs, and the worker makes it
    (its progress and the file on the job's page)."""
    if request.method == "GET":
        return _download(request, code, year, None)
    authority = _authority(request, code)
    try:
        services.check_year(year)
    except ValidationError:
        raise Http404 from None
    job = job_start(
        actor=request.user,
        kind=jobs.EXPORT,
        params={"authority": authority.code, "year": year},
        idempotency_key=request.POST.get("idempotency_key"),
    )
    return redirect("jobs:detail", pk=job.pk)


@require_GET
def ssda903_table(request: AuthenticatedRequest, code: str, year: int, table: str) -> HttpResponse:
    if table not in TABLES:
        raise Http404
    return _download(request, code, year, table)


@require_http_methods(["GET", "POST"])
def ssda903_details(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = get_for_user(
        request.user, child_policy, pk=pk, queryset=Child.objects.select_related("local_authority")
    )
    if not may_keep_details(request.user, child):
        raise PermissionDenied
    details = selectors.details_of(child)
    form = DetailsForm(
        request.POST if request.method == "POST" else None,
        instance=details,
        initial={"version": details.version if details else 0},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.details_save(
                actor=request.user,
                child=child,
                values={k: v for k, v in form.cleaned_data.items() if k != "version"},
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("The SSDA903 details are saved."))
            return redirect("returns:ssda903-details", pk=child.pk)
    return render(
        request,
        "returns/details.html",
        {
            "child": child,
            "form": form,
            "year": CollectionYear(services.latest_complete_year()),
            "exporter": policy.can(request.user, "export", child.local_authority),
        },
        status=400 if request.method == "POST" else 200,
    )
