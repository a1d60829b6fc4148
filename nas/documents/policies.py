"""Who may see and do what with documents: exactly what the document's
record allows (nas.documents.subjects asks the record's own policy).

- Reading a document (its details, its versions, a download) is reading
  its record: whoever may read the record's documents, and nobody else
  (404 outside scope, as for the record itself).
- Adding a document or a version, and archiving one with the reason, is a
  change to the record: whoever may change the record.
- A restricted (adopted) child's documents are outside this scope; they are
  reached through the post-adoption record (nas.documents.restricted).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from nas.access.policies import Policy, register
from nas.documents import subjects
from nas.documents.models import Document


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


class DocumentPolicy(Policy[Document]):
    model = Document
    record_type = "documents.document"
    audited_reads = True

    def scope(self, user: Any) -> models.QuerySet[Document]:
        if not _signed_in(user):
            return Document.objects.none()
        return Document.objects.filter(subjects.readable_q(user))

    def subject_record(self, user: Any, document: Document) -> Any | None:
        subject = subjects.get(document.record_type)
        if subject is None:
            return None
        return subject.readable(user).filter(pk=document.record_id).first()

    def can(self, user: Any, action: str, record: Document | None = None) -> bool:
        if not _signed_in(user):
            return False
        if action == "view":
            return record is None or self.scope(user).filter(pk=record.pk).exists()
        if action in {"add_version", "archive"} and record is not None and not record.is_archived:
            subject = subjects.get(record.record_type)
            target = self.subject_record(user, record)
            return subject is not None and target is not None and subject.may_write(user, target)
        return False

    def label(self, record: Document) -> str:
        return str(record)


documents = register(DocumentPolicy())
