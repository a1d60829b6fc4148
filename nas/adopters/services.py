"""Writes for adopter households and enquiries. Each takes the acting person,
validates, runs in one transaction and records its own audit entry."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nas.accounts.roles import Role
from nas.adopters import codes, deadlines, journey_dates
from nas.adopters.journey import (
    APPROVED_STAGES,
    DECISIONS,
    MACHINE,
    PANEL_STEPS,
    REASONED,
    STAGE_ONE_CHECKS,
    MilestoneKind,
    Stage,
)
from nas.adopters.models import Enquiry, Household, HouseholdMember, Milestone
from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.children.codes import ContactPlan, NeedLevel
from nas.core.journey import Journey, check_floor
from nas.core.records import StaleRecordError, record_archive, record_update
from nas.organisations.models import Organisation, OrganisationKind

RECORD_TYPE = "adopters.household"
ENQUIRY_RECORD_TYPE = "adopters.enquiry"
MAIN_PATH = MACHINE.main_path
JOURNEY = Journey(
    machine=MACHINE,
    owner_model=Household,
    milestone_model=Milestone,
    owner_field="household",
    record_type=RECORD_TYPE,
    dates=journey_dates.TABLE,
    kind_label=lambda kind: str(MilestoneKind(kind).label),
    stage_label=lambda stage: str(Stage(stage).label),
)
#: Called with (actor=, household=, milestone=) in the same transaction once a milestone is
#: recorded, so other parts of the service follow the household's journey without it knowing
#: them (family finding makes the household's anonymous profile at approval), as
#: nas.children.services.MILESTONE_HOOKS does for the child's.
MILESTONE_HOOKS: list[Callable[..., None]] = JOURNEY.hooks
REASON_CODES: dict[str, type[Any]] = {
    "NotProceedingReason": codes.NotProceedingReason,
    "WithdrawalReason": codes.WithdrawalReason,
    "DeregistrationReason": codes.DeregistrationReason,
    "ReviewOutcome": codes.ReviewOutcome,
    "ReviewRoute": codes.ReviewRoute,
    "IrmRecommendation": codes.IrmRecommendation,
}
RANGE_FIELDS = (
    "age_min",
    "age_max",
    "max_children",
    "sibling_group",
    "health_needs",
    "developmental_needs",
    "behavioural_needs",
    "disability",
    "contact",
)


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _new_reference(owner: Organisation, when: date) -> str:
    prefix = "".join(part[0] for part in owner.code.split("-") if part)[:4].upper()
    return f"{prefix}-{when:%Y}-{secrets.token_hex(3).upper()}"


def _check_owner(owner_id: int) -> Organisation:
    owner = Organisation.objects.filter(pk=owner_id).first()
    if owner is None or owner.kind not in {OrganisationKind.REGION, OrganisationKind.VOLUNTARY_AGENCY}:
        raise ValidationError({"owner": _("Choose a region or a voluntary adoption agency")})
    return owner


def household_create(
    *,
    actor: Any,
    owner_id: int,
    enquiry_date: date,
    applicants: list[dict[str, Any]],
    **fields: Any,
) -> Household:
    """Open a household's record with its first milestone, the enquiry, and its applicants."""
    owner = _check_owner(owner_id)
    if enquiry_date > timezone.localdate():
        raise ValidationError({"enquiry_date": _("The date cannot be in the future")})
    if not applicants or not any(a.get("first_names") and a.get("last_name") for a in applicants):
        raise ValidationError({"first_names": _("Enter the name of at least one applicant")})
    if len(applicants) > 2:
        raise ValidationError({"first_names": _("A household has one or two applicants")})
    with transaction.atomic():
        for _attempt in range(5):
            household = Household(owner=owner, reference=_new_reference(owner, enquiry_date), **fields)
            try:
                with transaction.atomic():
                    household.save()
                break
            except IntegrityError:
                continue
        else:  # pragma: no cover - five random collisions in a row
            raise ValidationError({"__all__": _("Could not make a reference; try again")})
        for applicant in applicants:
            if applicant.get("first_names") and applicant.get("last_name"):
                HouseholdMember.objects.create(
                    household=household,
                    role=codes.MemberRole.APPLICANT,
                    first_names=applicant["first_names"],
                    last_name=applicant["last_name"],
                    date_of_birth=applicant.get("date_of_birth"),
                )
        Milestone.objects.create(
            household=household,
            kind=MilestoneKind.ENQUIRY,
            date=enquiry_date,
            recorded_by=_actor(actor),
            sequence=1,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=RECORD_TYPE,
            record_id=household.pk,
            detail={"enquiry": enquiry_date.isoformat(), "owner": owner.code},
        )
    return household


