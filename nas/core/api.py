from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from nas.core.worklist import worklist_for

router = Router(tags=["me"])


class WorkItemOut(Schema):
    title: str
    href: str
    due: date | None
    overdue: bool
    detail: str


class WorkSectionOut(Schema):
    key: str
    title: str
    items: list[WorkItemOut]


class MeOut(Schema):
    username: str
    full_name: str
    organisation: str
    organisation_kind: str
    roles: list[str]
    work: list[WorkSectionOut]


@router.get(
    "/me", response=MeOut, summary="The caller, their organisation, roles and the work waiting for them"
)
def me(request: HttpRequest) -> MeOut:
    user = request.auth  # type: ignore[attr-defined]
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),
        organisation=user.organisation.code,
        organisation_kind=user.organisation.kind,
        roles=sorted(user.role_set),
        work=[
            WorkSectionOut(
                key=s.key,
                title=str(s.title),
                items=[
                    WorkItemOut(title=i.title, href=i.href, due=i.due, overdue=i.overdue, detail=i.detail)
                    for i in s.items
                ],
            )
            for s in worklist_for(user, shown=None)
        ],
    )
