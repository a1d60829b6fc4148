from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from nas.access.lookup import require, visible
from nas.organisations.models import Organisation
from nas.organisations.policies import organisations

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    code: str
    kind: str
    name_en: str
    name_cy: str
    region: str | None
    lead_authority: str | None

    @staticmethod
    def from_model(org: Organisation) -> OrganisationOut:
        return OrganisationOut(
            code=org.code,
            kind=org.kind,
            name_en=org.name_en,
            name_cy=org.name_cy,
            region=org.region.code if org.region is not None else None,
            lead_authority=org.lead_authority.code if org.lead_authority is not None else None,
        )


def _queryset(request: HttpRequest):  # type: ignore[no-untyped-def]
    return visible(request.auth, organisations).select_related("region", "lead_authority")  # type: ignore[attr-defined]


@router.get("", response=list[OrganisationOut], summary="The nation, regions, local authorities and agencies")
def organisation_list(request: HttpRequest, kind: str | None = None) -> list[OrganisationOut]:
    require(request.auth, organisations, "list")  # type: ignore[attr-defined]
    orgs = _queryset(request)
    if kind:
        orgs = orgs.filter(kind=kind)
    return [OrganisationOut.from_model(o) for o in orgs]


@router.get("/{code}", response=OrganisationOut, summary="One organisation by its code")
def organisation_detail(request: HttpRequest, code: str) -> OrganisationOut:
    org = _queryset(request).filter(code=code).first()
    if org is None:
        raise Http404
    return OrganisationOut.from_model(org)
