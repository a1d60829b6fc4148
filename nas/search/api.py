"""The search in the JSON API: the same providers, scope and audit as the page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema

from nas.search.context_processors import available
from nas.search.services import search

router = Router(tags=["search"])


class HitOut(Schema):
    id: int
    title: str
    detail: str
    tag: str
    href: str


class SectionOut(Schema):
    kind: str
    label: str
    hits: list[HitOut]
    more: bool


@router.get("", response=list[SectionOut], summary="Search the records in the caller's scope")
def search_records(request: HttpRequest, q: str) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not available(user):
        raise PermissionDenied
    _query, sections = search(user=user, text=q[:100], where="api search")
    return [
        {
            "kind": s.key,
            "label": str(s.label),
            "more": s.more,
            "hits": [
                {"id": h.pk, "title": h.title, "detail": h.detail, "tag": h.tag, "href": h.href}
                for h in s.hits
            ],
        }
        for s in sections
    ]
