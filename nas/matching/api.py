"""Family finding in the JSON API: the same services, selectors and access
layer as the pages, the same validation messages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field, StrictInt

from nas.access.lookup import audit_listed, get_for_user, require
from nas.contract.errors import ErrorsOut
from nas.contract.schemas import (
    Day,
    Id,
    LongText,
    Page,
    Text,
    Version,
    change_schema,
    form_data,
    form_schema,
    page_of,
)
from nas.core.errors import api_errors
from nas.matching import selectors, services
from nas.matching.forms import (
    DeclineForm,
    FeeForm,
    HouseholdProfileForm,
    InterestForm,
    NationalPlanForm,
    ProfileForm,
    PublishForm,
    StepForm,
    WeightsForm,
)
from nas.matching.models import ChildProfile, HouseholdProfile, Link
from nas.matching.policies import (
    AUTHORITY_STEPS,
    CHILD_SIDE_STEPS,
    equity_region_id,
    is_national_team,
    reads_equity,
    reads_register_figures,
)
from nas.matching.policies import fees as fee_policy
from nas.matching.policies import household_profiles as household_policy
from nas.matching.policies import links as link_policy
from nas.matching.policies import profiles as policy
from nas.matching.policies import weight_sets as weight_policy

router = Router(tags=["family finding"])


class ProfileChangeIn(change_schema(ProfileForm)):  # type: ignore[misc]
    """What a child's profile shares: only the fields sent change."""


class HouseholdProfileChangeIn(change_schema(HouseholdProfileForm)):  # type: ignore[misc]
    """What a household's profile shares: only the fields sent change."""


class FeeIn(form_schema(FeeForm)):  # type: ignore[misc]
    """A rate of the inter-agency fee table."""


class WeightsIn(Schema):
    """New weights: a whole number from 0 to 100 for each criterion, with the reason."""

    version: Version | None = None  # the form says it is needed, in its own words
    reason: LongText = ""
    weights: dict[Text, Annotated[StrictInt, Field(ge=-(2**31), le=2**31 - 1)]] = {}


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


class PublicationIn(Schema):
    target: Text
    version: Version


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


class WaitingOut(Schema):
    """Who waits today, as nas.matching.figures defines it (the pages show the same)."""

    children_waiting: int
    children_on_register: int
    households_waiting: int
    households_on_register: int


class RegionCountOut(WaitingOut):
    code: str
    name: str
    profiles: int
    published_to_region: int
    published_nationally: int


class BandCountOut(Schema):
    band: str
    count: int


class RegisterOut(WaitingOut):
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
def profile_list(request: HttpRequest, page: Query[Page], publication: str = "") -> list[dict[str, Any]]:
    user = _user(request)
    require(user, policy, "list")
    if publication not in selectors.PUBLICATION_FILTERS:
        publication = ""
    rows = page_of(selectors.profile_list(user=user, publication=publication), page)
    return [_out(p, user) for p in rows]


@router.get("/profiles/{pk}", response=ProfileOut, summary="One child's anonymous profile")
def profile_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _out(_profile(request, pk), _user(request))


