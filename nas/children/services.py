"""Writes for the child's record. Each takes the acting person, validates,
runs in one transaction and records its own audit entry."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.children import codes, journey_dates, rules
from nas.children.care_history import EPISODE_MILESTONES, journey_history_write
from nas.children.journey import MACHINE, MilestoneKind, Stage
from nas.children.models import Child, Milestone, PostAdoptionRecord, SiblingGroup
from nas.core.bulk import among, insert_rows
from nas.core.journey import Journey, Step
from nas.core.records import record_archive, record_update

RECORD_TYPE = "children.child"
# Main-path milestones move the stage; side milestones (referrals, support needs) do not.
MAIN_PATH = MACHINE.main_path
JOURNEY = Journey(
    machine=MACHINE,
    owner_model=Child,
    milestone_model=Milestone,
    owner_field="child",
    record_type=RECORD_TYPE,
    dates=journey_dates.TABLE,
    kind_label=lambda kind: str(MilestoneKind(kind).label),
    stage_label=lambda stage: str(Stage(stage).label),
)
#: Called with (actor=, child=, milestone=) in the same transaction once a milestone is
#: recorded, so other parts of the service (family finding makes the child's anonymous
#: profile at the 'should be placed' decision) follow the journey without it knowing them.
MILESTONE_HOOKS: list[Callable[..., None]] = JOURNEY.hooks
#: Called once with (actor=, milestones=) when many milestones are recorded together.
BULK_MILESTONE_HOOKS: list[Callable[..., None]] = JOURNEY.bulk_hooks


def _check_rules(child: Child, journey: list[Any], changed: int, field: str = "date") -> None:
    """The journey's rules (nas.children.rules), for the step at `changed`:
    the first rule it breaks, as an error on its date field."""
    for violation in rules.violations(child.date_of_birth, journey, timezone.localdate()):
        if violation.index == changed:
            raise ValidationError({field: violation.message})
        if violation.other == changed:
            raise ValidationError({field: violation.other_message or violation.message})


def _check_detail(kind: str, detail: dict[str, Any]) -> dict[str, Any]:
    """The coded detail some milestones must carry."""
    if kind == MilestoneKind.PLAN_CHANGED:
        if detail.get("reason") not in codes.PlanChangeReason.values:
            raise ValidationError({"reason": _("Choose why the plan changed away from adoption")})
        return {"reason": detail["reason"], "note": str(detail.get("note", ""))[:2000]}
    if kind == MilestoneKind.DISRUPTED:
        if detail.get("reason") not in codes.DisruptionReason.values:
            raise ValidationError({"reason": _("Choose why the placement ended")})
        return {"reason": detail["reason"], "note": str(detail.get("note", ""))[:2000]}
    if kind == MilestoneKind.AUTHORITY_TO_PLACE:
        if detail.get("basis") not in codes.AuthorityBasis.values:
            raise ValidationError({"basis": _("Choose whether there is a placement order or consent")})
        return {"basis": detail["basis"]}
    if kind == MilestoneKind.PLACED:
        return _placed_detail(detail)
    if kind == MilestoneKind.LINK_ENDED:
        return {k: detail[k] for k in ("link", "note") if detail.get(k) not in (None, "")}
    return {}


#: The keys of a PLACED milestone's detail, read by the performance framework:
#: the household (pk), its owner (organisation code), its region (region code,
#: or "" for a voluntary agency outside a region), where the placement is from
#: the child's authority's point of view (codes.PlacementArea) and the
#: inter-agency fee in pence (or None). Recorded by hand on the child's page,
#: the household's fields are empty; imported from a case system, the area may
#: be "" (not known).
PLACED_DETAIL_KEYS = (
    "household",
    "household_owner",
    "household_region",
    "placement_area",
    "inter_agency_fee_pence",
)


def _placed_detail(detail: dict[str, Any]) -> dict[str, Any]:
    area = detail.get("placement_area") or ""
    if area and area not in codes.PlacementArea.values:
        raise ValidationError({"placement_area": _("Choose where the child is placed")})
    household = detail.get("household")
    fee = detail.get("inter_agency_fee_pence")
    if household is not None and (isinstance(household, bool) or not isinstance(household, int)):
        raise ValidationError({"household": _("Choose the household the child is placed with")})
    if fee is not None and (isinstance(fee, bool) or not isinstance(fee, int) or fee < 0):
        raise ValidationError({"inter_agency_fee_pence": _("The inter-agency fee must be a whole number")})
    return {
        "household": household,
        "household_owner": str(detail.get("household_owner") or ""),
        "household_region": str(detail.get("household_region") or ""),
        "placement_area": area,
        "inter_agency_fee_pence": fee,
    }


def child_create(*, actor: Any, local_authority_id: int, entered_care: date, **fields: Any) -> Child:
    """Create a child's record with its first milestone, entering care."""
    avoid = fields.pop("avoid_authorities", None)
    child = Child(local_authority_id=local_authority_id, **fields)
    if child.date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future")})
    _check_rules(child, [Step(MilestoneKind.ENTERED_CARE, entered_care)], 0, "entered_care")
    with transaction.atomic():
        if Child.objects.filter(
            local_authority_id=local_authority_id, case_reference=child.case_reference
        ).exists():
            raise ValidationError({"case_reference": _("Another child already has this case reference")})
        child.stage = Stage.IN_CARE
        child.save()
        if avoid:
            child.avoid_authorities.set(avoid)
        Milestone.objects.create(
            child=child,
            kind=MilestoneKind.ENTERED_CARE,
            date=entered_care,
            recorded_by=_actor(actor),
            sequence=1,
        )
        journey_history_write([child.pk])
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=RECORD_TYPE,
            record_id=child.pk,
            detail={"entered_care": entered_care.isoformat()},
        )
    return child