def household_update(
    *, actor: Any, household: Household, expected_version: int, changes: dict[str, Any]
) -> None:
    """Change the household's details; refuses if someone else saved it meanwhile."""
    record_update(
        actor=actor,
        record=household,
        record_type=RECORD_TYPE,
        expected_version=expected_version,
        changes=changes,
    )


def approval_range_set(
    *,
    actor: Any,
    household: Household,
    expected_version: int,
    changes: dict[str, Any],
    review_on: date | None = None,
    note: str = "",
) -> None:
    """Record the approval range (recommended in the Prospective Adopter's
    Report, confirmed at approval, changed at a review).

    Once the household is approved the range is part of the approval: it
    changes only at a review of the approval (Adoption Agencies (Wales)
    Regulations 2005, reg. 30D as substituted by SI 2020/163), recorded here
    as the review with its date, or by the agency decision maker. The audit
    trail keeps the old and the new range either way."""
    with transaction.atomic():
        locked = Household.objects.select_for_update().get(pk=household.pk)
        if locked.version != expected_version:
            raise StaleRecordError
        approved = locked.stage in APPROVED_STAGES
        by_decision_maker = approved and review_on is None and actor.has_role(Role.AGENCY_DECISION_MAKER)
        if approved and review_on is None and not by_decision_maker:
            raise ValidationError(
                {
                    "review_on": _(
                        "The household is approved: its range changes only at a review of the approval. "
                        "Enter the date of the review"
                    )
                }
            )
        merged = {name: changes.get(name, getattr(locked, name)) for name in RANGE_FIELDS}
        _check_range(merged)
        record_update(
            actor=actor,
            record=locked,
            record_type=RECORD_TYPE,
            expected_version=expected_version,
            changes=changes,
            reason=(
                "approval review"
                if review_on is not None
                else "agency decision maker's decision"
                if by_decision_maker
                else "approval range"
            ),
        )
        if review_on is not None:
            changed = {
                name: _range_value(merged[name])
                for name in RANGE_FIELDS
                if merged[name] != getattr(household, name)
            }
            milestone_record(
                actor=actor,
                household=locked,
                kind=MilestoneKind.APPROVAL_REVIEW,
                when=review_on,
                detail={"reason": codes.ReviewOutcome.RANGE_CHANGED, "note": note, "range": changed},
            )
    household.refresh_from_db()


