"""Sufficiency in the JSON API: the same selectors and access rule as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from nas.sufficiency import access, pipeline

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
