"""Pages for a record's documents. Each view reaches the record through its
access policy (nas.documents.subjects), calls one service or selector, and
renders. Files are served only by `download`, never from a public URL."""

from __future__ import annotations

from pathlib import PurePath
from typing import IO, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nas.access.lookup import audit_listed, get_for_user
from nas.core import exports
from nas.core.errors import add_errors
from nas.core.http import AuthenticatedRequest
from nas.core.paging import page_of, query_without_page
from nas.core.records import StaleRecordError
from nas.documents import generated, life_story, restricted, selectors, services, subjects
from nas.documents.filetypes import TYPES
from nas.documents.forms import (
    ArchiveForm,
    DocumentFilterForm,
    LateLifeStoryForm,
    ReasonForm,
    UploadForm,
    VersionForm,
)
from nas.documents.models import Document, DocumentVersion
from nas.documents.policies import documents as policy


def as_upload(file: UploadedFile) -> services.Upload:
    return services.Upload(name=file.name or "", stream=cast(IO[bytes], file), size=file.size or 0)


EXPORT_HEADER = [
    "document",
    "kind",
    "date",
    "description",
    "versions",
    "current file",
    "type",
    "size (bytes)",
    "added by",
    "added at",
    "archived at",
    "archive reason",
]


@require_GET
def document_list(request: AuthenticatedRequest, record_type: str, record_id: int) -> HttpResponse:
    subject, record = subjects.resolve(request.user, record_type, record_id)
    filters = DocumentFilterForm(request.GET or None)
    chosen = filters.values()
    documents = list(
        selectors.documents_of(user=request.user, record_type=record_type, record_id=record.pk, **chosen)
    )
    fmt = exports.requested(request)
    if fmt:
        return exports.respond(
            request,
            fmt=fmt,
            name=_("documents"),
            header=EXPORT_HEADER,
            rows=[_export_row(d) for d in documents],
            audited=[(policy, d.pk) for d in documents],
            where=f"documents:list {record_type} {record.pk}",
        )
    audit_listed(request.user, policy, documents, where=f"documents:list {record_type} {record.pk}")
    return render(
        request,
        "documents/list.html",
        {
            "subject": subject,
            "record": record,
            "record_type": record_type,
            "record_name": subject.describe(record),
            "record_url": subject.url(record),
            "documents": documents,
            "filters": filters,
            "can_upload": subject.may_write(request.user, record),
            "query": request.GET.urlencode(),
        },
    )


def _export_row(document: Document) -> list[object]:
    versions = list(document.versions.all())
    current = versions[0] if versions else None
    return [
        document.pk,
        document.get_kind_display(),
        document.dated,
        document.description,
        len(versions),
        current.original_name if current else "",
        current.file_type if current else "",
        current.size if current else "",
        document.uploaded_by.get_full_name(),
        document.created_at,
        document.archived_at,
        document.archive_reason,
    ]