def _range_value(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _check_range(merged: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if merged["age_max"] is None:
        errors["age_max"] = _("Enter the oldest age of child they could adopt")
    if merged["age_min"] is None:
        errors["age_min"] = _("Enter the youngest age of child they could adopt")
    elif merged["age_max"] is not None and merged["age_min"] > merged["age_max"]:
        errors["age_min"] = _("The youngest age cannot be more than the oldest age")
    if merged["max_children"] is None:
        errors["max_children"] = _("Enter the most children they could adopt at once")
    elif merged["sibling_group"] and merged["max_children"] < 2:
        errors["max_children"] = _("A household taking a sibling group must be able to take 2 or more")
    for name in ("health_needs", "developmental_needs", "behavioural_needs"):
        if merged[name] not in NeedLevel.values:
            errors[name] = _("Choose the level of needs they can meet")
    contact = merged["contact"] or []
    if not isinstance(contact, list) or any(c not in ContactPlan.values for c in contact):
        errors["contact"] = _("Choose the contact they can manage")
    if errors:
        raise ValidationError(errors)


def _check_member(role: str, date_of_birth: date | None) -> None:
    if role not in codes.MemberRole.values:
        raise ValidationError({"role": _("Choose the person's role in the household")})
    if date_of_birth is not None and date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future")})


def _lock(household_id: int, expected_version: int | None) -> Household:
    """The household's row, locked for this transaction; refuses if someone saved it
    since the person opened it at `expected_version`."""
    locked = Household.objects.select_for_update().get(pk=household_id)
    if expected_version is not None and locked.version != expected_version:
        raise StaleRecordError
    return locked


def member_add(
    *,
    actor: Any,
    household: Household,
    role: str,
    first_names: str,
    last_name: str,
    date_of_birth: date | None = None,
    relationship: str = "",
    expected_version: int | None = None,
) -> HouseholdMember:
    _check_member(role, date_of_birth)
    with transaction.atomic():
        locked = _lock(household.pk, expected_version)
        applicants = locked.members.filter(role=codes.MemberRole.APPLICANT).count()
        if role == codes.MemberRole.APPLICANT and applicants >= 2:
            raise ValidationError({"role": _("A household has one or two applicants")})
        member = HouseholdMember.objects.create(
            household=locked,
            role=role,
            first_names=first_names.strip(),
            last_name=last_name.strip(),
            date_of_birth=date_of_birth,
            relationship=relationship.strip(),
        )
        Household.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=RECORD_TYPE,
            record_id=locked.pk,
            detail={"member_added": member.pk, "role": role},
        )
    household.refresh_from_db()
    return member


MEMBER_FIELDS = ("role", "first_names", "last_name", "date_of_birth", "relationship")


def member_update(
    *,
    actor: Any,
    household: Household,
    member: HouseholdMember,
    expected_version: int,
    changes: dict[str, Any],
) -> None:
    """Correct a person's details (a misspelt name, a wrong date of birth). The
    household's version guards against two people correcting at once; the audit
    trail keeps the old and the new values."""
    if member.household_id != household.pk:
        raise ValidationError({"__all__": _("This person is not in this household")})
    changes = {name: value for name, value in changes.items() if name in MEMBER_FIELDS}
    for name in ("first_names", "last_name", "relationship"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
    if "first_names" in changes and not changes["first_names"]:
        raise ValidationError({"first_names": _("Enter the person's first names")})
    if "last_name" in changes and not changes["last_name"]:
        raise ValidationError({"last_name": _("Enter the person's last name")})
    role = changes.get("role", member.role)
    _check_member(role, changes.get("date_of_birth", member.date_of_birth))
    with transaction.atomic():
        locked = _lock(household.pk, expected_version)
        current = HouseholdMember.objects.select_for_update().get(pk=member.pk)
        if (
            role == codes.MemberRole.APPLICANT
            and current.role != codes.MemberRole.APPLICANT
            and locked.members.filter(role=codes.MemberRole.APPLICANT).count() >= 2
        ):
            raise ValidationError({"role": _("A household has one or two applicants")})
        if current.role == codes.MemberRole.APPLICANT and role != codes.MemberRole.APPLICANT:
            if locked.members.filter(role=codes.MemberRole.APPLICANT).count() <= 1:
                raise ValidationError({"role": _("A household has one or two applicants")})
        changed = {
            name: {"from": _jsonable(getattr(current, name)), "to": _jsonable(value)}
            for name, value in changes.items()
            if getattr(current, name) != value
        }
        if changed:
            HouseholdMember.objects.filter(pk=current.pk).update(**changes)
        Household.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=RECORD_TYPE,
            record_id=locked.pk,
            detail={"member": current.pk, "changes": changed},
        )
    household.refresh_from_db()
    member.refresh_from_db()


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def reason_label(kind: str, code: str) -> str:
    """The coded reason in words, in the reader's language."""
    code_set = REASONED.get(kind)
    if code_set is None or not code:
        return ""
    choices = dict(REASON_CODES[code_set].choices)
    return str(choices.get(code, code))


def _check_detail(kind: str, detail: dict[str, Any]) -> dict[str, Any]:
    code_set = REASONED.get(kind)
    note = str(detail.get("note", ""))[:2000]
    if code_set is not None:
        if detail.get("reason") not in REASON_CODES[code_set].values:
            raise ValidationError({"reason": _("Choose the reason")})
        if kind == MilestoneKind.APPROVAL_REVIEW and detail["reason"] == codes.ReviewOutcome.RANGE_CHANGED:
            if not isinstance(detail.get("range"), dict):
                raise ValidationError(
                    {"reason": _("A review that changes the range is recorded on the approval range page")}
                )
            return {"reason": detail["reason"], "note": note, "range": detail["range"]}
        return {"reason": detail["reason"], "note": note}
    if kind in {MilestoneKind.PANEL_RECOMMENDATION, MilestoneKind.PANEL_MINUTES_FINAL}:
        return {k: detail[k] for k in ("agenda_item", "meeting", "recommendation") if k in detail}
    if kind in {MilestoneKind.APPROVED, MilestoneKind.NOT_APPROVED, MilestoneKind.QUALIFYING_DETERMINATION}:
        return {k: detail[k] for k in ("decision",) if k in detail}
    if kind in {MilestoneKind.LINKED, MilestoneKind.LINK_ENDED, MilestoneKind.MATCHED, MilestoneKind.PLACED}:
        # Recorded through a link between a child and the household (nas.matching).
        kept = {k: detail[k] for k in ("link", "decision") if isinstance(detail.get(k), int)}
        return {**kept, "note": note} if note else kept
    return {"note": note} if note else {}


def _floor_for(kind: str, milestones: list[Milestone]) -> Milestone | None:
    """The milestone a new one may not be dated before: the latest step of the
    main path (for side milestones too: a check is dated within its stage)."""
    main = [m for m in milestones if m.kind in MAIN_PATH]
    return max(main, key=lambda m: m.sequence) if main else None


def _check_prerequisites(kind: str, milestones: list[Milestone], household: Household, when: date) -> None:
    recorded = {m.kind for m in milestones}
    if kind == MilestoneKind.STAGE_ONE_COMPLETED:
        missing = [MilestoneKind(k).label for k in STAGE_ONE_CHECKS if k not in recorded]
        if missing:
            raise ValidationError(
                {
                    "kind": _("Stage 1 cannot be completed before the statutory checks: %(missing)s")
                    % {"missing": "; ".join(str(m) for m in missing)}
                }
            )
    if kind == MilestoneKind.PAR_COMPLETED and not household.has_approval_range:
        raise ValidationError(
            {"kind": _("Record the approval range the report recommends before completing the report")}
        )
    if kind == MilestoneKind.PANEL_RECOMMENDATION and MilestoneKind.PAR_COMPLETED not in recorded:
        raise ValidationError(
            {"kind": _("The Prospective Adopter's Report must be completed before the panel")}
        )
    if kind == MilestoneKind.IRM_RECOMMENDATION and _review_route(milestones) != codes.ReviewRoute.IRM:
        raise ValidationError(
            {
                "kind": _(
                    "Record first that the prospective adopter applied to the Independent Review Mechanism"
                )
            }
        )
    if kind in {MilestoneKind.APPROVED, MilestoneKind.NOT_APPROVED}:
        _check_final_decision(milestones, household, when)


def _latest(milestones: list[Milestone], kind: str) -> Milestone | None:
    found = [m for m in milestones if m.kind == kind]
    return found[-1] if found else None


def _review_route(milestones: list[Milestone]) -> str | None:
    request = _latest(milestones, MilestoneKind.REVIEW_REQUESTED)
    return request.detail.get("reason") if request is not None else None


def _check_final_decision(milestones: list[Milestone], household: Household, when: date) -> None:
    """The final decision after a qualifying determination.

    Adoption Agencies (Wales) Regulations 2005, reg. 30B as substituted by the
    Adoption Agencies (Wales) (Amendment) Regulations 2020 (SI 2020/163 (W.36)):
    when the agency is minded not to approve (the qualifying determination,
    reg. 30B(5)) the prospective adopter may, within 40 working days, make
    representations to the agency or apply to the Welsh Ministers for a review
    by an independent review panel under the Independent Review of
    Determinations (Adoption and Fostering) (Wales) Regulations 2010 (SI
    2010/746 (W.77)). The agency makes its final decision only once the period
    has passed without either, once it has the representations, or, after an
    application for review, once it has the review panel's recommendation,
    which it takes into account. The 40 working days is the period the service
    has applied since it was built (nas.adopters.deadlines.review_window); the
    Welsh text of reg. 30B could not be read where this was written. A Senedd
    scrutiny report (SL(6)759) shows the 2010 Regulations being replaced by the
    Independent Review of Determinations (Adoption and Fostering) (Wales)
    Regulations 2026; their commencement, and whether they change the period,
    could not be confirmed.
    """
    determination = _latest(milestones, MilestoneKind.QUALIFYING_DETERMINATION)
    if determination is None:
        return
    request = _latest(milestones, MilestoneKind.REVIEW_REQUESTED)
    if request is None:
        window = deadlines.review_window(
            {MilestoneKind.QUALIFYING_DETERMINATION: determination.date}, household.stage
        )
        assert window is not None
        if when < window.due:
            raise ValidationError(
                {
                    "decided_on": _(
                        "The prospective adopter has 40 working days from the qualifying determination, "
                        "until %(date)s, to make representations or apply for an independent review. "
                        "Decide after that, or record their representations first."
                    )
                    % {"date": _day(window.due)}
                }
            )
        return
    if request.detail.get("reason") == codes.ReviewRoute.IRM:
        recommendation = _latest(milestones, MilestoneKind.IRM_RECOMMENDATION)
        if recommendation is None:
            raise ValidationError(
                {
                    "decided_on": _(
                        "The prospective adopter applied for an independent review: record the independent "
                        "review panel's recommendation before the final decision"
                    )
                }
            )
        floor = recommendation
    else:
        floor = request
    if when < floor.date:
        raise ValidationError(
            {
                "decided_on": _("The date cannot be before %(previous)s on %(date)s")
                % {"previous": floor.get_kind_display(), "date": _day(floor.date)}
            }
        )


def milestone_record(
    *,
    actor: Any,
    household: Household,
    kind: str,
    when: date,
    detail: dict[str, Any] | None = None,
    expected_version: int | None = None,
) -> Milestone:
    """Record the next step of the journey, if the journey allows it now."""
    milestone: Milestone = JOURNEY.record(
        actor=actor,
        owner=household,
        kind=kind,
        when=when,
        detail=detail,
        expected_version=expected_version,
        check=_check_new,
    )
    return milestone


def _check_new(
    locked: Household, milestones: list[Milestone], kind: str, when: date, detail: dict[str, Any]
) -> dict[str, Any]:
    if when > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future")})
    check_floor(_floor_for(kind, milestones), when)
    _check_prerequisites(kind, milestones, locked, when)
    return _check_detail(kind, detail)


CORRECTED_ELSEWHERE = gettext_lazy(
    "The panel's recommendation, its minutes and the decision maker's decisions are dated by the panel "
    "and decision records. Ask the panel adviser or the decision maker to correct them there."
)


def milestone_correct(
    *, actor: Any, milestone: Milestone, when: date, reason: str, expected_version: int | None = None
) -> None:
    """Correct a milestone's date. The old date stays in the audit trail with the reason.

    The panel's steps and the decisions are not corrected here: their dates are
    those of the panel's and the decision maker's own records (nas.panels), and
    a date changed on one side only would make the two disagree."""
    if milestone.kind in PANEL_STEPS or milestone.kind in DECISIONS:
        raise ValidationError({"date": CORRECTED_ELSEWHERE})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Enter the reason for the correction")})
    if when > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future")})

    def check(household: Household, journey: list[Milestone]) -> None:
        main = [m for m in journey if m.kind in MAIN_PATH]
        if milestone.kind in MAIN_PATH:
            index = next(i for i, m in enumerate(main) if m.pk == milestone.pk)
            before = main[index - 1] if index > 0 else None
            after = main[index + 1] if index + 1 < len(main) else None
        else:
            earlier = [m for m in main if m.sequence < milestone.sequence]
            later = [m for m in main if m.sequence > milestone.sequence]
            before = earlier[-1] if earlier else None
            after = later[0] if later else None
        check_floor(before, when)
        if after is not None and when > after.date:
            raise ValidationError(
                {
                    "date": _("The date cannot be after %(next)s on %(date)s")
                    % {"next": after.get_kind_display(), "date": _day(after.date)}
                }
            )

    JOURNEY.correct(
        actor=actor,
        milestone=milestone,
        when=when,
        reason=reason,
        expected_version=expected_version,
        check=check,
    )


def household_archive(*, actor: Any, household: Household, reason: str) -> None:
    record_archive(actor=actor, record=household, record_type=RECORD_TYPE, reason=reason)


# --- Enquiries from the public ------------------------------------------------


def enquiry_destinations() -> Any:
    """The regions and voluntary agencies a member of the public may enquire with."""
    return Organisation.objects.filter(
        kind__in=[OrganisationKind.REGION, OrganisationKind.VOLUNTARY_AGENCY], active=True
    ).order_by("kind", "name_en")


def enquiry_submit(
    *,
    organisation_id: int,
    first_names: str,
    last_name: str,
    email: str,
    language: str,
    phone: str = "",
    residence_authority_id: int | None = None,
    kind: str = codes.HouseholdKind.DOMESTIC,
    message: str = "",
    received_at: datetime | None = None,
) -> Enquiry:
    """Record an enquiry from a member of the public (nobody is signed in)."""
    if not enquiry_destinations().filter(pk=organisation_id).exists():
        raise ValidationError({"organisation": _("Choose a region or an agency")})
    if kind not in codes.HouseholdKind.values:
        raise ValidationError({"kind": _("Choose the kind of adoption")})
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            organisation_id=organisation_id,
            first_names=first_names.strip(),
            last_name=last_name.strip(),
            email=email.strip(),
            phone=phone.strip(),
            residence_authority_id=residence_authority_id,
            kind=kind,
            message=message.strip(),
            language=language if language in {"en", "cy"} else "en",
            received_at=received_at or timezone.now(),
        )
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            record_type=ENQUIRY_RECORD_TYPE,
            record_id=enquiry.pk,
            detail={"source": "public enquiry form"},
        )
    return enquiry