def child_update(*, actor: Any, child: Child, expected_version: int, changes: dict[str, Any]) -> None:
    """Change identity or needs; refuses if someone else saved the record meanwhile."""
    avoid = changes.pop("avoid_authorities", None)
    if "date_of_birth" in changes:
        first = child.milestones.order_by("date").first()
        if changes["date_of_birth"] > timezone.localdate():
            raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future")})
        if first is not None and changes["date_of_birth"] > first.date:
            raise ValidationError(
                {"date_of_birth": _("The date of birth cannot be after the child's first milestone")}
            )
    with transaction.atomic():
        record_update(
            actor=actor,
            record=child,
            record_type=RECORD_TYPE,
            expected_version=expected_version,
            changes=changes,
        )
        if avoid is not None:
            child.avoid_authorities.set(avoid)


def milestone_record(
    *,
    actor: Any,
    child: Child,
    kind: str,
    when: date,
    detail: dict[str, Any] | None = None,
    expected_version: int | None = None,
) -> Milestone:
    """Record the next step of the journey, if the journey allows it now."""
    milestone: Milestone = JOURNEY.record(
        actor=actor,
        owner=child,
        kind=kind,
        when=when,
        detail=detail,
        expected_version=expected_version,
        check=_check_new,
        after=_after_recorded,
    )
    return milestone


def _check_new(
    locked: Child, milestones: list[Milestone], kind: str, when: date, detail: dict[str, Any]
) -> dict[str, Any]:
    _check_rules(locked, [*milestones, Step(kind, when)], len(milestones))
    return _check_detail(kind, detail)


def _after_recorded(locked: Child, milestone: Milestone) -> dict[str, Any]:
    """A placement order sets the legal status; the adoption order restricts
    the pre-adoption record and begins the post-adoption one; a milestone
    that begins or ends an episode writes the care history."""
    updates: dict[str, Any] = {}
    if milestone.kind in EPISODE_MILESTONES:
        journey_history_write([locked.pk])
    if (
        milestone.kind == MilestoneKind.AUTHORITY_TO_PLACE
        and milestone.detail["basis"] == codes.AuthorityBasis.PLACEMENT_ORDER
    ):
        updates["legal_status"] = codes.LegalStatus.E1
    if milestone.kind == MilestoneKind.ADOPTION_ORDER:
        updates["restricted_at"] = timezone.now()
        PostAdoptionRecord.objects.create(
            child=locked,
            adoption_order_date=milestone.date,
            reference=PostAdoptionRecord.new_reference(milestone.date),
        )
    return updates


class JourneyRefused(ValidationError):
    """Steps of a bulk recording that break the journey's rules: each problem
    is (child, step, violation), the step carrying where it came from."""

    def __init__(self, problems: list[tuple[Child, Step, rules.Violation]]) -> None:
        super().__init__([violation.message for _c, _s, violation in problems])
        self.problems = problems


def journey_problems(
    child: Child, have: Sequence[Any], steps: Sequence[Step]
) -> list[tuple[Child, Step, rules.Violation]]:
    """The rules the new `steps` break, among the milestones the child
    `have`s. A new step dated before milestones already recorded is checked
    in its place by date (an import learns the match decision from the
    adoption year's file, after the placement came in a year before); the
    new steps keep their own order."""
    journey: list[Any] = list(have)
    new: dict[int, Step] = {}
    floor = 0
    for step in steps:
        at = len(journey)
        while at > floor and id(journey[at - 1]) not in new and journey[at - 1].date > step.date:
            at -= 1
        journey.insert(at, step)
        new[id(step)] = step
        floor = at + 1
    found = []
    for v in rules.violations(child.date_of_birth, journey, timezone.localdate()):
        if id(journey[v.index]) in new:
            found.append((child, journey[v.index], v))
        elif v.other is not None and id(journey[v.other]) in new:
            found.append((child, journey[v.other], v))
    return found


