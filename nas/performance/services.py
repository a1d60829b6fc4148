"""Writes of the performance framework: quarterly returns and
interventions. Each takes the acting person, validates, runs in one
transaction and records its own audit entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.core.records import StaleRecordError
from nas.notifications import events as notifications
from nas.organisations.models import Organisation, OrganisationKind
from nas.performance import measures
from nas.performance import periods as P
from nas.performance.models import (
    EntryKind,
    Intervention,
    InterventionAction,
    InterventionEntry,
    InterventionReview,
    InterventionStatus,
    QuarterlyReturn,
    ReturnStatus,
)
from nas.performance.selectors import return_figures

RETURN = "performance.quarterlyreturn"
INTERVENTION = "performance.intervention"
#: Each step of a return, the status it needs and the one it leaves.
STEPS = {
    "check": (ReturnStatus.DRAFT, ReturnStatus.CHECKED),
    "sign_off": (ReturnStatus.CHECKED, ReturnStatus.SIGNED_OFF),
    "submit": (ReturnStatus.SIGNED_OFF, ReturnStatus.SUBMITTED),
}


def _not_submitted(record: QuarterlyReturn) -> None:
    if record.is_submitted:
        raise ValidationError(
            {
                "__all__": _(
                    "This return has been submitted and cannot be changed. Correct it with a new version."
                )
            }
        )


def _locked(record: QuarterlyReturn, expected_version: int | None) -> QuarterlyReturn:
    locked = QuarterlyReturn.objects.select_for_update().get(pk=record.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleRecordError
    return locked


def _quarter(code: str) -> P.Period:
    try:
        period = P.parse(code)
    except ValueError:
        raise ValidationError({"quarter": _("Enter a quarter such as 2025-26-Q1")}) from None
    if period.kind != P.QUARTER:
        raise ValidationError({"quarter": _("Enter a quarter such as 2025-26-Q1")})
    return period


def return_draft(*, actor: Any, region: Organisation, quarter: str) -> QuarterlyReturn:
    """The region's return for the quarter, drafted from the measures if it
    has none yet (safe to call again: an existing return is left as it is)."""
    period = _quarter(quarter)
    if region.kind != OrganisationKind.REGION:
        raise ValidationError({"region": _("Choose a region")})
    if period.start > timezone.localdate():
        raise ValidationError({"quarter": _("The quarter has not begun")})
    existing = (
        QuarterlyReturn.objects.filter(region=region, quarter=period.code).order_by("-revision").first()
    )
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            record = QuarterlyReturn.objects.create(
                region=region,
                quarter=period.code,
                figures=return_figures(region, period),
                figures_at=timezone.now(),
                measures_version=measures.MEASURES_VERSION,
                drafted_by=actor if getattr(actor, "pk", None) else None,
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                record_type=RETURN,
                record_id=record.pk,
                detail={"region": region.code, "quarter": period.code, "revision": 1},
            )
    except IntegrityError:
        # Drafted by someone else at the same moment.
        return QuarterlyReturn.objects.filter(region=region, quarter=period.code).order_by("-revision")[0]
    return record


def return_refresh(*, actor: Any, record: QuarterlyReturn, expected_version: int | None = None) -> None:
    """Compute a draft's figures again from the journeys as they are now."""
    _not_submitted(record)
    with transaction.atomic():
        locked = _locked(record, expected_version)
        _not_submitted(locked)
        if locked.status != ReturnStatus.DRAFT:
            raise ValidationError({"__all__": _("Only a draft's figures are computed again")})
        figures = return_figures(locked.region, P.parse(locked.quarter))
        now = timezone.now()
        QuarterlyReturn.objects.filter(pk=locked.pk).update(
            figures=figures,
            figures_at=now,
            measures_version=measures.MEASURES_VERSION,
            version=F("version") + 1,
            updated_at=now,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=RETURN,
            record_id=locked.pk,
            detail={"refreshed": True},
        )
    record.refresh_from_db()


def return_commentary(
    *, actor: Any, record: QuarterlyReturn, commentary: str, expected_version: int | None = None
) -> None:
    """The region's commentary on its figures, while the return is a draft."""
    _not_submitted(record)
    with transaction.atomic():
        locked = _locked(record, expected_version)
        _not_submitted(locked)
        if locked.status != ReturnStatus.DRAFT:
            raise ValidationError(
                {"commentary": _("The commentary can be changed only while the return is a draft")}
            )
        QuarterlyReturn.objects.filter(pk=locked.pk).update(
            commentary=commentary.strip(), version=F("version") + 1, updated_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=RETURN,
            record_id=locked.pk,
            detail={"changes": {"commentary": {"from": locked.commentary, "to": commentary.strip()}}},
        )
    record.refresh_from_db()


