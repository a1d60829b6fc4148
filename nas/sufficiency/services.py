"""Writes of the region's plan: each service validates, runs in one
transaction and writes its own audit entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.core.records import StaleRecordError
from nas.organisations.models import Organisation, OrganisationKind
from nas.performance import measures
from nas.performance.models import Intervention
from nas.sufficiency.models import (
    ActionStatus,
    AnnualReview,
    PlanAction,
    PlanProgress,
    Progress,
    ReviewComment,
    ReviewStatus,
)

PLAN_ACTION = "sufficiency.planaction"


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def plan_action_add(
    *,
    actor: Any,
    region: Organisation,
    measure: str,
    title: str,
    owner: str,
    due_on: date,
    expected_effect: str,
    intervention: Intervention | None = None,
) -> PlanAction:
    """An action in the region's plan, tied to a measure of the framework
    (and, when it answers one, to the Director's intervention on the region)."""
    if region.kind != OrganisationKind.REGION:
        raise ValidationError({"region": _("Choose a region")})
    if measures.get(measure) is None:
        raise ValidationError({"measure": _("Choose the measure the action is for")})
    if intervention is not None and intervention.region_id != region.pk:
        raise ValidationError({"intervention": _("Choose an intervention on this region")})
    title = _text(title, "title", _("Enter the action"))
    owner = _text(owner, "owner", _("Enter who owns the action"))
    expected_effect = _text(expected_effect, "expected_effect", _("Enter the effect expected on the measure"))
    with transaction.atomic():
        action = PlanAction.objects.create(
            region=region,
            measure=measure,
            title=title,
            owner=owner,
            due_on=due_on,
            expected_effect=expected_effect,
            intervention=intervention,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=PLAN_ACTION,
            record_id=action.pk,
            detail={"region": region.code, "measure": measure},
        )
    return action


def plan_progress_record(
    *, actor: Any, action: PlanAction, month: date, status: str, note: str
) -> PlanProgress:
    """This month's progress on an action; "done" closes it. One entry a month."""
    if action.status != ActionStatus.OPEN:
        raise ValidationError({"status": _("This action is closed")})
    if status not in Progress.values:
        raise ValidationError({"status": _("Choose how the action is going")})
    note = _text(note, "note", _("Enter what was done this month"))
    month = month.replace(day=1)
    try:
        with transaction.atomic():
            progress = PlanProgress.objects.create(
                action=action, month=month, status=status, note=note, recorded_by=actor
            )
            if status == Progress.DONE:
                PlanAction.objects.filter(pk=action.pk).update(
                    status=ActionStatus.DONE, version=action.version + 1
                )
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                record_type=PLAN_ACTION,
                record_id=action.pk,
                detail={"progress": status, "month": f"{month:%Y-%m}"},
            )
    except IntegrityError:
        raise ValidationError({"month": _("This month's progress is already recorded")}) from None
    return progress


ANNUAL_REVIEW = "sufficiency.annualreview"
#: The measures an annual review is drafted from.
REVIEW_MEASURES = ("NAS-C1", "NAS-C3", "NAS-C4", "NAS-A3", "NAS-A4", "NAS-R1")


def _review_figures(region: Organisation, year: str) -> dict[str, Any]:
    """The year's figures, the plan's progress and the forecast, as the draft records them."""
    from nas.performance import periods
    from nas.performance import scopes as S
    from nas.sufficiency import forecast, plans

    period = periods.parse(year)
    scope = S.region_scope(region)
    results = measures.compute_all([period], [scope], codes=list(REVIEW_MEASURES))
    figures = {}
    for code in REVIEW_MEASURES:
        figure = results.get(code, period, scope)
        figures[code] = None if figure is None or figure.value is None else round(figure.value, 2)
    today = timezone.localdate()
    plan = plans.plan(region, today)
    ahead = forecast.forecasts([scope], today, horizon=4, bootstrap=0)[scope.code]
    gaps = {g.code: None if g.gap is None else round(g.gap, 1) for g in ahead.gaps}
    return {
        "measures": figures,
        "plan": {"open": plan.open_actions, **plan.counts},
        "forecast": {
            "quarter": ahead.last.period.code,
            "children_waiting": round(ahead.last.children_waiting, 1),
            "households_waiting": None
            if ahead.last.households_waiting is None
            else round(ahead.last.households_waiting, 1),
            "gaps": gaps,
        },
    }


def review_draft(*, actor: Any, region: Organisation, year: str, commentary: str = "") -> AnnualReview:
    """The Regional Adoption Manager drafts the year's review from the figures."""
    from nas.performance import periods

    try:
        period = periods.parse(year)
    except ValueError:
        raise ValidationError({"year": _("Enter a financial year such as 2025-26")}) from None
    if period.kind != periods.YEAR or period.end >= timezone.localdate():
        raise ValidationError({"year": _("Choose a financial year that has ended")})
    if AnnualReview.objects.filter(region=region, year=period.code).exists():
        raise ValidationError({"year": _("This year's review is already drafted")})
    with transaction.atomic():
        review = AnnualReview.objects.create(
            region=region,
            year=period.code,
            figures=_review_figures(region, period.code),
            commentary=(commentary or "").strip(),
            drafted_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=ANNUAL_REVIEW,
            record_id=review.pk,
            detail={"region": region.code, "year": period.code},
        )
    return review


def review_comment(*, actor: Any, review: AnnualReview, text: str) -> ReviewComment:
    """A comment of the Regional Collaborative Board on the draft."""
    if review.status != ReviewStatus.DRAFT:
        raise ValidationError({"text": _("The review is approved; it takes no more comments")})
    text = _text(text, "text", _("Enter your comment"))
    with transaction.atomic():
        comment = ReviewComment.objects.create(review=review, author=actor, text=text)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=ANNUAL_REVIEW,
            record_id=review.pk,
            detail={"comment": comment.pk},
        )
    return comment


def review_approve(*, actor: Any, review: AnnualReview, expected_version: int | None = None) -> AnnualReview:
    """The Regional Collaborative Board approves the review and sends it to the
    National Board. `expected_version` is the version the approver read (the
    review as it stood when they read it); by default the one in `review`.
    Approved in the meantime: refused; changed in the meantime: StaleRecordError."""
    if review.status != ReviewStatus.DRAFT:
        raise ValidationError({"__all__": _("The review is already approved")})
    version = review.version if expected_version is None else expected_version
    with transaction.atomic():
        still = AnnualReview.objects.filter(pk=review.pk, status=ReviewStatus.DRAFT, version=version)
        approved = still.update(
            status=ReviewStatus.APPROVED,
            approved_by=actor,
            approved_at=timezone.now(),
            version=version + 1,
            updated_at=timezone.now(),
        )
        if approved != 1:
            if AnnualReview.objects.filter(pk=review.pk, status=ReviewStatus.DRAFT).exists():
                raise StaleRecordError
            raise ValidationError({"__all__": _("The review is already approved")})
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=ANNUAL_REVIEW,
            record_id=review.pk,
            detail={"status": ReviewStatus.APPROVED},
        )
    review.refresh_from_db()
    return review
