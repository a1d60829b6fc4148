"""Documents in the JSON API: the same services, checks and access layer as
the pages. Uploads are multipart forms; a file is served only by
`/documents/{id}/versions/{number}/content`, asked of the record's policy
and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from nas.access.lookup import audit_listed, get_for_user
from nas.contract.errors import ErrorsOut
from nas.documents import generated, life_story, selectors, services, subjects
from nas.documents.models import Document, DocumentKind, DocumentVersion
from nas.documents.policies import documents as policy
from nas.documents.views import as_upload, download_name

router = Router(tags=["documents"])


class VersionOut(Schema):
    number: int
    file_name: str
    file_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: dt.datetime


class DocumentOut(Schema):
    id: int
    record_type: str
    record_id: int
    kind: str
    dated: dt.date
    description: str
    archived_at: dt.datetime | None
    archive_reason: str
    version: int
    versions: list[VersionOut]


class ArchiveIn(Schema):
    reason: str


class LifeStoryOut(Schema):
    child: int | None
    post_adoption_record: str
    placed_on: dt.date | None
    adoption_order: dt.date | None
    life_story_book: dt.date | None
    later_life_letter: dt.date | None
    overdue: bool


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _out(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "record_type": document.record_type,
        "record_id": document.record_id,
        "kind": document.kind,
        "dated": document.dated,
        "description": document.description,
        "archived_at": document.archived_at,
        "archive_reason": document.archive_reason,
        "version": document.version,
        "versions": [
            {
                "number": v.number,
                "file_name": v.original_name,
                "file_type": v.file_type,
                "size": v.size,
                "sha256": v.sha256,
                "uploaded_by": v.uploaded_by.username,
                "uploaded_at": v.uploaded_at,
            }
            for v in document.versions.all()
        ],
    }


@router.get("", response=list[DocumentOut], summary="The documents of one record")
def document_list(request: HttpRequest, record_type: str, record_id: int, archived: bool = False) -> Any:
    user = _user(request)
    subjects.resolve(user, record_type, record_id)
    documents = list(
        selectors.documents_of(user=user, record_type=record_type, record_id=record_id, archived=archived)
    )
    audit_listed(user, policy, documents, where=f"api documents {record_type} {record_id}")
    return [_out(d) for d in documents]


@router.post("", response={201: DocumentOut, 422: ErrorsOut}, summary="Upload a document to a record")
def document_upload(
    request: HttpRequest,
    record_type: Form[str],
    record_id: Form[int],
    kind: Form[str],
    dated: Form[dt.date],
    file: File[UploadedFile],
    description: Form[str] = "",
) -> Any:
    user = _user(request)
    subject, record = subjects.resolve(user, record_type, record_id)
    if not subject.may_write(user, record):
        raise PermissionDenied
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose what kind of document this is")})
    document = services.document_upload(
        actor=user,
        record_type=record_type,
        record=record,
        kind=kind,
        dated=dated,
        description=description,
        upload=as_upload(file),
    )
    return Status(201, _out(selectors.document_detail(document)))


@router.get(
    "/life-story", response=list[LifeStoryOut], summary="Life-story work of the placed children in scope"
)
def life_story_list(request: HttpRequest) -> Any:
    from nas.children.policies import children as child_policy

    user = _user(request)
    if not child_policy.can(user, "view_identity"):
        raise PermissionDenied
    rows = list(life_story.tracked(user=user, today=timezone.localdate()))  # every child, read once
    audit_listed(
        user, child_policy, [r.child for r in rows if not r.restricted], where="api documents life-story"
    )
    return [
        {
            "child": None if r.restricted else r.child.pk,
            "post_adoption_record": getattr(getattr(r.child, "post_adoption_record", None), "reference", ""),
            "placed_on": r.placed_on,
            "adoption_order": r.order_on,
            "life_story_book": r.book_on,
            "later_life_letter": r.letter_on,
            "overdue": r.overdue,
        }
        for r in rows
    ]


@router.get(
    "/generated/{template}/{pk}",
    response={200: None},
    summary="One of the service's standard documents as PDF (language=en or cy)",
)
def generated_document(request: HttpRequest, template: str, pk: int, language: str = "en") -> HttpResponse:
    body, filename = generated.generate(user=_user(request), key=template, pk=pk, language=language)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _document(request: HttpRequest, pk: int, action: str = "view") -> Document:
    return get_for_user(_user(request), policy, pk=pk, action=action)


@router.get("/{pk}", response=DocumentOut, summary="A document and its versions")
def document_detail(request: HttpRequest, pk: int) -> Any:
    return _out(selectors.document_detail(_document(request, pk)))


@router.post(
    "/{pk}/versions",
    response={201: DocumentOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Upload a new version (send the document's version you read)",
)
def version_create(request: HttpRequest, pk: int, version: Form[int], file: File[UploadedFile]) -> Any:
    document = _document(request, pk, "add_version")
    services.document_add_version(
        actor=_user(request), document=document, upload=as_upload(file), expected_version=version
    )
    return Status(201, _out(selectors.document_detail(document)))


@router.post(
    "/{pk}/archive", response={200: DocumentOut, 422: ErrorsOut}, summary="Archive a document with the reason"
)
def document_archive(request: HttpRequest, pk: int, payload: ArchiveIn) -> Any:
    document = _document(request, pk, "archive")
    services.document_archive(actor=_user(request), document=document, reason=payload.reason)
    return _out(selectors.document_detail(document))


@router.get("/{pk}/versions/{number}/content", response={200: None}, summary="The file of one version")
def version_content(request: HttpRequest, pk: int, number: int) -> FileResponse:
    document = _document(request, pk)
    version = (
        DocumentVersion.objects.select_related("document").filter(document=document, number=number).first()
    )
    if version is None:
        raise Http404
    handle = services.document_download(actor=_user(request), version=version)
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(version), content_type=version.content_type
    )
    response["Cache-Control"] = "no-store"
    return response