def return_step(
    *, actor: Any, record: QuarterlyReturn, step: str, expected_version: int | None = None
) -> None:
    """Check, sign off or submit. Checking takes the figures as they are now
    (the draft's are computed again); signing off and submitting keep the
    checked figures, which submission freezes."""
    if step not in STEPS:
        raise ValidationError({"__all__": _("Choose check, sign off or submit")})
    need, leave = STEPS[step]
    _not_submitted(record)
    with transaction.atomic():
        locked = _locked(record, expected_version)
        _not_submitted(locked)
        if locked.status != need:
            message = {
                "check": _("Only a draft can be checked"),
                "sign_off": _("Check the return before signing it off"),
                "submit": _("Sign the return off before submitting it"),
            }[step]
            raise ValidationError({"__all__": message})
        now = timezone.now()
        changes: dict[str, Any] = {"status": leave, "version": F("version") + 1, "updated_at": now}
        if step == "check":
            if P.parse(locked.quarter).end >= timezone.localdate():
                raise ValidationError(
                    {"__all__": _("The quarter has not ended: check the return once it has")}
                )
            changes.update(
                figures=return_figures(locked.region, P.parse(locked.quarter)),
                figures_at=now,
                measures_version=measures.MEASURES_VERSION,
                checked_by=actor,
                checked_at=now,
            )
        elif step == "sign_off":
            changes.update(signed_off_by=actor, signed_off_at=now)
        else:
            changes.update(submitted_by=actor, submitted_at=now)
        QuarterlyReturn.objects.filter(pk=locked.pk).update(**changes)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=RETURN,
            record_id=locked.pk,
            detail={"status": {"from": locked.status, "to": leave}},
        )
    record.refresh_from_db()


def return_correct(*, actor: Any, record: QuarterlyReturn, reason: str) -> QuarterlyReturn:
    """Correct a submitted return: a new version (n + 1) with its reason,
    drafted from the figures as they are now, through the same steps. The
    submitted version stays as it was."""
    return _new_version(actor, record, reason, {})


def return_send_back(*, actor: Any, record: QuarterlyReturn, reason: str) -> QuarterlyReturn:
    """The national team sends a submitted return back to its region for
    correction, with the reason: version n + 1 is drafted for the region to
    check, sign off and submit again, and the region's manager (and the
    analysts) are told."""
    correction = _new_version(actor, record, reason, {"sent_back": True})
    notifications.return_sent_back(actor=actor, record=correction)
    return correction


def _new_version(actor: Any, record: QuarterlyReturn, reason: str, detail: dict[str, Any]) -> QuarterlyReturn:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Enter the reason for the correction")})
    if not record.is_submitted:
        raise ValidationError(
            {"__all__": _("Only a submitted return is corrected; change the draft instead")}
        )
    with transaction.atomic():
        top = QuarterlyReturn.objects.filter(region=record.region, quarter=record.quarter).aggregate(
            top=Max("revision")
        )["top"]
        if top != record.revision:
            raise ValidationError({"__all__": _("A later version of this return already exists")})
        try:
            with transaction.atomic():
                correction = QuarterlyReturn.objects.create(
                    region=record.region,
                    quarter=record.quarter,
                    revision=record.revision + 1,
                    supersedes=record,
                    reason=reason,
                    figures=return_figures(record.region, P.parse(record.quarter)),
                    figures_at=timezone.now(),
                    measures_version=measures.MEASURES_VERSION,
                    drafted_by=actor,
                )
        except IntegrityError:
            raise ValidationError({"__all__": _("A later version of this return already exists")}) from None
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=RETURN,
            record_id=correction.pk,
            reason=reason,
            detail={"corrects": record.pk, "revision": correction.revision, **detail},
        )
    return correction


# --- Interventions ---------------------------------------------------------


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _future(day: date | None, field: str) -> None:
    if day is not None and day < timezone.localdate():
        raise ValidationError({field: _("The date must be today or later")})


def intervention_open(
    *,
    actor: Any,
    region: Organisation,
    measure: str,
    concerns: str,
    action: str,
    action_due_on: date,
    review_on: date,
    response_due_on: date,
) -> Intervention:
    """The Director of Operations opens an intervention on a region that falls
    short on a measure: the concerns, the first action of the plan, the first
    review date, and when the region's response is due."""
    if region.kind != OrganisationKind.REGION:
        raise ValidationError({"region": _("Choose a region")})
    if measures.get(measure) is None:
        raise ValidationError({"measure": _("Choose the measure the region falls short on")})
    concerns = _text(concerns, "concerns", _("Enter the concerns"))
    action = _text(action, "action", _("Enter the first action of the plan"))
    for day, field in (
        (action_due_on, "action_due_on"),
        (review_on, "review_on"),
        (response_due_on, "response_due_on"),
    ):
        _future(day, field)
    with transaction.atomic():
        intervention = Intervention.objects.create(
            region=region,
            measure=measure,
            concerns=concerns,
            response_due_on=response_due_on,
            opened_by=actor,
        )
        InterventionAction.objects.create(intervention=intervention, text=action, due_on=action_due_on)
        InterventionReview.objects.create(intervention=intervention, due_on=review_on)
        InterventionEntry.objects.create(
            intervention=intervention, kind=EntryKind.OPENED, text=concerns, author=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=INTERVENTION,
            record_id=intervention.pk,
            detail={"region": region.code, "measure": measure},
        )
        notifications.intervention_opened(actor=actor, intervention=intervention)
    return intervention


