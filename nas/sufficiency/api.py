"""Sufficiency in the JSON API: the same selectors and access rule as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import StrictStr

from nas.access.lookup import get_for_user, require
from nas.contract.errors import ErrorsOut
from nas.contract.schemas import Id, IsoDate, LongText, Text, Version
from nas.core.records import StaleRecordError
from nas.organisations.models import Organisation
from nas.performance.models import Intervention
from nas.performance.policies import managed_region_id
from nas.sufficiency import access, pipeline, plans, services
from nas.sufficiency import forecast as F
from nas.sufficiency.models import AnnualReview, PlanAction, ReviewComment
from nas.sufficiency.plan_views import region_for
from nas.sufficiency.policies import plans as plan_policy
from nas.sufficiency.policies import reviews as review_policy

router = Router(tags=["sufficiency"])


class TableOut(Schema):
    #: stage code -> count
    stages: dict[str, int]
    #: dimension -> value -> stage code -> count
    by: dict[str, dict[str, dict[str, int]]]


class PipelineOut(Schema):
    scope: str
    on: date
    children_waiting: int
    households_waiting: int | None
    sufficiency_ratio: float | None
    children: TableOut
    households: TableOut | None


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.get(
    "/{scope}/pipeline",
    response=PipelineOut,
    summary="Children and households in the pipeline now, by stage and characteristic",
)
def pipeline_read(request: HttpRequest, scope: str) -> dict[str, Any]:
    found = pipeline.pipeline(access.scope_for(_user(request), scope), timezone.localdate())
    return {
        "scope": found.scope.code,
        "on": found.on,
        "children_waiting": found.children_waiting,
        "households_waiting": found.households_waiting,
        "sufficiency_ratio": found.ratio,
        "children": found.children.as_json(),
        "households": found.households.as_json() if found.households else None,
    }


class ForecastIn(Schema):
    horizon: int = Field(4, ge=4, le=8, description="Quarters ahead, 4 to 8")
    recruitment: float = Field(0, ge=-90, le=300, description="Households starting Stage 1 up by this %")
    stage_two_weeks: float = Field(0, ge=0, le=52, description="Stage 2 shorter by this many weeks")
    siblings: float = Field(
        0,
        ge=0,
        le=100,
        description="Percentage points more of the children waiting in sibling groups placed together",
    )


class QuarterOut(Schema):
    quarter: str
    children_waiting: float
    children_waiting_range: tuple[float, float]
    children_placed: float
    households_approved: float | None
    households_waiting: float | None
    households_waiting_range: tuple[float, float] | None


class SufficiencyGapOut(Schema):
    group: str
    children_waiting: float
    households_able: float | None
    gap: float | None
    sufficiency_ratio: float | None
    approvals_needed_a_quarter: float | None
    stage_one_starts_needed_a_quarter: float | None


class StageOut(Schema):
    stage: str
    moved_on_a_quarter: float
    left_a_quarter: float
    mean_weeks: float | None


class BacktestOut(Schema):
    origins: int
    children_placed_mape: float | None
    households_approved_mape: float | None


class ForecastOut(Schema):
    scope: str
    horizon: int
    quarters: list[QuarterOut]
    gaps: list[SufficiencyGapOut]
    stages: list[StageOut]
    children_entering_a_quarter: float
    households_entering_a_quarter: float | None
    expected_wait_weeks: float | None
    backtest: BacktestOut


@router.get(
    "/{scope}/forecast",
    response=ForecastOut,
    summary="Children needing a family and households available, 4 to 8 quarters ahead, with what-ifs",
)
def forecast_read(request: HttpRequest, scope: str, params: Query[ForecastIn]) -> dict[str, Any]:
    chosen = access.scope_for(_user(request), scope)
    what_if = F.WhatIf(params.recruitment, params.stage_two_weeks, params.siblings)
    figures = F.for_page(chosen, timezone.localdate(), horizon=params.horizon, what_if=what_if)
    found = figures.forecast
    return {
        "scope": chosen.code,
        "horizon": found.horizon,
        "quarters": [
            {
                "quarter": r.period.code,
                "children_waiting": r.children_waiting,
                "children_waiting_range": r.children_waiting_band,
                "children_placed": r.children_placed,
                "households_approved": r.households_approved,
                "households_waiting": r.households_waiting,
                "households_waiting_range": r.households_waiting_band,
            }
            for r in found.rows
        ],
        "gaps": [
            {
                "group": g.code,
                "children_waiting": g.children,
                "households_able": g.households,
                "gap": g.gap,
                "sufficiency_ratio": g.ratio,
                "approvals_needed_a_quarter": g.approvals_needed,
                "stage_one_starts_needed_a_quarter": g.stage_one_needed,
            }
            for g in found.gaps
        ],
        "stages": [
            {
                "stage": str(s.label),
                "moved_on_a_quarter": s.rates.forward,
                "left_a_quarter": s.rates.lost,
                "mean_weeks": s.rates.weeks,
            }
            for s in found.stages
        ],
        "children_entering_a_quarter": found.children_entering,
        "households_entering_a_quarter": found.households_entering,
        "expected_wait_weeks": found.expected_wait_weeks,
        "backtest": {
            "origins": len(figures.backtest.points),
            "children_placed_mape": figures.backtest.placed_mape,
            "households_approved_mape": figures.backtest.approved_mape,
        },
    }


# --- The regions' plans --------------------------------------------------------


class ProgressOut(Schema):
    month: date
    status: str
    note: str


class ActionOut(Schema):
    id: int
    measure: str
    title: str
    owner: str
    due_on: date
    expected_effect: str
    intervention: int | None
    status: str
    latest: ProgressOut | None
    this_month: bool


class PlanOut(Schema):
    region: str
    open_actions: int
    progress: dict[str, int]
    actions: list[ActionOut]


class ActionIn(Schema):
    measure: Text
    title: Text
    owner: Text
    due_on: IsoDate
    expected_effect: LongText
    intervention: Id | None = None


class ProgressIn(Schema):
    status: Text
    note: LongText


def _action_out(row: plans.ActionRow) -> dict[str, Any]:
    a = row.action
    latest = row.latest
    return {
        "id": a.pk,
        "measure": a.measure,
        "title": a.title,
        "owner": a.owner,
        "due_on": a.due_on,
        "expected_effect": a.expected_effect,
        "intervention": a.intervention_id,
        "status": a.status,
        "latest": {"month": latest.month, "status": latest.status, "note": latest.note} if latest else None,
        "this_month": row.this_month,
    }


@router.get(
    "/plans/{region}", response=PlanOut, summary="A region's plan: actions tied to measures, and progress"
)
def plan_read(request: HttpRequest, region: str) -> dict[str, Any]:
    found = plans.plan(region_for(_user(request), region), timezone.localdate())
    return {
        "region": found.region.code,
        "open_actions": found.open_actions,
        "progress": found.counts,
        "actions": [_action_out(r) for r in found.rows],
    }


@router.post(
    "/plans/{region}/actions",
    response={201: ActionOut, 403: ErrorsOut, 422: ErrorsOut},
    summary="Add an action to the region's plan (the regional manager)",
)
def plan_action_create(request: HttpRequest, region: str, payload: ActionIn) -> Any:
    user = _user(request)
    chosen = region_for(user, region)
    if not plan_policy.keeps_region(user, chosen.pk):
        raise PermissionDenied
    intervention = None
    if payload.intervention is not None:
        intervention = Intervention.objects.filter(pk=payload.intervention, region=chosen).first()
        if intervention is None:
            raise ValidationError({"intervention": _("Choose an intervention on this region")})
    action = services.plan_action_add(
        actor=user,
        region=chosen,
        measure=payload.measure,
        title=payload.title,
        owner=payload.owner,
        due_on=payload.due_on,
        expected_effect=payload.expected_effect,
        intervention=intervention,
    )
    return Status(201, _action_out(plans.ActionRow(action, None, False)))


@router.post(
    "/plans/actions/{pk}/progress",
    response={201: ProgressOut, 422: ErrorsOut},
    summary="Record this month's progress on an action (the regional manager)",
)
def plan_progress_create(request: HttpRequest, pk: int, payload: ProgressIn) -> Any:
    action = get_for_user(
        _user(request), plan_policy, pk=pk, action="progress", queryset=PlanAction.objects.all()
    )
    progress = services.plan_progress_record(
        actor=_user(request),
        action=action,
        month=timezone.localdate(),
        status=payload.status,
        note=payload.note,
    )
    return Status(201, {"month": progress.month, "status": progress.status, "note": progress.note})


# --- Annual reviews ------------------------------------------------------------


class CommentOut(Schema):
    author: str
    text: str
    made_at: datetime


class AnnualReviewOut(Schema):
    id: int
    region: str
    year: str
    status: str
    figures: dict[str, Any]
    commentary: str
    approved_at: datetime | None
    comments: list[CommentOut]
    #: Send it back to approve the review (a stale one is 409).
    version: int


#: A financial year, as the pages write it: 2025-26.
FinancialYear = Annotated[StrictStr, Field(min_length=1, max_length=7, description="For example 2025-26")]


class ReviewDraftIn(Schema):
    #: A financial year that has ended.
    year: FinancialYear
    commentary: LongText = ""


class ReviewCommentIn(Schema):
    text: LongText


class ReviewApproveIn(Schema):
    version: Version


def _comment_out(comment: ReviewComment) -> dict[str, Any]:
    return {"author": comment.author.get_full_name(), "text": comment.text, "made_at": comment.created_at}


def _review_out(review: AnnualReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "region": review.region.code,
        "year": review.year,
        "status": review.status,
        "figures": review.figures,
        "commentary": review.commentary,
        "approved_at": review.approved_at,
        "comments": [_comment_out(c) for c in review.comments.all()],
        "version": review.version,
    }


def _reviews() -> QuerySet[AnnualReview]:
    return AnnualReview.objects.select_related("region").prefetch_related(
        Prefetch("comments", queryset=ReviewComment.objects.select_related("author"))
    )


@router.get("/reviews", response=list[AnnualReviewOut], summary="The annual reviews the caller may read")
def review_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = _user(request)
    require(user, review_policy, "list")
    return [_review_out(r) for r in review_policy.scope(user) & _reviews()]


@router.post(
    "/reviews",
    response={201: AnnualReviewOut, 403: ErrorsOut, 422: ErrorsOut},
    summary="Draft the region's annual review of a year that has ended (the regional manager)",
)
def review_create(request: HttpRequest, payload: ReviewDraftIn) -> Any:
    user = _user(request)
    require(user, review_policy, "draft")
    region = Organisation.objects.get(pk=int(managed_region_id(user) or 0))
    review = services.review_draft(
        actor=user, region=region, year=payload.year.strip(), commentary=payload.commentary
    )
    return Status(201, _review_out(_reviews().get(pk=review.pk)))


@router.get("/reviews/{pk}", response=AnnualReviewOut, summary="A regional service's annual review")
def review_read(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _review_out(get_for_user(_user(request), review_policy, pk=pk, queryset=_reviews()))


@router.post(
    "/reviews/{pk}/comments",
    response={201: CommentOut, 403: ErrorsOut, 404: ErrorsOut, 422: ErrorsOut},
    summary="Comment on the region's draft annual review "
    "(its Board, Senior Responsible Officer or Joint Committee members)",
)
def review_comment_create(request: HttpRequest, pk: int, payload: ReviewCommentIn) -> Any:
    user = _user(request)
    review = get_for_user(user, review_policy, pk=pk, action="comment", queryset=_reviews())
    comment = services.review_comment(actor=user, review=review, text=payload.text)
    return Status(201, _comment_out(comment))


@router.post(
    "/reviews/{pk}/approve",
    response={200: AnnualReviewOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Approve the region's annual review and send it to the National Board "
    "(a member of its Regional Collaborative Board), with the version read",
)
def review_approve(request: HttpRequest, pk: int, payload: ReviewApproveIn) -> Any:
    user = _user(request)
    # Outside the caller's scope: 404. Inside, only the region's Board approves (403);
    # a review changed or approved since the version the caller read: 409.
    review = get_for_user(user, review_policy, pk=pk, queryset=_reviews())
    if not review_policy.approves(user, review):
        raise PermissionDenied
    if payload.version != review.version:
        raise StaleRecordError
    services.review_approve(actor=user, review=review, expected_version=payload.version)
    return _review_out(_reviews().get(pk=review.pk))
