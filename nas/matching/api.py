"""Family finding in the JSON API: the same services, selectors and access
layer as the pages, the same validation messages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Body, Router, Schema
from ninja.responses import Status

from nas.access.lookup import get_for_user, require
from nas.children.api import _errors, _stale
from nas.core.records import StaleRecordError
from nas.matching import selectors, services
from nas.matching.forms import FeeForm, ProfileForm, PublishForm, WeightsForm
from nas.matching.models import ChildProfile
from nas.matching.policies import fees as fee_policy
from nas.matching.policies import profiles as policy
from nas.matching.policies import reads_register_aggregates
from nas.matching.policies import weight_sets as weight_policy

router = Router(tags=["family finding"])


class ProfileOut(Schema):
    id: int
    reference: str
    region: str
    version: int
    shared_fields: list[str]
    shared: dict[str, Any]
    published_to_region_at: datetime | None
    published_nationally_at: datetime | None
    # The plan's location limits: only for the owning authority's staff (null otherwise).
    avoid_own_authority: bool | None
    avoid_neighbouring_authorities: bool | None


class ErrorsOut(Schema):
    errors: dict[str, list[str]]


class PublicationIn(Schema):
    target: str
    version: int


class WeightsOut(Schema):
    version: int
    weights: dict[str, int]


class FeeOut(Schema):
    id: int
    kind: str
    children: int
    amount: int
    valid_from: date
    valid_to: date | None
    source: str


class RegionCountOut(Schema):
    code: str
    name: str
    profiles: int
    published_to_region: int
    published_nationally: int


class BandCountOut(Schema):
    band: str
    count: int


class RegisterOut(Schema):
    profiles: int
    published_to_region: int
    published_nationally: int
    regions: list[RegionCountOut]
    age_bands: list[BandCountOut]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _out(profile: ChildProfile, user: Any) -> dict[str, Any]:
    own = policy.can(user, "view_child", profile)
    return {
        "id": profile.pk,
        "reference": profile.reference,
        "region": profile.region.code,
        "version": profile.version,
        "shared_fields": list(profile.shared_fields),
        "shared": selectors.shared_dict(profile, timezone.localdate()),
        "published_to_region_at": profile.published_to_region_at,
        "published_nationally_at": profile.published_nationally_at,
        "avoid_own_authority": profile.avoid_own_authority if own else None,
        "avoid_neighbouring_authorities": profile.avoid_neighbouring_authorities if own else None,
    }


def _profile(request: HttpRequest, pk: int, action: str = "view") -> ChildProfile:
    return get_for_user(
        _user(request),
        policy,
        pk=pk,
        action=action,
        queryset=ChildProfile.objects.select_related("region", "child", "child__local_authority"),
    )


@router.get(
    "/profiles", response=list[ProfileOut], summary="Children's anonymous profiles in the caller's scope"
)
def profile_list(
    request: HttpRequest, publication: str = "", limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    user = _user(request)
    require(user, policy, "list")
    if publication not in selectors.PUBLICATION_FILTERS:
        publication = ""
    limit = max(1, min(limit, 500))
    rows = selectors.profile_list(user=user, publication=publication)[offset : offset + limit]
    return [_out(p, user) for p in rows]


@router.get("/profiles/{pk}", response=ProfileOut, summary="One child's anonymous profile")
def profile_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _out(_profile(request, pk), _user(request))


@router.patch(
    "/profiles/{pk}",
    response={200: ProfileOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Choose what a profile shares and the plan's location limits",
)
def profile_update(request: HttpRequest, pk: int, payload: dict[str, Any] = Body(...)) -> Any:  # noqa: B008
    user = _user(request)
    profile = _profile(request, pk, "edit")
    current = {
        "version": profile.version,
        "shared_fields": profile.shared_fields,
        "about": profile.about,
        "avoid_own_authority": profile.avoid_own_authority,
        "avoid_neighbouring_authorities": profile.avoid_neighbouring_authorities,
    }
    form = ProfileForm({**current, **payload})
    if not form.is_valid():
        return _errors(form)
    try:
        services.child_profile_update(
            actor=user,
            profile=profile,
            expected_version=form.cleaned_data["version"],
            shared_fields=form.cleaned_data["shared_fields"],
            about=form.cleaned_data["about"],
            avoid_own_authority=form.cleaned_data["avoid_own_authority"],
            avoid_neighbouring_authorities=form.cleaned_data["avoid_neighbouring_authorities"],
        )
    except StaleRecordError:
        return _stale()
    except ValidationError as error:
        return _errors(error)
    profile.refresh_from_db()
    return Status(200, _out(profile, user))


@router.post(
    "/profiles/{pk}/publication",
    response={200: ProfileOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Publish a profile to the region or the national register, or withdraw it",
)
def profile_publish(request: HttpRequest, pk: int, payload: PublicationIn) -> Any:
    user = _user(request)
    profile = _profile(request, pk, "publish")
    form = PublishForm(payload.dict())
    if not form.is_valid():
        return _errors(form)
    try:
        services.child_profile_publish(
            actor=user,
            profile=profile,
            expected_version=form.cleaned_data["version"],
            target=form.cleaned_data["target"],
        )
    except StaleRecordError:
        return _stale()
    except ValidationError as error:
        return _errors(error)
    profile.refresh_from_db()
    return Status(200, _out(profile, user))


@router.get("/register", response=RegisterOut, summary="The national register in figures (counts only)")
def register_summary(request: HttpRequest) -> dict[str, Any]:
    if not reads_register_aggregates(_user(request)):
        raise PermissionDenied
    summary = selectors.register_summary(timezone.localdate())
    return {
        "profiles": summary.profiles,
        "published_to_region": summary.published_to_region,
        "published_nationally": summary.published_nationally,
        "regions": summary.regions,
        "age_bands": summary.age_bands,
    }


@router.get("/weights", response=WeightsOut, summary="The weights in force")
def weights(request: HttpRequest) -> dict[str, Any]:
    require(_user(request), weight_policy, "view")
    version, current = services.active_weights()
    return {"version": version, "weights": current}


@router.post(
    "/weights",
    response={201: WeightsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Put new weights in force (national team)",
)
def weights_change(request: HttpRequest, payload: dict[str, Any] = Body(...)) -> Any:  # noqa: B008
    user = _user(request)
    require(user, weight_policy, "change")
    given = payload.get("weights")
    weights: dict[str, Any] = given if isinstance(given, dict) else {}
    form = WeightsForm({**weights, "version": payload.get("version"), "reason": payload.get("reason", "")})
    if not form.is_valid():
        return _errors(form)
    try:
        created = services.weight_set_change(
            actor=user,
            weights=form.weights(),
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleRecordError:
        return _stale()
    except ValidationError as error:
        return _errors(error)
    return Status(201, {"version": created.number, "weights": created.weights})


def _fee_out(fee: Any) -> dict[str, Any]:
    return {
        "id": fee.pk,
        "kind": fee.kind,
        "children": fee.children,
        "amount": fee.amount,
        "valid_from": fee.valid_from,
        "valid_to": fee.valid_to,
        "source": fee.source,
    }


@router.get("/fees", response=list[FeeOut], summary="The inter-agency fee table")
def fee_list(request: HttpRequest) -> list[dict[str, Any]]:
    require(_user(request), fee_policy, "list")
    return [_fee_out(f) for f in selectors.fee_list()]


@router.post(
    "/fees", response={201: FeeOut, 422: ErrorsOut}, summary="Add a rate to the fee table (national team)"
)
def fee_create(request: HttpRequest, payload: dict[str, Any] = Body(...)) -> Any:  # noqa: B008
    user = _user(request)
    require(user, fee_policy, "change")
    form = FeeForm(payload)
    if not form.is_valid():
        return _errors(form)
    try:
        fee = services.fee_create(actor=user, **form.cleaned_data)
    except ValidationError as error:
        return _errors(error)
    return Status(201, _fee_out(fee))
