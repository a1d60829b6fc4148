from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from nas.access.lookup import get_for_user, require, visible
from nas.accounts.models import User
from nas.accounts.policies import staff_accounts

router = Router(tags=["staff"])


class StaffOut(Schema):
    id: int
    username: str
    full_name: str
    organisation: str
    roles: list[str]
    locked: bool
    last_login: datetime | None

    @staticmethod
    def from_model(user: User) -> StaffOut:
        return StaffOut(
            id=user.pk,
            username=user.username,
            full_name=user.get_full_name(),
            organisation=user.organisation.code,
            roles=sorted(r.role for r in user.roles.all()),
            locked=user.is_locked,
            last_login=user.last_login,
        )


@router.get("", response=list[StaffOut], summary="Staff accounts the caller may see")
def staff_list(request: HttpRequest) -> list[StaffOut]:
    user = request.auth  # type: ignore[attr-defined]
    require(user, staff_accounts, "list")
    return [StaffOut.from_model(u) for u in visible(user, staff_accounts).prefetch_related("roles")]


@router.get("/{pk}", response=StaffOut, summary="One staff account")
def staff_detail(request: HttpRequest, pk: int) -> StaffOut:
    return StaffOut.from_model(get_for_user(request.auth, staff_accounts, pk=pk))  # type: ignore[attr-defined]
