"""Writes of documents: each checks the file, scans it, stores it under a
generated name, and records the document with its own audit entry, in one
transaction. A file refused for any reason leaves nothing behind."""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_record, audit_records
from nas.core.records import StaleRecordError, record_archive
from nas.documents import filetypes, life_story, restricted, scanning, subjects
from nas.documents.models import Document, DocumentKind, DocumentVersion

RECORD_TYPE = "documents.document"
MAX_NAME = 200


@dataclass(frozen=True)
class Upload:
    """A file as it arrived: the name it was given and its content (a seekable stream)."""

    name: str
    stream: IO[bytes]
    size: int


def storage() -> Storage:
    return storages["documents"]


def _clean_name(name: str) -> str:
    """The uploaded name, only to offer it back: never a path."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise ValidationError({"file": _("The file has no name. Rename it and upload it again.")})
    if "/" in name or "\\" in name or ".." in name or any(not ch.isprintable() for ch in name):
        raise ValidationError(
            {
                "file": _(
                    "The file name must not contain folders, '..' or hidden characters. "
                    "Rename it and try again."
                )
            }
        )
    if len(name) > MAX_NAME:
        raise ValidationError(
            {"file": _("The file name must be %(max)s characters or fewer.") % {"max": MAX_NAME}}
        )
    return name


def check_file(upload: Upload) -> tuple[str, filetypes.FileType, str]:
    """(clean name, type read from the content, scanner used), or a
    ValidationError saying what is wrong with the file."""
    name = _clean_name(upload.name)
    if upload.size == 0:
        raise ValidationError({"file": _("The selected file is empty.")})
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The file must be smaller than %(limit)s.") % {"limit": filesizeformat(limit)}}
        )
    found = filetypes.sniff(upload.stream)
    if found is None:
        raise ValidationError(
            {
                "file": _(
                    "The file must be a PDF, a Word document or an image (PNG, JPEG or TIFF). Its "
                    "content is not one of those, whatever its name says."
                )
            }
        )
    scanner = scanning.current_scanner()
    result = scanner.scan(upload.stream)
    if result.failed:
        raise ValidationError(
            {
                "file": _(
                    "The file could not be checked for viruses, so it has not been kept. Try again later."
                )
            }
        )
    if not result.clean:
        raise ValidationError(
            {
                "file": _("The virus checker found %(finding)s in the file, so it has not been kept.")
                % {"finding": result.finding or _("a threat")}
            }
        )
    return name, found, scanner.name


def _store(upload: Upload) -> tuple[str, str]:
    """Save the content under a generated name; (storage name, SHA-256)."""
    digest = hashlib.sha256()
    upload.stream.seek(0)
    while chunk := upload.stream.read(64 * 1024):
        digest.update(chunk)
    upload.stream.seek(0)
    today = timezone.localdate()
    generated = f"{today:%Y/%m}/{uuid.uuid4().hex}"
    stored = storage().save(generated, File(upload.stream))
    return stored, digest.hexdigest()


def _add_version(
    *, actor: Any, document: Document, upload: Upload, number: int, stored: list[str]
) -> DocumentVersion:
    version = _version(
        document=document, number=number, upload=upload, checked=check_file(upload), stored=stored
    )
    version.uploaded_by = actor
    version.save()
    return version


def _version(
    *,
    document: Document,
    number: int,
    upload: Upload,
    checked: tuple[str, filetypes.FileType, str],
    stored: list[str],
) -> DocumentVersion:
    """A version of the document (not yet saved), its file stored under a
    generated name; `checked` is what check_file found of the upload."""
    name, found, scanner_name = checked
    storage_name, sha256 = _store(upload)
    stored.append(storage_name)
    return DocumentVersion(
        document=document,
        number=number,
        storage_name=storage_name,
        original_name=name,
        file_type=found.key,
        content_type=found.content_type,
        size=upload.size,
        sha256=sha256,
        scanned_by=scanner_name,
        uploaded_by_id=document.uploaded_by_id,
    )


class _TakeBackOnFailure:
    """A file is not a record until its row commits: if the transaction
    fails after the file was saved, the file is taken back."""

    def __init__(self) -> None:
        self.stored: list[str] = []

    def __enter__(self) -> list[str]:
        return self.stored

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is not None:
            for name in self.stored:
                storage().delete(name)


def document_upload(
    *,
    actor: Any,
    record_type: str,
    record: Any,
    kind: str,
    dated: date,
    description: str,
    upload: Upload,
) -> Document:
    """A new document (version 1) on a record this person may change."""
    subject = subjects.get(record_type)
    if subject is None or not subject.may_write(actor, record):
        raise ValidationError(_("You cannot add documents to this record."))
    return _create(
        actor=actor,
        subject=subject,
        record_type=record_type,
        record_id=record.pk,
        kind=kind,
        dated=dated,
        description=description,
        upload=upload,
    )


def life_story_late_upload(
    *,
    actor: Any,
    record: Any,
    kind: str,
    dated: date,
    description: str,
    upload: Upload,
) -> Document:
    """A life-story book or later-life letter given after the adoption order,
    kept on the restricted child's record through its post-adoption record.

    Only the owning authority's team managers and agency decision makers, on
    the agency's own functions (Access to Information (Post-Commencement
    Adoptions) (Wales) Regulations 2005, SI 2005/2689 (W.189), reg. 7(1);
    nas.documents.restricted), and only these two kinds: the record itself
    stays closed to every other change."""
    if restricted.basis(actor) != restricted.BASIS_AGENCY or not (
        restricted.records_for(actor).filter(pk=record.pk).exists()
    ):
        raise ValidationError(_("You cannot add documents to this record."))
    if kind not in life_story.LATE_KINDS:
        raise ValidationError(
            {"kind": _("After the adoption order only a life-story book or a later-life letter can be added")}
        )
    return _create(
        actor=actor,
        subject=subjects.get("children.child"),
        record_type="children.child",
        record_id=record.child_id,
        kind=kind,
        dated=dated,
        description=description,
        upload=upload,
    )


def _create(
    *,
    actor: Any,
    subject: Any,
    record_type: str,
    record_id: int,
    kind: str,
    dated: date,
    description: str,
    upload: Upload,
) -> Document:
    _check(kind, dated)
    with _TakeBackOnFailure() as stored, transaction.atomic():
        document = Document.objects.create(
            record_type=record_type,
            record_id=record_id,
            kind=kind,
            dated=dated,
            description=description.strip(),
            uploaded_by=actor,
            versions_count=1,
        )
        version = _add_version(actor=actor, document=document, upload=upload, number=1, stored=stored)
        _audit_upload(actor=actor, document=document, version=version, subject=subject, created=True)
    return document


def document_add_version(
    *, actor: Any, document: Document, upload: Upload, expected_version: int
) -> DocumentVersion:
    """A new version of the document (the old ones are kept). Refused as
    stale if someone else added a version since this person opened it."""
    subject = subjects.get(document.record_type)
    if document.is_archived:
        raise ValidationError(_("This document is archived: add a new document instead."))
    with _TakeBackOnFailure() as stored, transaction.atomic():
        updated = Document.objects.filter(pk=document.pk, version=expected_version).update(
            versions_count=F("versions_count") + 1, version=F("version") + 1, updated_at=timezone.now()
        )
        if updated != 1:
            raise StaleRecordError
        document.refresh_from_db(fields=["versions_count", "version", "updated_at"])
        version = _add_version(
            actor=actor, document=document, upload=upload, number=document.versions_count, stored=stored
        )
        _audit_upload(actor=actor, document=document, version=version, subject=subject, created=False)
    return version


def _check(kind: str, dated: date) -> None:
    """A document's kind is one of the list and its date is not in the future."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose what kind of document this is")})
    if dated > timezone.localdate():
        raise ValidationError({"dated": _("The date of the document must be today or in the past")})


