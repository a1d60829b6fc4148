"""The data-protection API: a person's subject access export (JSON) and the
retention rules with what is due for review."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema

from nas.access.lookup import get_for_user
from nas.privacy import retention
from nas.privacy.policies import may_see_retention
from nas.privacy.services import subject_access_export
from nas.privacy.subjects import KINDS

router = Router(tags=["data protection"])


class RuleOut(Schema):
    code: str
    name: str
    applies_to: str
    years: int
    counted_from: str
    source: str
    held: int
    due: int
    due_within_a_year: int
    next_review: date | None
    due_references: list[str]


@router.get(
    "/subject-access/{kind}/{pk}",
    summary="A person's subject access export (machine-readable); audited",
    response={200: Any},
)
def subject_access(request: HttpRequest, kind: str, pk: int, third_party: bool = False) -> HttpResponse:
    subject = KINDS.get(kind)
    if subject is None:
        raise Http404
    record = get_for_user(request.user, subject.policy, pk=pk, action=subject.action)
    body, content_type, _name = subject_access_export(
        actor=request.user, kind=subject, record=record, third_party=third_party, file_format="json"
    )
    return HttpResponse(body, content_type=content_type)


@router.get("/retention", response=list[RuleOut], summary="Retention rules and the records due for review")
def retention_report(request: HttpRequest) -> list[dict[str, Any]]:
    if not may_see_retention(request.user):
        raise PermissionDenied
    return [
        {
            "code": r.rule.code,
            "name": str(r.rule.name),
            "applies_to": str(r.rule.applies_to),
            "years": r.rule.years,
            "counted_from": str(r.rule.counted_from),
            "source": str(r.rule.source),
            "held": r.held,
            "due": r.due,
            "due_within_a_year": r.due_within_a_year,
            "next_review": r.next_review,
            "due_references": r.due_references,
        }
        for r in retention.report(user=request.user, today=timezone.localdate())
    ]