@router.patch(
    "/profiles/{pk}",
    response={200: ProfileOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Choose what a profile shares and the plan's location limits",
)
def profile_update(request: HttpRequest, pk: int, payload: ProfileChangeIn) -> Any:
    user = _user(request)
    profile = _profile(request, pk, "edit")
    current = {
        "version": profile.version,
        "shared_fields": profile.shared_fields,
        "about": profile.about,
        "avoid_own_authority": profile.avoid_own_authority,
        "avoid_neighbouring_authorities": profile.avoid_neighbouring_authorities,
    }
    form = ProfileForm({**current, **form_data(payload)})
    if not form.is_valid():
        return api_errors(form)
    services.child_profile_update(
        actor=user,
        profile=profile,
        expected_version=form.cleaned_data["version"],
        shared_fields=form.cleaned_data["shared_fields"],
        about=form.cleaned_data["about"],
        avoid_own_authority=form.cleaned_data["avoid_own_authority"],
        avoid_neighbouring_authorities=form.cleaned_data["avoid_neighbouring_authorities"],
    )
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
        return api_errors(form)
    services.child_profile_publish(
        actor=user,
        profile=profile,
        expected_version=form.cleaned_data["version"],
        target=form.cleaned_data["target"],
    )
    profile.refresh_from_db()
    return Status(200, _out(profile, user))


@router.get("/register", response=RegisterOut, summary="The national register in figures (counts only)")
def register_summary(request: HttpRequest) -> dict[str, Any]:
    if not reads_register_figures(_user(request)):
        raise PermissionDenied
    summary = selectors.register_summary(timezone.localdate())
    return {
        "profiles": summary.profiles,
        "published_to_region": summary.published_to_region,
        "published_nationally": summary.published_nationally,
        "regions": summary.regions,
        "age_bands": summary.age_bands,
        **selectors.waiting_out(summary.waiting.wales),
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
def weights_change(request: HttpRequest, payload: WeightsIn) -> Any:
    user = _user(request)
    require(user, weight_policy, "change")
    form = WeightsForm({**payload.weights, "version": payload.version, "reason": payload.reason})
    if not form.is_valid():
        return api_errors(form)
    created = services.weight_set_change(
        actor=user,
        weights=form.weights(),
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )
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
def fee_create(request: HttpRequest, payload: FeeIn) -> Any:
    user = _user(request)
    require(user, fee_policy, "change")
    form = FeeForm(form_data(payload))
    if not form.is_valid():
        return api_errors(form)
    fee = services.fee_create(actor=user, **form.cleaned_data)
    return Status(201, _fee_out(fee))


# --- Suggestions -----------------------------------------------------------------


class ContributionOut(Schema):
    criterion: str
    label: str
    points: int
    reason: str
    text: str


class FeeOutShort(Schema):
    kind: str
    amount: int
    children: int
    estimated: bool


class FamilySuggestionOut(Schema):
    rank: int
    household_profile: str
    household_profile_id: int
    score: int
    tier: str
    waiting_days: int
    approved_by: str
    fee: FeeOutShort | None
    explanation: list[ContributionOut]


class SuggestionsOut(Schema):
    profile: str
    weights_version: int
    families: list[FamilySuggestionOut]


def _contributions(suggestion: Any) -> list[dict[str, Any]]:
    return [
        {"criterion": c.criterion, "label": c.label, "points": c.points, "reason": c.reason, "text": c.text}
        for c in suggestion.contributions
    ]


def _fee(fee: Any) -> dict[str, Any] | None:
    if fee is None:
        return None
    return {"kind": fee.kind, "amount": fee.amount, "children": fee.children, "estimated": fee.estimated}


def _waiting(suggestion: Any) -> int:
    return next(
        (int(c.params.get("days", 0)) for c in suggestion.contributions if c.criterion == "family_waiting"), 0
    )


@router.get(
    "/profiles/{pk}/suggestions",
    response=SuggestionsOut,
    summary="Families for a child: the region first, then the national register, each score explained",
)
def profile_suggestions(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = _user(request)
    profile = get_for_user(user, policy, pk=pk, action="suggest", queryset=selectors.profile_for_engine())
    version, rows = selectors.child_suggestions(profile, timezone.localdate())
    audit_listed(
        user, household_policy, (r.profile for r in rows), where=f"api:suggestions:{profile.reference}"
    )
    return {
        "profile": profile.reference,
        "weights_version": version,
        "families": [
            {
                "rank": r.rank,
                "household_profile": r.profile.reference,
                "household_profile_id": r.profile.pk,
                "score": r.suggestion.score,
                "tier": r.suggestion.tier,
                "waiting_days": _waiting(r.suggestion),
                "approved_by": r.profile.household.owner.code,
                "fee": _fee(r.suggestion.fee),
                "explanation": _contributions(r.suggestion),
            }
            for r in rows
        ],
    }


# --- Households' profiles ----------------------------------------------------------


class HouseholdProfileOut(Schema):
    id: int
    reference: str
    region: str | None
    version: int
    shared_fields: list[str]
    shared: dict[str, Any]
    published_to_region_at: datetime | None
    published_nationally_at: datetime | None


class ChildSuggestionOut(Schema):
    rank: int
    child_profile: str
    child_profile_id: int
    score: int
    tier: str
    children: int
    child_waiting_days: int
    fee: FeeOutShort | None
    explanation: list[ContributionOut]


class HouseholdSuggestionsOut(Schema):
    household_profile: str
    weights_version: int
    children: list[ChildSuggestionOut]


def _household_out(profile: HouseholdProfile) -> dict[str, Any]:
    return {
        "id": profile.pk,
        "reference": profile.reference,
        "region": profile.region.code if profile.region else None,
        "version": profile.version,
        "shared_fields": list(profile.shared_fields),
        "shared": selectors.household_shared_dict(profile, timezone.localdate()),
        "published_to_region_at": profile.published_to_region_at,
        "published_nationally_at": profile.published_nationally_at,
    }


def _household_profile(request: HttpRequest, pk: int, action: str = "view") -> HouseholdProfile:
    return get_for_user(
        _user(request),
        household_policy,
        pk=pk,
        action=action,
        queryset=HouseholdProfile.objects.select_related(
            "region", "household", "household__owner", "household__residence_authority"
        ),
    )


@router.get(
    "/households", response=list[HouseholdProfileOut], summary="Households' anonymous profiles in scope"
)
def household_list(request: HttpRequest, page: Query[Page], publication: str = "") -> list[dict[str, Any]]:
    user = _user(request)
    require(user, household_policy, "list")
    if publication not in selectors.PUBLICATION_FILTERS:
        publication = ""
    rows = page_of(selectors.household_profile_list(user=user, publication=publication), page)
    audit_listed(user, household_policy, rows, where="api:matching/households")
    return [_household_out(p) for p in rows]


@router.get("/households/{pk}", response=HouseholdProfileOut, summary="One household's anonymous profile")
def household_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _household_out(_household_profile(request, pk))


@router.patch(
    "/households/{pk}",
    response={200: HouseholdProfileOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Choose what a household's profile shares",
)
def household_update(request: HttpRequest, pk: int, payload: HouseholdProfileChangeIn) -> Any:
    user = _user(request)
    profile = _household_profile(request, pk, "edit")
    form = HouseholdProfileForm(
        {
            "version": profile.version,
            "shared_fields": profile.shared_fields,
            "about": profile.about,
            **form_data(payload),
        }
    )
    if not form.is_valid():
        return api_errors(form)
    services.household_profile_update(
        actor=user,
        profile=profile,
        expected_version=form.cleaned_data["version"],
        shared_fields=form.cleaned_data["shared_fields"],
        about=form.cleaned_data["about"],
    )
    profile.refresh_from_db()
    return Status(200, _household_out(profile))


@router.post(
    "/households/{pk}/publication",
    response={200: HouseholdProfileOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Publish a household's profile to the region or the national register, or withdraw it",
)
def household_publish(request: HttpRequest, pk: int, payload: PublicationIn) -> Any:
    user = _user(request)
    profile = _household_profile(request, pk, "publish")
    form = PublishForm(payload.dict())
    if not form.is_valid():
        return api_errors(form)
    services.household_profile_publish(
        actor=user,
        profile=profile,
        expected_version=form.cleaned_data["version"],
        target=form.cleaned_data["target"],
    )
    profile.refresh_from_db()
    return Status(200, _household_out(profile))


@router.get(
    "/households/{pk}/suggestions",
    response=HouseholdSuggestionsOut,
    summary="Children for a household: within every hard constraint, each score explained",
)
def household_suggestions(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = _user(request)
    profile = _household_profile(request, pk, "suggest")
    version, rows = selectors.household_suggestions(profile, timezone.localdate())
    audit_listed(
        user, policy, (r.profile for r in rows), where=f"api:household-suggestions:{profile.reference}"
    )
    return {
        "household_profile": profile.reference,
        "weights_version": version,
        "children": [
            {
                "rank": r.rank,
                "child_profile": r.profile.reference,
                "child_profile_id": r.profile.pk,
                "score": r.suggestion.score,
                "tier": r.suggestion.tier,
                "children": r.children,
                "child_waiting_days": r.waiting_days,
                "fee": _fee(r.suggestion.fee),
                "explanation": _contributions(r.suggestion),
            }
            for r in rows
        ],
    }


# --- Links -----------------------------------------------------------------------


class LinkEventOut(Schema):
    state: str
    date: date
    detail: dict[str, Any]


class LinkOut(Schema):
    id: int
    version: int
    state: str
    child_profile: str | None
    household_profile: str | None
    region: str
    initiated_by: str
    declined_by: str
    decline_reason: str
    decline_feedback: str
    linked_on: date | None
    linking_meeting_on: date | None
    matched_on: date | None
    introductions_on: date | None
    placed_on: date | None
    ended_on: date | None
    inter_agency_fee_pence: int | None


class LinkDetailOut(LinkOut):
    events: list[LinkEventOut]
    next_steps: list[str]


class InterestIn(Schema):
    side: Text
    profile: Id
    household: Id
    note: LongText = ""


class DeclineIn(Schema):
    version: Version
    reason: Text = ""
    feedback: LongText = ""


class StepIn(Schema):
    step: Text
    version: Version
    date: Day
    reason: Text = ""
    note: LongText = ""


class VersionIn(Schema):
    version: Version


class LinkDecisionIn(Schema):
    outcome: Text = ""
    reasons: LongText = ""
    decided_on: Day | None = None


def _link_out(link: Link) -> dict[str, Any]:
    child = getattr(link.child, "matching_profile", None)
    household = getattr(link.household, "matching_profile", None)
    return {
        "id": link.pk,
        "version": link.version,
        "state": link.state,
        "child_profile": child.reference if child else None,
        "household_profile": household.reference if household else None,
        "region": link.region.code,
        "initiated_by": link.initiated_by,
        "declined_by": link.declined_by,
        "decline_reason": link.decline_reason,
        "decline_feedback": link.decline_feedback,
        "linked_on": link.linked_on,
        "linking_meeting_on": link.linking_meeting_on,
        "matched_on": link.matched_on,
        "introductions_on": link.introductions_on,
        "placed_on": link.placed_on,
        "ended_on": link.ended_on,
        "inter_agency_fee_pence": link.inter_agency_fee_pence,
    }


def _link(request: HttpRequest, pk: int, action: str = "view") -> Link:
    return get_for_user(_user(request), link_policy, pk=pk, action=action, queryset=selectors.link_for_page())


def _link_detail(link: Link, user: Any) -> dict[str, Any]:
    steps = [
        s
        for s in ("respond", "decline", *CHILD_SIDE_STEPS, *AUTHORITY_STEPS, "decide")
        if link_policy.can(user, s, link)
    ]
    return {
        **_link_out(link),
        "events": [
            {"state": e.state, "date": e.date, "detail": e.detail} for e in selectors.link_events(link)
        ],
        "next_steps": steps,
    }


@router.get("/links", response=list[LinkOut], summary="Links between children and households in scope")
def link_list(request: HttpRequest, page: Query[Page], status: str = "open") -> list[dict[str, Any]]:
    user = _user(request)
    require(user, link_policy, "list")
    if status not in selectors.LINK_FILTERS:
        status = "open"
    rows = page_of(selectors.link_list(user=user, status=status), page)
    audit_listed(user, link_policy, rows, where="api:matching/links")
    return [_link_out(link) for link in rows]


@router.post(
    "/links",
    response={201: LinkDetailOut, 422: ErrorsOut},
    summary="Express interest: a family for a child (side 'child') or a child for a family",
)
def link_create(request: HttpRequest, payload: InterestIn) -> Any:
    user = _user(request)
    if payload.side not in ("child", "household"):
        return Status(422, {"errors": {"side": [str(_("Choose whose side you express interest for"))]}})
    profile = get_for_user(
        user,
        policy,
        pk=payload.profile,
        action="express_interest" if payload.side == "child" else "view",
        queryset=selectors.profile_for_engine(),
    )
    household = get_for_user(
        user,
        household_policy,
        pk=payload.household,
        action="express_interest" if payload.side == "household" else "view",
        queryset=HouseholdProfile.objects.select_related("region", "household", "household__owner"),
    )
    form = InterestForm(payload.dict())
    if not form.is_valid():
        return api_errors(form)
    link = services.link_express_interest(
        actor=user,
        side=payload.side,
        profile=profile,
        household_profile=household,
        note=form.cleaned_data["note"],
    )
    return Status(201, _link_detail(selectors.link_for_page().get(pk=link.pk), user))


@router.get("/links/{pk}", response=LinkDetailOut, summary="One link, with its steps")
def link_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _link_detail(_link(request, pk), _user(request))


@router.post(
    "/links/{pk}/accept",
    response={200: LinkDetailOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Accept the other side's interest",
)
def link_accept(request: HttpRequest, pk: int, payload: VersionIn) -> Any:
    user = _user(request)
    link = _link(request, pk, "respond")
    services.link_accept(actor=user, link=link, expected_version=payload.version)
    return Status(200, _link_detail(_link(request, pk), user))


@router.post(
    "/links/{pk}/decline",
    response={200: LinkDetailOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Decline a link, with a coded reason and feedback",
)
def link_decline(request: HttpRequest, pk: int, payload: DeclineIn) -> Any:
    user = _user(request)
    link = _link(request, pk, "decline")
    form = DeclineForm(payload.dict())
    if not form.is_valid():
        return api_errors(form)
    services.link_decline(
        actor=user,
        link=link,
        expected_version=form.cleaned_data["version"],
        reason=form.cleaned_data["reason"],
        feedback=form.cleaned_data["feedback"],
    )
    return Status(200, _link_detail(_link(request, pk), user))


@router.post(
    "/links/{pk}/steps",
    response={200: LinkDetailOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="The next step: link, linking_meeting, introductions, placed, adoption_order or disrupted",
)
def link_step(request: HttpRequest, pk: int, payload: StepIn) -> Any:
    user = _user(request)
    if payload.step not in {*CHILD_SIDE_STEPS, *AUTHORITY_STEPS}:
        return Status(422, {"errors": {"step": [str(_("Choose a step of the link"))]}})
    link = _link(request, pk, payload.step)
    form = StepForm(payload.dict(), step=payload.step)
    if not form.is_valid():
        return api_errors(form)
    services.link_step(
        actor=user,
        link=link,
        expected_version=form.cleaned_data["version"],
        step=payload.step,
        when=form.cleaned_data["date"],
        reason=form.cleaned_data.get("reason") or "",
        note=form.cleaned_data.get("note") or "",
    )
    return Status(200, _link_detail(_link(request, pk), user))


@router.post(
    "/links/{pk}/decision",
    response={201: LinkDetailOut, 422: ErrorsOut},
    summary="The child's agency decision maker decides the match (after the matching panel)",
)
def link_decision(request: HttpRequest, pk: int, payload: LinkDecisionIn) -> Any:
    from nas.matching import panel_subject
    from nas.panels import services as panel_services
    from nas.panels.forms import DecisionForm

    user = _user(request)
    link = _link(request, pk, "decide")
    item = next((i for i in reversed(selectors.link_agenda_items(link)) if i.recommendation), None)
    if item is None:
        return Status(
            422, {"errors": {"outcome": [str(_("The matching panel has not made its recommendation yet"))]}}
        )
    subject = panel_subject.subjects.get(panel_subject.RECORD_TYPE)
    assert subject is not None
    form = DecisionForm(payload.dict(), outcomes=panel_services.outcomes_for(subject, link, item))
    if not form.is_valid():
        return api_errors(form)
    panel_services.decision_record(
        actor=user,
        subject_type=panel_subject.RECORD_TYPE,
        subject_id=link.pk,
        agenda_item=item,
        **form.cleaned_data,
    )
    return Status(201, _link_detail(_link(request, pk), user))


# --- The national plan and the equity report ----------------------------------------


class PlanGroupOut(Schema):
    key: str
    label: str
    children: int
    matched: int
    rate: float
    others_rate: float
    floor: float | None
    below_floor: bool


class PlanPairOut(Schema):
    child: str
    household: str
    score: int
    child_waiting_days: int


class NationalPlanOut(Schema):
    advisory_only: bool
    children: int
    households: int
    feasible_pairs: int
    matched: int
    objective: int
    suitability: int
    weights_version: int
    parity: bool
    floor: float | None
    parity_met: bool
    groups: list[PlanGroupOut]
    #: Null for a National Board member, who sees the figures only.
    pairs: list[PlanPairOut] | None


@router.get(
    "/national-plan",
    response={200: NationalPlanOut, 422: ErrorsOut},
    summary="The national optimal assignment (advisory only; figures only for the National Board)",
)
def national_plan(request: HttpRequest, parity: bool = False, floor: float = 0.8) -> Any:
    user = _user(request)
    if not reads_register_figures(user):
        raise PermissionDenied
    form = NationalPlanForm({"parity": parity, "floor": floor})
    if not form.is_valid():
        return api_errors(form)
    plan = selectors.national_plan(timezone.localdate(), parity=parity, floor=form.floor_value())
    return {
        "advisory_only": True,
        **{
            k: getattr(plan, k)
            for k in (
                "children",
                "households",
                "feasible_pairs",
                "matched",
                "objective",
                "suitability",
                "weights_version",
                "parity",
                "floor",
                "parity_met",
            )
        },
        "groups": [{**g.__dict__, "label": str(g.label)} for g in plan.groups],
        "pairs": [p.__dict__ for p in plan.pairs] if is_national_team(user) else None,
    }


class EquityGroupOut(Schema):
    dimension: str
    group: str
    children: int
    median_wait_days: float
    mean_wait_days: float
    suggested_share: float
    mean_suggestions: float
    missed: bool


class EquityOut(Schema):
    scope: str
    children: int
    median_wait_days: float
    suggested_share: float
    groups: list[EquityGroupOut]


@router.get("/equity", response=EquityOut, summary="Waiting-time equity: all Wales, or the manager's region")
def equity_report(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    if not reads_equity(user):
        raise PermissionDenied
    region_id = equity_region_id(user)
    report = selectors.equity_figures(timezone.localdate(), region_id=region_id)
    return {
        "scope": "wales" if region_id is None else user.organisation.code,
        "children": report.children,
        "median_wait_days": report.median_wait_days,
        "suggested_share": report.suggested_share,
        "groups": [g.__dict__ for g in report.groups],
    }
