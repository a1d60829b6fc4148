"""Writes of the region's plan: each service validates, runs in one
transaction and writes its own audit entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.organisations.models import Organisation, OrganisationKind
from nas.performance import measures
from nas.performance.models import Intervention
from nas.sufficiency.models import ActionStatus, PlanAction, PlanProgress, Progress

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