def _open(intervention: Intervention, expected_version: int | None) -> Intervention:
    locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleRecordError
    if not locked.is_open:
        raise ValidationError({"__all__": _("This intervention is closed")})
    return locked


def _touch(locked: Intervention, **changes: Any) -> None:
    Intervention.objects.filter(pk=locked.pk).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )


def intervention_update(
    *,
    actor: Any,
    intervention: Intervention,
    text: str,
    action: str = "",
    action_due_on: date | None = None,
    review_on: date | None = None,
    response_due_on: date | None = None,
    expected_version: int | None = None,
) -> None:
    """The Director's update: a note, and optionally a new action, a new
    review date, or a new date for the region's response."""
    text = _text(text, "text", _("Enter the update"))
    if action.strip() and action_due_on is None:
        raise ValidationError({"action_due_on": _("Enter the date the action is to be done by")})
    for day, field in (
        (action_due_on, "action_due_on"),
        (review_on, "review_on"),
        (response_due_on, "response_due_on"),
    ):
        _future(day, field)
    with transaction.atomic():
        locked = _open(intervention, expected_version)
        if action.strip() and action_due_on is not None:
            InterventionAction.objects.create(intervention=locked, text=action.strip(), due_on=action_due_on)
        if review_on is not None:
            InterventionReview.objects.create(intervention=locked, due_on=review_on)
        InterventionEntry.objects.create(intervention=locked, kind=EntryKind.UPDATE, text=text, author=actor)
        _touch(locked, **({"response_due_on": response_due_on} if response_due_on else {}))
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=INTERVENTION,
            record_id=locked.pk,
            detail={"update": True, "action": bool(action.strip()), "review_on": str(review_on or "")},
        )
    intervention.refresh_from_db()


def intervention_respond(
    *,
    actor: Any,
    intervention: Intervention,
    text: str,
    done_actions: list[int] | None = None,
    expected_version: int | None = None,
) -> None:
    """The region's response, marking the actions it has done."""
    text = _text(text, "text", _("Enter the region's response"))
    with transaction.atomic():
        locked = _open(intervention, expected_version)
        done = list(
            InterventionAction.objects.filter(
                intervention=locked, pk__in=done_actions or [], done_on__isnull=True
            ).values_list("pk", flat=True)
        )
        InterventionAction.objects.filter(pk__in=done).update(done_on=timezone.localdate())
        InterventionEntry.objects.create(
            intervention=locked, kind=EntryKind.RESPONSE, text=text, author=actor
        )
        _touch(locked)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=INTERVENTION,
            record_id=locked.pk,
            detail={"response": True, "actions_done": done},
        )
    intervention.refresh_from_db()


def intervention_review(
    *, actor: Any, intervention: Intervention, outcome: str, expected_version: int | None = None
) -> None:
    """The Director holds the next review due and records its outcome."""
    outcome = _text(outcome, "outcome", _("Enter the outcome of the review"))
    with transaction.atomic():
        locked = _open(intervention, expected_version)
        review = locked.reviews.filter(held_on__isnull=True).order_by("due_on").first()
        if review is None:
            raise ValidationError({"outcome": _("There is no review date to hold: add one with an update")})
        InterventionReview.objects.filter(pk=review.pk).update(held_on=timezone.localdate(), outcome=outcome)
        InterventionEntry.objects.create(
            intervention=locked, kind=EntryKind.REVIEW, text=outcome, author=actor
        )
        _touch(locked)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=INTERVENTION,
            record_id=locked.pk,
            detail={"review": review.due_on.isoformat()},
        )
    intervention.refresh_from_db()


def intervention_close(
    *, actor: Any, intervention: Intervention, note: str, expected_version: int | None = None
) -> None:
    note = _text(note, "note", _("Enter why the intervention is being closed"))
    with transaction.atomic():
        locked = _open(intervention, expected_version)
        InterventionEntry.objects.create(intervention=locked, kind=EntryKind.CLOSED, text=note, author=actor)
        _touch(
            locked,
            status=InterventionStatus.CLOSED,
            closed_at=timezone.now(),
            closed_by=actor,
            closing_note=note,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=INTERVENTION,
            record_id=locked.pk,
            detail={"status": {"from": "open", "to": "closed"}},
        )
    intervention.refresh_from_db()
