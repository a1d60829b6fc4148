from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from nas.access.lookup import get_for_user
from nas.core.http import AuthenticatedRequest
from nas.privacy import retention
from nas.privacy.forms import ExportForm, FindSubjectForm
from nas.privacy.policies import may_include_third_party_notes, may_see_retention
from nas.privacy.services import subject_access_export
from nas.privacy.subjects import KINDS, collect


@require_GET
def subject_access_start(request: AuthenticatedRequest) -> HttpResponse:
    form = FindSubjectForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect(
            "privacy:subject-access-detail", kind=form.cleaned_data["kind"], pk=form.cleaned_data["record"]
        )
    return render(request, "privacy/subject_access_start.html", {"form": form})


@require_http_methods(["GET", "POST"])
def subject_access_detail(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    subject = KINDS.get(kind)
    if subject is None:
        raise Http404
    record = get_for_user(request.user, subject.policy, pk=pk, action=subject.action)
    may_include = may_include_third_party_notes(request.user)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        third_party = form.cleaned_data["third_party"]
        if third_party and not may_include:
            raise PermissionDenied
        body, content_type, name = subject_access_export(
            actor=request.user,
            kind=subject,
            record=record,
            third_party=third_party,
            file_format=form.cleaned_data["file_format"],
        )
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if not may_include:
        del form.fields["third_party"]
    sections, withheld = collect(subject, record, third_party=False)
    return render(
        request,
        "privacy/subject_access_detail.html",
        {"subject": subject, "record": record, "sections": sections, "withheld": withheld, "form": form},
    )


@require_GET
def retention_page(request: AuthenticatedRequest) -> HttpResponse:
    if not may_see_retention(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "privacy/retention.html",
        {"report": retention.report(user=request.user, today=today), "today": today},
    )
