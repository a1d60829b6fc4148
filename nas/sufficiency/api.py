"""Sufficiency in the JSON API: the same selectors and access rule as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from nas.sufficiency import access, pipeline
from nas.sufficiency import forecast as F

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
