"""The SSDA903 return in the JSON API: the same selectors, services and
access layer as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from nas.access.lookup import get_for_user
from nas.children.models import Child
from nas.children.policies import children as child_policy
from nas.contract.errors import ErrorsOut
from nas.contract.schemas import form_data, form_schema
from nas.organisations.models import Organisation
from nas.returns import selectors, services
from nas.returns.forms import DetailsForm
from nas.returns.models import DETAIL_FIELDS, Ssda903Details
from nas.returns.policies import may_keep_details
from nas.returns.policies import ssda903 as policy
from nas.returns.ssda903 import TABLES

router = Router(tags=["returns"])


class DetailsIn(form_schema(DetailsForm)):  # type: ignore[misc]
    """Every SSDA903 detail (one left out is blank) and the version read (0 if there was none)."""


class Ssda903GapOut(Schema):
    child: int
    case_reference: str
    field: str
    label: str


class Ssda903ReturnOut(Schema):
    authority: str
    year: int
    period: str
    start: date
    end: date
    rows: dict[str, int]
    gaps: list[Ssda903GapOut]


class DetailsOut(Schema):
    child: int
    version: int
    upn: str
    category_of_need: str
    legal_status_on_entry: str
    foster_placement: str
    foster_placement_provider: str
    placed_with_foster_carers: str
    adoption_placement_provider: str
    adopters_sex: str
    adopters_legal_status: str
    adoption_order_reason: str


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _authority(request: HttpRequest, code: str) -> Organisation:
    pk = Organisation.objects.filter(code=code, kind="local_authority").values_list("pk", flat=True).first()
    return get_for_user(_user(request), policy, pk=pk, action="export")


def _year(year: int) -> int:
    try:
        return services.check_year(year)
    except ValidationError:
        raise Http404 from None


@router.get(
    "/ssda903/{authority}/{year}",
    response=Ssda903ReturnOut,
    summary="The caller's authority's SSDA903 return for a collection year: row counts and missing facts",
)
def ssda903_summary(request: HttpRequest, authority: str, year: int) -> dict[str, Any]:
    organisation = _authority(request, authority)
    result = selectors.ssda903_return(authority=organisation, year=_year(year))
    return {
        "authority": organisation.code,
        "year": result.year.year,
        "period": str(result.year),
        "start": result.year.start,
        "end": result.year.end,
        "rows": result.row_counts,
        "gaps": [
            {
                "child": g.child,
                "case_reference": g.case_reference,
                "field": g.field,
                "label": selectors.field_label(g.field),
            }
            for g in result.gaps
        ],
    }


@router.get(
    "/ssda903/{authority}/{year}/download",
    summary="Download the SSDA903 return: the four tables as a zip, or one table as CSV (?table=AD1)",
)
def ssda903_download(request: HttpRequest, authority: str, year: int, table: str = "") -> HttpResponse:
    organisation = _authority(request, authority)
    if table and table not in TABLES:
        raise Http404
    export = services.ssda903_export(
        actor=_user(request), authority=organisation, year=_year(year), table=table or None
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _child(request: HttpRequest, pk: int) -> Child:
    child = get_for_user(
        _user(request), child_policy, pk=pk, queryset=Child.objects.select_related("local_authority")
    )
    if not may_keep_details(_user(request), child):
        raise PermissionDenied
    return child


def _details_out(child: Child, details: Ssda903Details | None) -> dict[str, Any]:
    return {
        "child": child.pk,
        "version": details.version if details else 0,
        **{name: getattr(details, name) if details else "" for name in DETAIL_FIELDS},
    }


@router.get(
    "/ssda903-details/{pk}", response=DetailsOut, summary="A child's SSDA903 details (0 version: none yet)"
)
def details_read(request: HttpRequest, pk: int) -> dict[str, Any]:
    child = _child(request, pk)
    return _details_out(child, selectors.details_of(child))


@router.put(
    "/ssda903-details/{pk}",
    response={200: DetailsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Record a child's SSDA903 details: every field (one left out is blank) and the version you read",
)
def details_write(request: HttpRequest, pk: int, payload: DetailsIn) -> Any:
    child = _child(request, pk)
    sent = form_data(payload)
    form = DetailsForm(sent, instance=selectors.details_of(child))
    if sent.get("version") is None:
        return Status(422, {"errors": {"version": [_("Send the version you read (0 if there was none)")]}})
    if not form.is_valid():
        return Status(422, {"errors": {k: [str(m) for m in v] for k, v in form.errors.items()}})
    details = services.details_save(
        actor=_user(request),
        child=child,
        values={k: v for k, v in form.cleaned_data.items() if k != "version"},
        expected_version=form.cleaned_data["version"],
    )
    return Status(200, _details_out(child, details))