@dataclass(frozen=True)
class BulkDocument:
    """One document of a bulk load (documents_bulk_add)."""

    record_type: str
    record_id: int
    kind: str
    dated: date
    uploaded_by_id: int
    description: str = ""


def documents_bulk_add(*, actor: Any, entries: list[BulkDocument], upload: Upload, audit: bool = True) -> int:
    """The bulk form of document_upload, for a load of many documents that
    share one content (the synthetic dataset's life-story work): the file
    is checked once (name, type read from the content, virus check), as
    document_upload checks each; every document is version 1 with its own
    copy stored under its own generated name; one audit entry per document
    unless the load keeps its own (the generator's run writes one entry for
    everything it makes). How many were added."""
    if not entries:
        return 0
    for entry in entries:
        _check(entry.kind, entry.dated)
    checked = check_file(upload)
    with _TakeBackOnFailure() as stored, transaction.atomic():
        documents = Document.objects.bulk_create(
            Document(
                record_type=entry.record_type,
                record_id=entry.record_id,
                kind=entry.kind,
                dated=entry.dated,
                description=entry.description.strip(),
                uploaded_by_id=entry.uploaded_by_id,
                versions_count=1,
            )
            for entry in entries
        )
        versions = [
            _version(document=document, number=1, upload=upload, checked=checked, stored=stored)
            for document in documents
        ]
        DocumentVersion.objects.bulk_create(versions)
        if audit:
            audit_records(
                actor=actor,
                action=AuditAction.CREATE,
                record_type=RECORD_TYPE,
                entries=[
                    (
                        d.pk,
                        {
                            "kind": d.kind,
                            "version": 1,
                            "record_type": d.record_type,
                            "record_id": d.record_id,
                        },
                    )
                    for d in documents
                ],
            )
    return len(documents)