def milestones_record_many(
    *, actor: Any, journeys: Sequence[tuple[Child, Sequence[Step], str | None]]
) -> list[Milestone]:
    """Record many children's milestones at once: the bulk path of the one
    writer (the import uses it). The same rules as one milestone at a time
    (nas.children.rules), checked against the milestones each child already
    has; if any step breaks one, nothing is written and JourneyRefused names
    them. Then the milestones, their stages and journey dates, batched; an
    adoption order restricts the record; the care history of children
    recorded by hand follows (an import writes its own first); the bulk hooks (family finding's
    profiles at the 'should be placed' decision) run once for the batch. The
    caller writes the audit entries."""
    children = [child for child, steps, _stage in journeys if steps]
    have: dict[int, list[Milestone]] = defaultdict(list)
    for m in among(Milestone.objects.all(), "child", [c.pk for c in children]).order_by(
        "child_id", "sequence"
    ):
        have[m.child_id].append(m)
    problems = [
        p for child, steps, _stage in journeys for p in journey_problems(child, have[child.pk], steps)
    ]
    if problems:
        raise JourneyRefused(problems)
    with transaction.atomic():
        made: list[Milestone] = JOURNEY.record_many(actor=actor, journeys=journeys)
        _restrict_adopted(made)
        journey_history_write({m.child_id for m in made if m.kind in EPISODE_MILESTONES})
    return made


def _restrict_adopted(milestones: list[Milestone]) -> None:
    """An adoption order recorded in bulk does what a recorded one does: the
    pre-adoption record is restricted and a post-adoption record begins."""
    orders = {m.child_id: m.date for m in milestones if m.kind == MilestoneKind.ADOPTION_ORDER}
    if not orders:
        return
    among(Child.objects.all(), "id", orders).update(restricted_at=timezone.now())
    insert_rows(
        PostAdoptionRecord,
        [
            PostAdoptionRecord(
                child_id=child_id,
                adoption_order_date=when,
                reference=PostAdoptionRecord.new_reference(when),
            )
            for child_id, when in orders.items()
        ],
    )


def milestone_correct(
    *, actor: Any, milestone: Milestone, when: date, reason: str, expected_version: int | None = None
) -> None:
    """Correct a milestone's date. The old date stays in the audit trail with the reason.

    The corrected journey must still keep the journey's rules
    (nas.children.rules): every milestone on or after the one it follows, and
    the adoption order at least 10 weeks after the placement."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Enter the reason for the correction")})

    def check(child: Child, journey: list[Milestone]) -> None:
        _check_rules(child, journey, next(i for i, m in enumerate(journey) if m.pk == milestone.pk))

    def after(child: Child) -> None:
        if milestone.kind == MilestoneKind.ADOPTION_ORDER:
            PostAdoptionRecord.objects.filter(child=child).update(adoption_order_date=when)
        if milestone.kind in EPISODE_MILESTONES:
            journey_history_write([child.pk])

    JOURNEY.correct(
        actor=actor,
        milestone=milestone,
        when=when,
        reason=reason,
        expected_version=expected_version,
        check=check,
        after=after,
    )


def child_open_restricted(*, actor: Any, child: Child, reason: str) -> None:
    """A manager opens an adopted child's restricted pre-adoption record, saying why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Enter why you need to open the restricted record")})
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        record_type=RECORD_TYPE,
        record_id=child.pk,
        reason=reason,
        detail={"restricted_record_opened": True},
    )


def child_archive(*, actor: Any, child: Child, reason: str) -> None:
    record_archive(actor=actor, record=child, record_type=RECORD_TYPE, reason=reason)


def sibling_group_create(
    *,
    actor: Any,
    local_authority_id: int,
    name: str,
    children: list[Child],
    placed_together: bool,
    reason_apart: str,
) -> SiblingGroup:
    """A group of brothers and sisters, to be placed together unless the plan
    says why not (the reason is then required)."""
    if len(children) < 2:
        raise ValidationError({"children": _("Choose at least two children for a sibling group")})
    if not placed_together and not reason_apart.strip():
        raise ValidationError({"reason_apart": _("Enter why the children are to be placed apart")})
    if any(c.local_authority_id != local_authority_id for c in children):
        raise ValidationError({"children": _("Every child in the group must belong to this authority")})
    with transaction.atomic():
        group = SiblingGroup.objects.create(
            local_authority_id=local_authority_id,
            name=name,
            placed_together=placed_together,
            reason_apart="" if placed_together else reason_apart.strip(),
        )
        Child.objects.filter(pk__in=[c.pk for c in children]).update(
            sibling_group=group, version=F("version") + 1, updated_at=timezone.now()
        )
        for child in children:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                record_type=RECORD_TYPE,
                record_id=child.pk,
                detail={"sibling_group": group.pk, "placed_together": placed_together},
            )
    return group


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None
