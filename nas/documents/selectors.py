"""Reads of documents."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from nas.documents.forms import SORTS
from nas.documents.models import Document, DocumentVersion
from nas.documents.policies import documents as policy


def _with_versions(qs: QuerySet[Document]) -> QuerySet[Document]:
    return qs.select_related("uploaded_by", "archived_by").prefetch_related(
        Prefetch(
            "versions", queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
        )
    )


def documents_of(
    *,
    user: Any,
    record_type: str,
    record_id: int,
    kind: str = "",
    archived: bool = False,
    sort: str = "-dated",
) -> QuerySet[Document]:
    """The documents of one record (reached through subjects.resolve first)."""
    qs = policy.scope(user).filter(record_type=record_type, record_id=record_id)
    if kind:
        qs = qs.filter(kind=kind)
    if not archived:
        qs = qs.filter(archived_at__isnull=True)
    return _with_versions(qs).order_by(*SORTS.get(sort, SORTS["-dated"]))


def document_detail(document: Document) -> Document:
    return _with_versions(Document.objects.filter(pk=document.pk)).get()


def counts_by_record(user: Any, record_type: str, record_ids: list[int]) -> dict[int, int]:
    from django.db.models import Count

    rows = (
        policy.scope(user)
        .filter(record_type=record_type, record_id__in=record_ids, archived_at__isnull=True)
        .values("record_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["record_id"]: row["n"] for row in rows}