def _audit_upload(
    *, actor: Any, document: Document, version: DocumentVersion, subject: Any, created: bool
) -> None:
    detail = {
        "kind": document.kind,
        "version": version.number,
        "file_type": version.file_type,
        "size": version.size,
        "sha256": version.sha256,
        "record_type": document.record_type,
        "record_id": document.record_id,
    }
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        record_type=RECORD_TYPE,
        record_id=document.pk,
        detail=detail,
    )
    if subject is not None and subject.audit_type:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=subject.audit_type,
            record_id=_audit_id(document),
            detail={"document_added": document.pk, "version": version.number, "kind": document.kind},
        )


def _audit_id(document: Document) -> object:
    """The id the record's trail is kept under (a member's is the household's)."""
    if document.record_type == "adopters.member":
        from nas.adopters.models import HouseholdMember

        return HouseholdMember.objects.values_list("household_id", flat=True).get(pk=document.record_id)
    return document.record_id


def document_archive(*, actor: Any, document: Document, reason: str) -> None:
    """Archive a document with the reason: it leaves the record's list of
    current documents and is kept, with every version."""
    record_archive(actor=actor, record=document, record_type=RECORD_TYPE, reason=reason)


def document_download(
    *, actor: Any, version: DocumentVersion, reason: str = "", disclosure: dict[str, Any] | None = None
) -> IO[bytes]:
    """Open a version's file for this person, recording the download on the
    document's trail and on its record's."""
    document = version.document
    detail: dict[str, Any] = {"download": version.number, "sha256": version.sha256}
    if disclosure:
        detail.update(disclosure)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            record_type=RECORD_TYPE,
            record_id=document.pk,
            detail=detail,
            reason=reason,
        )
        subject = subjects.get(document.record_type)
        if subject is not None and subject.audit_type:
            audit_record(
                actor=actor,
                action=AuditAction.EXPORT,
                record_type=subject.audit_type,
                record_id=_audit_id(document),
                detail={"document": document.pk, **detail},
                reason=reason,
            )
    return storage().open(version.storage_name, "rb")