@require_http_methods(["GET", "POST"])
def document_upload(request: AuthenticatedRequest, record_type: str, record_id: int) -> HttpResponse:
    subject, record = subjects.resolve(request.user, record_type, record_id)
    if not subject.may_write(request.user, record):
        raise PermissionDenied
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_upload(
                actor=request.user,
                record_type=record_type,
                record=record,
                kind=form.cleaned_data["kind"],
                dated=form.cleaned_data["dated"],
                description=form.cleaned_data["description"],
                upload=as_upload(form.cleaned_data["file"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The document is uploaded."))
            return redirect("documents:detail", pk=document.pk)
    return render(
        request,
        "documents/upload.html",
        {"form": form, "record_name": subject.describe(record), "record_type": record_type, "record": record},
        status=400 if form.is_bound and form.errors else 200,
    )


def _document(request: AuthenticatedRequest, pk: int, action: str = "view") -> Document:
    return get_for_user(request.user, policy, pk=pk, action=action)


@require_GET
def document_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = selectors.document_detail(_document(request, pk))
    subject = subjects.get(document.record_type)
    record = policy.subject_record(request.user, document)
    if subject is None or record is None:
        raise Http404
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "versions": list(document.versions.all()),
            "record_name": subject.describe(record),
            "record_url": subject.url(record),
            "record_type": document.record_type,
            "record": record,
            "can_add_version": policy.can(request.user, "add_version", document),
            "can_archive": policy.can(request.user, "archive", document),
            "version_form": VersionForm(initial={"version": document.version}),
            "archive_form": ArchiveForm(),
            "types": TYPES,
        },
    )


@require_http_methods(["GET", "POST"])
def version_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, "add_version")
    form = VersionForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"version": document.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.document_add_version(
                actor=request.user,
                document=document,
                upload=as_upload(form.cleaned_data["file"]),
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Version %(number)s is uploaded.") % {"number": version.number})
            return redirect("documents:detail", pk=document.pk)
    return render(
        request,
        "documents/version_form.html",
        {"form": form, "document": document},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def document_archive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, "archive")
    form = ArchiveForm(request.POST)
    if form.is_valid():
        try:
            services.document_archive(
                actor=request.user, document=document, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The document is archived. It is kept and can still be found."))
    else:
        messages.error(request, _("Enter the reason for archiving"))
    return redirect("documents:detail", pk=document.pk)


@require_GET
def download(request: AuthenticatedRequest, pk: int, number: int) -> FileResponse:
    """The file of one version, for those who may read the document's record
    (or, for a restricted record, who opened it through the post-adoption
    record with a reason). Everyone else gets 404, whoever they are."""
    document = policy.scope(request.user).filter(pk=pk).first()
    disclosure = None
    reason = ""
    if document is None:
        candidate = Document.objects.filter(pk=pk).first()
        opened = restricted.reachable(request.user, request.session, candidate) if candidate else None
        if opened is None:
            raise Http404
        document = candidate
        disclosure = {"post_adoption_record": opened.reference, "basis": restricted.basis(request.user) or ""}
        reason = _("Restricted document, opened through the post-adoption record")
    version = (
        DocumentVersion.objects.select_related("document").filter(document=document, number=number).first()
    )
    if version is None:
        raise Http404
    handle = services.document_download(
        actor=request.user, version=version, reason=reason, disclosure=disclosure
    )
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(version), content_type=version.content_type
    )
    response["Cache-Control"] = "no-store"
    return response


def download_name(version: DocumentVersion) -> str:
    """The uploaded name, with the extension of what the file really is."""
    stem = PurePath(version.original_name).stem or "document"
    extension = TYPES[version.file_type].extension if version.file_type in TYPES else "bin"
    return f"{stem}.{extension}"


@require_http_methods(["GET", "POST"])
def post_adoption(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A restricted record's documents, through its post-adoption record."""
    record = restricted.records_for(request.user).select_related("child").filter(pk=pk).first()
    if record is None:
        raise Http404
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        restricted.record_open(
            actor=request.user, record=record, reason=form.cleaned_data["reason"], session=request.session
        )
        return redirect("documents:post-adoption", pk=record.pk)
    opened = restricted.opened(request.session, record)
    documents = (
        list(selectors._with_versions(restricted.documents_for(request.user, record))) if opened else []
    )
    if opened:
        audit_listed(request.user, policy, documents, where=f"documents:post-adoption {record.reference}")
    return render(
        request,
        "documents/post_adoption.html",
        {
            "record": record,
            "opened": opened,
            "documents": documents,
            "form": form,
            "basis": restricted.BASIS_LABELS.get(restricted.basis(request.user) or "", ""),
            "may_add_life_story": restricted.basis(request.user) == restricted.BASIS_AGENCY,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def post_adoption_life_story(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a life-story book or later-life letter given after the adoption
    order to the restricted record (services.life_story_late_upload)."""
    record = restricted.records_for(request.user).select_related("child").filter(pk=pk).first()
    if record is None:
        raise Http404
    if restricted.basis(request.user) != restricted.BASIS_AGENCY:
        raise PermissionDenied
    if not restricted.opened(request.session, record):
        # The reason for opening the record is given first, and recorded.
        return redirect("documents:post-adoption", pk=record.pk)
    form = LateLifeStoryForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.life_story_late_upload(
                actor=request.user,
                record=record,
                kind=form.cleaned_data["kind"],
                dated=form.cleaned_data["dated"],
                description=form.cleaned_data["description"],
                upload=as_upload(form.cleaned_data["file"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The document is added to the restricted record."))
            return redirect("documents:post-adoption", pk=record.pk)
    return render(
        request,
        "documents/post_adoption_life_story.html",
        {"form": form, "record": record},
        status=400 if form.is_bound and form.errors else 200,
    )


LIFE_STORY_HEADER = [
    "child",
    "case reference",
    "placed",
    "adoption order",
    "life-story book",
    "later-life letter",
    "status",
]


def _status(row: life_story.Row) -> str:
    if row.overdue:
        return _("Not given by the adoption order")
    if row.done:
        return _("Given")
    return _("Due by the adoption order")


@require_GET
def life_story_list(request: AuthenticatedRequest) -> HttpResponse:
    from nas.children.policies import children as child_policy

    if not child_policy.can(request.user, "view_identity"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    sort = request.GET.get("sort", "")
    rows = life_story.tracked(user=request.user, today=timezone.localdate(), status=status, sort=sort)
    fmt = exports.requested(request)
    if fmt:
        rows = list(rows)  # every child, read once
        return exports.respond(
            request,
            fmt=fmt,
            name=_("life-story work"),
            header=LIFE_STORY_HEADER,
            rows=[
                [
                    _life_story_name(r),
                    "" if r.restricted else r.child.case_reference,
                    r.placed_on,
                    r.order_on,
                    r.book_on,
                    r.letter_on,
                    _status(r),
                ]
                for r in rows
            ],
            audited=[(child_policy, r.child.pk) for r in rows if not r.restricted],
            where="documents:life-story",
        )
    page = page_of(rows, request)
    audit_listed(
        request.user, child_policy, [r.child for r in page if not r.restricted], where="documents:life-story"
    )
    return render(
        request,
        "documents/life_story.html",
        {
            "rows": [(r, _life_story_name(r), _status(r)) for r in page],
            "page": page,
            "total": len(rows),
            "page_query": query_without_page(request),
            "status": status,
            "sort": sort,
            "source": life_story.SOURCE,
            "query": request.GET.urlencode(),
        },
    )


def _life_story_name(row: life_story.Row) -> str:
    if row.restricted:
        record = getattr(row.child, "post_adoption_record", None)
        return _("Post-adoption record %(ref)s") % {"ref": record.reference if record else "–"}
    return str(row.child)


@require_GET
def generated_document(request: AuthenticatedRequest, template: str, pk: int) -> HttpResponse:
    """One of the service's standard documents as a PDF, opened in the browser."""
    language = request.GET.get("language") or translation.get_language() or "en"
    if language not in generated.LANGUAGES:
        language = "en"
    body, filename = generated.generate(user=request.user, key=template, pk=pk, language=language)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