def enquiry_open_household(*, actor: Any, enquiry: Enquiry) -> Household:
    """Open a household's record from an enquiry: the enquiry's date is the
    journey's first milestone."""
    with transaction.atomic():
        locked = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        if locked.status != codes.EnquiryStatus.NEW:
            raise ValidationError({"__all__": _("This enquiry has already been dealt with")})
        household = household_create(
            actor=actor,
            owner_id=locked.organisation_id,
            enquiry_date=timezone.localtime(locked.received_at).date(),
            applicants=[{"first_names": locked.first_names, "last_name": locked.last_name}],
            kind=locked.kind,
            email=locked.email,
            phone=locked.phone,
            residence_authority_id=locked.residence_authority_id,
            language="welsh" if locked.language == "cy" else "english",
        )
        Enquiry.objects.filter(pk=locked.pk).update(
            status=codes.EnquiryStatus.OPENED,
            household=household,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=ENQUIRY_RECORD_TYPE,
            record_id=locked.pk,
            detail={"status": codes.EnquiryStatus.OPENED, "household": household.pk},
        )
    enquiry.refresh_from_db()
    return household


def enquiry_close(*, actor: Any, enquiry: Enquiry, reason: str) -> None:
    """Close an enquiry that goes no further (answered, a duplicate, not for us)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Enter the reason for closing the enquiry")})
    with transaction.atomic():
        updated = Enquiry.objects.filter(pk=enquiry.pk, status=codes.EnquiryStatus.NEW).update(
            status=codes.EnquiryStatus.CLOSED, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError({"reason": _("This enquiry has already been dealt with")})
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=ENQUIRY_RECORD_TYPE,
            record_id=enquiry.pk,
            reason=reason,
            detail={"status": codes.EnquiryStatus.CLOSED},
        )
    enquiry.refresh_from_db()
