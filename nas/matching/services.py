"""Writes for family finding. Each takes the acting person, validates, runs
in one transaction and records its own audit entry."""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from nas.adopters import services as household_services
from nas.adopters.journey import MilestoneKind as HouseholdMilestone
from nas.adopters.journey import Stage as HouseholdStage
from nas.adopters.models import Household
from nas.adopters.models import Milestone as HouseholdMilestoneRecord
from nas.audit.models import AuditAction
from nas.audit.services import audit_record, audit_records
from nas.children import services as child_services
from nas.children.codes import DisruptionReason, PlacementArea
from nas.children.journey import MilestoneKind
from nas.children.journey import Stage as ChildStage
from nas.children.models import Child, Milestone
from nas.core.bulk import among, insert_rows, pks_by
from nas.core.records import StaleRecordError, record_update
from nas.matching import adapters, engine
from nas.matching.models import (
    ACTIVE_STATES,
    ENDED_STATES,
    ChildProfile,
    DeclineReason,
    FeeKind,
    HouseholdProfile,
    HouseholdSharedField,
    InterAgencyFee,
    Link,
    LinkEvent,
    LinkSide,
    LinkState,
    SharedField,
    WeightSet,
)
from nas.matching.policies import (
    AUTHORITY_STEPS,
    CHILD_SIDE_STEPS,
    DECLINABLE,
    HOUSEHOLD_KEEPERS,
    may_act_for_child,
    side_of,
)
from nas.matching.policies import fees as fee_policy
from nas.matching.policies import household_profiles as household_profile_policy
from nas.matching.policies import links as link_policy
from nas.matching.policies import profiles as profile_policy
from nas.matching.policies import weight_sets as weight_policy
from nas.notifications import events as notifications
from nas.organisations.models import OrganisationKind

MAX_FEE = 1_000_000
MAX_CHILDREN_PER_FEE = 10
PUBLICATION_TARGETS = ("region", "national", "withdraw")


# --- Children's profiles ------------------------------------------------------


def _new_reference() -> str:
    while True:
        reference = f"P-{secrets.token_hex(3).upper()}"
        if not ChildProfile.objects.filter(reference=reference).exists():
            return reference


def child_profile_ensure(*, actor: Any, child: Child) -> ChildProfile:
    """The child's anonymous profile, made if there is none yet. Family
    finding starts early: at the agency decision maker's 'should be placed
    for adoption' decision, not at the referral."""
    with transaction.atomic():
        existing = ChildProfile.objects.filter(child=child).first()
        if existing is not None:
            return existing
        region_id = child.local_authority.region_id
        if region_id is None:
            raise ValidationError({"child": _("The child's authority belongs to no region")})
        profile = ChildProfile.objects.create(child=child, reference=_new_reference(), region_id=region_id)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=profile_policy.record_type,
            record_id=profile.pk,
            detail={"child": child.pk, "reference": profile.reference},
        )
    return profile


def _new_references(count: int) -> set[str]:
    """`count` new profile references, checked against those taken in one query a round."""
    found: set[str] = set()
    while len(found) < count:
        batch = {f"P-{secrets.token_hex(3).upper()}" for _n in range(count - len(found))}
        found |= batch - set(pks_by(ChildProfile, "reference", batch))
    return found


def child_profiles_ensure_many(*, actor: Any, children: list[int]) -> int:
    """The anonymous profiles of many children at once, made where there is
    none yet (the bulk path of `child_profile_ensure`: an import of children
    at the 'should be placed' decision). One query to find, one to insert, one
    chained audit entry per profile. Returns the number made."""
    have = set(pks_by(ChildProfile, "child_id", children))
    wanted = among(Child.objects.all(), "id", set(children) - have).values_list(
        "pk", "local_authority__region_id"
    )
    made = []
    for child_id, region_id in wanted:
        if region_id is None:
            raise ValidationError({"child": _("The child's authority belongs to no region")})
        made.append(ChildProfile(child_id=child_id, region_id=region_id))
    if not made:
        return 0
    references = _new_references(len(made))
    for profile in made:
        profile.reference = references.pop()
    with transaction.atomic():
        insert_rows(ChildProfile, made)
        pks = pks_by(ChildProfile, "reference", [p.reference for p in made])
        audit_records(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=profile_policy.record_type,
            entries=[(pks[p.reference], {"child": p.child_id, "reference": p.reference}) for p in made],
        )
    return len(made)


def on_milestones(*, actor: Any, milestones: list[Milestone]) -> None:
    """Hooked into the child's journey's bulk path
    (nas.children.services.BULK_MILESTONE_HOOKS): as `on_milestone`, the
    anonymous profile at the 'should be placed' decision, for the whole batch."""
    decided = sorted({m.child_id for m in milestones if m.kind == MilestoneKind.SHOULD_BE_PLACED})
    if decided:
        child_profiles_ensure_many(actor=actor, children=decided)


#: The child's milestones a link in progress records: typed in by hand on the
#: child's page they would leave the link (and the household's journey) behind.
LINK_MILESTONES = frozenset(
    {
        MilestoneKind.LINKED,
        MilestoneKind.LINK_ENDED,
        MilestoneKind.MATCHING_PANEL,
        MilestoneKind.MATCH_DECISION,
        MilestoneKind.INTRODUCTIONS,
        MilestoneKind.PLACED,
        MilestoneKind.ADOPTION_ORDER,
        MilestoneKind.DISRUPTED,
    }
)
_recording_link_step: ContextVar[bool] = ContextVar("recording_link_step", default=False)


@contextmanager
def _link_step() -> Iterator[None]:
    token = _recording_link_step.set(True)
    try:
        yield
    finally:
        _recording_link_step.reset(token)


def on_milestone(*, actor: Any, child: Child, milestone: Milestone) -> None:
    """Hooked into the child's journey (nas.children.services.MILESTONE_HOOKS):
    the anonymous profile at the 'should be placed' decision; out of family
    finding at the match decision and back if the placement ends before the
    adoption order; and a step of a link in progress is refused on the
    child's page (the link records it)."""
    if milestone.kind == MilestoneKind.SHOULD_BE_PLACED:
        child_profile_ensure(actor=actor, child=child)
    elif milestone.kind == MilestoneKind.MATCH_DECISION:
        found = ChildProfile.objects.filter(child=child).first()
        if found is not None:
            _leave_family_finding(actor, found, profile_policy.record_type)
    elif milestone.kind == MilestoneKind.DISRUPTED:
        found = ChildProfile.objects.filter(child=child).first()
        if found is not None:
            _return_to_family_finding(actor, found, profile_policy.record_type)
    if milestone.kind in LINK_MILESTONES and not _recording_link_step.get():
        in_progress = Link.objects.filter(
            Q(child=child) | Q(sibling_group_id=child.sibling_group_id, sibling_group__isnull=False),
            state__in=[*ACTIVE_STATES, LinkState.PLACED],
        ).first()
        if in_progress is not None:
            raise ValidationError(
                {
                    "kind": _(
                        "This child has a link in progress with a family (link %(number)s): record "
                        "this step on the link's page, so the family's journey follows."
                    )
                    % {"number": in_progress.pk}
                }
            )


def _leave_family_finding(actor: Any, profile: ChildProfile | HouseholdProfile, record_type: str) -> None:
    """At the match decision (Adoption Agencies (Wales) Regulations 2005,
    reg. 34(1)), or at the latest at placement, the profile leaves family
    finding: it is withdrawn from publication, and where it was published is
    kept so that it comes back there if the placement ends before the order."""
    if profile.held_publication:
        return
    held = (
        "national" if profile.is_published_nationally else "region" if profile.is_published_to_region else ""
    )
    if not held:
        return
    record_update(
        actor=actor,
        record=profile,
        record_type=record_type,
        expected_version=profile.version,
        changes={"published_to_region_at": None, "published_nationally_at": None, "held_publication": held},
        reason=str(_("Left family finding: matched")),
    )


def _return_to_family_finding(actor: Any, profile: ChildProfile | HouseholdProfile, record_type: str) -> None:
    """The placement (or the match) ended before the adoption order: the
    profile is published again where it was at the match."""
    held = profile.held_publication
    if not held:
        return
    now = timezone.now()
    changes: dict[str, Any] = {"held_publication": ""}
    if profile.region_id is not None:
        changes["published_to_region_at"] = now
    if held == "national":
        changes["published_nationally_at"] = now
    record_update(
        actor=actor,
        record=profile,
        record_type=record_type,
        expected_version=profile.version,
        changes=changes,
        reason=str(_("Back in family finding: the match or the placement ended before the adoption order")),
    )


def child_profile_update(
    *,
    actor: Any,
    profile: ChildProfile,
    expected_version: int,
    shared_fields: list[str],
    about: str,
    avoid_own_authority: bool,
    avoid_neighbouring_authorities: bool,
) -> None:
    """Choose what the profile shares beyond the essentials, and the plan's
    limits on where the child may live (own authority, neighbouring ones)."""
    unknown = set(shared_fields) - set(SharedField.values)
    if unknown:
        raise ValidationError({"shared_fields": _("Choose only from the fields listed")})
    about = about.strip()
    if len(about) > 2000:
        raise ValidationError({"about": _("Write no more than 2,000 characters")})
    if about and SharedField.ABOUT not in shared_fields:
        shared_fields = [*shared_fields, SharedField.ABOUT.value]
    ordered = [name for name in SharedField.values if name in shared_fields]
    record_update(
        actor=actor,
        record=profile,
        record_type=profile_policy.record_type,
        expected_version=expected_version,
        changes={
            "shared_fields": ordered,
            "about": about,
            "avoid_own_authority": avoid_own_authority or avoid_neighbouring_authorities,
            "avoid_neighbouring_authorities": avoid_neighbouring_authorities,
        },
    )


def child_profile_publish(*, actor: Any, profile: ChildProfile, expected_version: int, target: str) -> None:
    """Publish the profile to the child's region, to the national register
    (which also publishes it to the region), or withdraw it from both."""
    if target not in PUBLICATION_TARGETS:
        raise ValidationError({"target": _("Choose where to publish the profile")})
    if target != "withdraw" and profile.held_publication:
        raise ValidationError(
            {
                "target": _(
                    "The child has been matched, so the profile has left family finding. It is "
                    "published again only if the placement ends before the adoption order."
                )
            }
        )
    now = timezone.now()
    if target == "withdraw":
        changes: dict[str, Any] = {"published_to_region_at": None, "published_nationally_at": None}
    elif target == "region":
        changes = {"published_to_region_at": profile.published_to_region_at or now}
    else:
        changes = {
            "published_to_region_at": profile.published_to_region_at or now,
            "published_nationally_at": profile.published_nationally_at or now,
        }
    record_update(
        actor=actor,
        record=profile,
        record_type=profile_policy.record_type,
        expected_version=expected_version,
        changes=changes,
        reason=str(_("Published to the region"))
        if target == "region"
        else str(_("Published on the national register"))
        if target == "national"
        else str(_("Withdrawn from publication")),
    )


# --- Weights ------------------------------------------------------------------


def active_weight_set() -> WeightSet | None:
    return WeightSet.objects.filter(in_force_from__lte=timezone.now()).order_by("-number").first()


def active_weights() -> tuple[int, dict[str, int]]:
    """(version, weights) in force; version 0 is the engine's defaults, before any is saved."""
    current = active_weight_set()
    if current is None:
        return 0, dict(engine.DEFAULT_WEIGHTS)
    return current.number, {**engine.DEFAULT_WEIGHTS, **current.weights}


def weight_set_change(
    *, actor: Any, weights: Mapping[str, Any], reason: str, expected_version: int
) -> WeightSet:
    """Put new weights in force as a new version; the audit entry keeps the
    old and the new weights. Refuses if someone changed them meanwhile."""
    errors = engine.validate_weights(weights)
    reason = reason.strip()
    if not reason:
        errors["reason"] = [_("Enter the reason for the change")]
    if errors:
        raise ValidationError(errors)
    if not weight_policy.can(actor, "change"):
        raise ValidationError({"__all__": _("Only the national team changes the weights")})
    with transaction.atomic():
        latest = WeightSet.objects.select_for_update().order_by("-number").first()
        number = latest.number if latest else 0
        if number != expected_version:
            raise StaleRecordError
        old = {**engine.DEFAULT_WEIGHTS, **latest.weights} if latest else dict(engine.DEFAULT_WEIGHTS)
        new = {name: int(weights[name]) for name in engine.CRITERIA}
        created = WeightSet.objects.create(
            number=number + 1,
            weights=new,
            in_force_from=timezone.now(),
            reason=reason,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=weight_policy.record_type,
            record_id=created.pk,
            reason=reason,
            detail={
                "version": {"from": number, "to": created.number},
                "weights": {"from": old, "to": new},
                "changed": {
                    name: {"from": old[name], "to": new[name]} for name in new if old[name] != new[name]
                },
            },
        )
    return created


# --- Inter-agency fees --------------------------------------------------------


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def fee_create(
    *,
    actor: Any,
    kind: str,
    children: int,
    amount: int,
    valid_from: date,
    valid_to: date | None,
    source: str,
) -> InterAgencyFee:
    """Add a rate. An open-ended rate for the same placements that began
    earlier ends the day before; any other overlap is refused."""
    errors: dict[str, list[str]] = {}
    if kind not in FeeKind.values:
        errors["kind"] = [_("Choose who pays whom")]
    if not 1 <= children <= MAX_CHILDREN_PER_FEE:
        errors["children"] = [_("Enter a number of children from 1 to 10")]
    if not 1 <= amount <= MAX_FEE:
        errors["amount"] = [_("Enter the fee in whole pounds, from £1 to £1,000,000")]
    if valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = [_("The end date must be on or after the start date")]
    source = source.strip()
    if not source:
        errors["source"] = [_("Enter where the rate comes from, so others can check it")]
    if not fee_policy.can(actor, "change"):
        errors["__all__"] = [_("Only the national team changes the fee table")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        same = list(InterAgencyFee.objects.select_for_update().filter(kind=kind, children=children))
        for rate in same:
            if rate.valid_to is None and rate.valid_from < valid_from:
                continue
            ends = rate.valid_to or date.max
            if rate.valid_from <= (valid_to or date.max) and valid_from <= ends:
                raise ValidationError(
                    {
                        "valid_from": _("This overlaps the rate of £%(amount)s from %(date)s")
                        % {"amount": f"{rate.amount:,}", "date": _day(rate.valid_from)}
                    }
                )
        for rate in same:
            if rate.valid_to is None and rate.valid_from < valid_from:
                ended = valid_from - timedelta(days=1)
                InterAgencyFee.objects.filter(pk=rate.pk).update(valid_to=ended)
                audit_record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    record_type=fee_policy.record_type,
                    record_id=rate.pk,
                    detail={"valid_to": {"from": None, "to": ended.isoformat()}},
                )
        fee = InterAgencyFee.objects.create(
            kind=kind,
            children=children,
            amount=amount,
            valid_from=valid_from,
            valid_to=valid_to,
            source=source,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=fee_policy.record_type,
            record_id=fee.pk,
            detail={
                "kind": kind,
                "children": children,
                "amount": amount,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat() if valid_to else None,
            },
        )
    return fee


# --- Households' profiles -----------------------------------------------------


def _new_household_reference() -> str:
    while True:
        reference = f"H-{secrets.token_hex(3).upper()}"
        if not HouseholdProfile.objects.filter(reference=reference).exists():
            return reference


def _home_region_id(household: Household) -> int | None:
    """The region whose family finders see the household before the national
    register: its own region, or for a voluntary agency's household the region
    it lives in."""
    if household.owner.kind == OrganisationKind.REGION:
        return household.owner_id
    authority = household.residence_authority
    return authority.region_id if authority is not None else None


def household_profile_ensure(*, actor: Any, household: Household) -> HouseholdProfile:
    """The household's anonymous profile, made (and published to its region's
    family finders) when the household is approved."""
    with transaction.atomic():
        existing = HouseholdProfile.objects.filter(household=household).first()
        if existing is not None:
            return existing
        region_id = _home_region_id(household)
        profile = HouseholdProfile.objects.create(
            household=household,
            reference=_new_household_reference(),
            region_id=region_id,
            published_to_region_at=timezone.now() if region_id is not None else None,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=household_profile_policy.record_type,
            record_id=profile.pk,
            detail={
                "household": household.pk,
                "reference": profile.reference,
                "region_published": bool(region_id),
            },
        )
    return profile


def on_household_milestone(*, actor: Any, household: Household, milestone: HouseholdMilestoneRecord) -> None:
    """Hooked into the household's journey (nas.adopters.services.MILESTONE_HOOKS):
    the profile at approval, on the national register at the referral to the
    Adoption Register for Wales, out of family finding at the match (or at the
    latest at placement) and back when the link ends before the order,
    withdrawn when the approval ends."""
    kind = milestone.kind
    if kind == HouseholdMilestone.APPROVED:
        household_profile_ensure(actor=actor, household=household)
    elif kind == HouseholdMilestone.REFERRED_TO_REGISTER:
        profile = household_profile_ensure(actor=actor, household=household)
        if not profile.is_published_nationally:
            record_update(
                actor=actor,
                record=profile,
                record_type=household_profile_policy.record_type,
                expected_version=profile.version,
                changes={"published_nationally_at": timezone.now()},
                reason=str(_("Referred to the Adoption Register for Wales")),
            )
    elif kind in {HouseholdMilestone.MATCHED, HouseholdMilestone.PLACED}:
        found = HouseholdProfile.objects.filter(household=household).first()
        if found is not None:
            _leave_family_finding(actor, found, household_profile_policy.record_type)
    elif kind == HouseholdMilestone.LINK_ENDED:
        found = HouseholdProfile.objects.filter(household=household).first()
        if found is not None:
            _return_to_family_finding(actor, found, household_profile_policy.record_type)
    elif kind in {HouseholdMilestone.WITHDRAWN, HouseholdMilestone.DEREGISTERED}:
        found = HouseholdProfile.objects.filter(household=household).first()
        if found is not None and (found.is_published_to_region or found.is_published_nationally):
            record_update(
                actor=actor,
                record=found,
                record_type=household_profile_policy.record_type,
                expected_version=found.version,
                changes={"published_to_region_at": None, "published_nationally_at": None},
                reason=str(_("Withdrawn from publication: the approval has ended")),
            )


def household_profile_update(
    *, actor: Any, profile: HouseholdProfile, expected_version: int, shared_fields: list[str], about: str
) -> None:
    """Choose what the household's profile shares beyond the approval range."""
    unknown = set(shared_fields) - set(HouseholdSharedField.values)
    if unknown:
        raise ValidationError({"shared_fields": _("Choose only from the fields listed")})
    about = about.strip()
    if len(about) > 2000:
        raise ValidationError({"about": _("Write no more than 2,000 characters")})
    if about and HouseholdSharedField.ABOUT not in shared_fields:
        shared_fields = [*shared_fields, HouseholdSharedField.ABOUT.value]
    record_update(
        actor=actor,
        record=profile,
        record_type=household_profile_policy.record_type,
        expected_version=expected_version,
        changes={
            "shared_fields": [n for n in HouseholdSharedField.values if n in shared_fields],
            "about": about,
        },
    )


def household_profile_publish(
    *, actor: Any, profile: HouseholdProfile, expected_version: int, target: str
) -> None:
    """Publish to the household's region, on the national register (only
    after the referral to the Adoption Register for Wales), or withdraw."""
    if target not in PUBLICATION_TARGETS:
        raise ValidationError({"target": _("Choose where to publish the profile")})
    household = profile.household
    if target != "withdraw" and household.stage not in adapters.OFFERED_STAGES:
        raise ValidationError({"target": _("Only an approved household waiting for a child is published")})
    now = timezone.now()
    if target == "withdraw":
        changes: dict[str, Any] = {"published_to_region_at": None, "published_nationally_at": None}
    elif target == "region":
        if profile.region_id is None:
            raise ValidationError(
                {"target": _("Record the local authority the household lives in: it gives the region")}
            )
        changes = {"published_to_region_at": profile.published_to_region_at or now}
    else:
        referred = household.milestones.filter(kind=HouseholdMilestone.REFERRED_TO_REGISTER).exists()
        if not referred:
            raise ValidationError(
                {
                    "target": _(
                        "Refer the household to the Adoption Register for Wales first: the national "
                        "register shows referred households only"
                    )
                }
            )
        changes = {"published_nationally_at": profile.published_nationally_at or now}
        if profile.region_id is not None:
            changes["published_to_region_at"] = profile.published_to_region_at or now
    record_update(
        actor=actor,
        record=profile,
        record_type=household_profile_policy.record_type,
        expected_version=expected_version,
        changes=changes,
        reason={
            "region": str(_("Published to the region")),
            "national": str(_("Published on the national register")),
            "withdraw": str(_("Withdrawn from publication")),
        }[target],
    )


# --- Links between a child and a household --------------------------------------


def unit_children(child: Child) -> list[Child]:
    """The child and the brothers and sisters placed with them: one unit."""
    return sorted([child, *adapters.siblings_placed_with(child)], key=lambda c: c.pk)


def _unit_key(child: Child) -> str:
    group = child.sibling_group
    if group is not None and group.placed_together:
        return f"group:{group.pk}"
    return f"child:{child.pk}"


def _offered_to(profile: ChildProfile, household_profile: HouseholdProfile) -> bool:
    if household_profile.is_published_nationally:
        return True
    return household_profile.is_published_to_region and household_profile.region_id == profile.region_id


def _child_visible_to_household(profile: ChildProfile, household_profile: HouseholdProfile) -> bool:
    if profile.is_published_nationally:
        return True
    owner = household_profile.household.owner
    return (
        owner.kind == OrganisationKind.REGION
        and profile.is_published_to_region
        and profile.region_id == owner.pk
    )


def _suggestion(
    child: Child, household: Household, today: date
) -> tuple[engine.ChildNeeds, engine.FamilySet | None]:
    """The child's needs and the engine's view of this one household."""
    needs = adapters.child_needs_from(child, today, siblings=adapters.siblings_placed_with(child))
    offers = adapters.family_offers_from(Household.objects.filter(pk=household.pk), today=today)
    return needs, (engine.FamilySet(offers) if offers else None)


def link_express_interest(
    *,
    actor: Any,
    side: str,
    profile: ChildProfile,
    household_profile: HouseholdProfile,
    note: str = "",
    when: date | None = None,
) -> Link:
    """Interest in a family for a child (the child's side) or in a child for a
    family (the household's side). The family must pass every hard constraint
    for the child, and each must be offered to the other: the household to the
    child's region or on the national register, and the child likewise."""
    if side not in LinkSide.values:
        raise ValidationError({"side": _("Choose whose side you express interest for")})
    household = household_profile.household
    if side == LinkSide.CHILD:
        allowed = may_act_for_child(actor, profile)
    else:
        allowed = household.owner_id == getattr(actor, "organisation_id", None) and actor.has_role(
            *HOUSEHOLD_KEEPERS
        )
    if not allowed:
        raise PermissionDenied
    note = note.strip()
    if len(note) > 2000:
        raise ValidationError({"note": _("Write no more than 2,000 characters")})
    today = timezone.localdate()
    when = when or today
    if when > today:
        raise ValidationError({"date": _("The date cannot be in the future")})
    # Read afresh: the unit (a sibling group placed together) is what the link is for.
    child = Child.objects.select_related("local_authority__region", "sibling_group").get(pk=profile.child_id)
    if (
        child.is_archived
        or profile.is_archived
        or child.stage
        not in {
            ChildStage.SHOULD_BE_PLACED,
            ChildStage.AUTHORITY_TO_PLACE,
            ChildStage.DISRUPTED,
        }
    ):
        raise ValidationError({"__all__": _("The child is not waiting for a family")})
    if household.is_archived or household.stage not in adapters.OFFERED_STAGES:
        raise ValidationError({"__all__": _("The household is not waiting for a child")})
    if side == LinkSide.CHILD and not _offered_to(profile, household_profile):
        raise ValidationError({"__all__": _("This household is not offered to the child's region")})
    if side == LinkSide.HOUSEHOLD and not _child_visible_to_household(profile, household_profile):
        raise ValidationError({"__all__": _("This child is not offered to the household's region")})
    needs, families = _suggestion(child, household, today)
    if families is None:
        raise ValidationError({"__all__": _("The household has no approval range recorded")})
    failed = families.why_not(needs, str(household.pk))
    if failed:
        raise ValidationError(
            {
                "__all__": _("This family is outside the child's hard constraints: %(constraints)s")
                % {"constraints": "; ".join(str(engine.HARD_CONSTRAINT_LABELS[name]) for name in failed)}
            }
        )
    version, weights = active_weights()
    [suggested] = engine.suggest(needs, families, weights=weights, limit=1)
    rank = None
    if side == LinkSide.CHILD:
        from nas.matching.selectors import child_suggestions

        _version, rows = child_suggestions(profile, today, limit=None)
        rank = next((row.rank for row in rows if row.profile.pk == household_profile.pk), None)
    with transaction.atomic():
        # One expression of interest at a time for a child: the check below then holds.
        Child.objects.select_for_update().filter(pk=child.pk).first()
        unit = _unit_key(child)
        if Link.objects.filter(unit=unit, household=household).exclude(state__in=list(ENDED_STATES)).exists():
            raise ValidationError(
                {"__all__": _("There is already a link between this child and this household")}
            )
        group = child.sibling_group if unit.startswith("group:") else None
        link = Link.objects.create(
            child=child,
            sibling_group=group,
            unit=unit,
            household=household,
            region_id=profile.region_id,
            initiated_by=side,
            interest_note=note,
            suggestion_score=suggested.score,
            suggestion_rank=rank,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        _event(actor, link, LinkState.INTEREST, when, {"side": side, "weights_version": version})
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=link_policy.record_type,
            record_id=link.pk,
            detail={
                "child_profile": profile.reference,
                "household_profile": household_profile.reference,
                "side": side,
                "score": suggested.score,
                "rank": rank,
            },
        )
        notifications.link_changed(actor=actor, link=link, kind="link_interest")
    return link


def _event(actor: Any, link: Link, state: str, when: date, detail: dict[str, Any] | None = None) -> None:
    LinkEvent.objects.create(
        link=link,
        state=state,
        date=when,
        detail=detail or {},
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )


def _locked(link: Link, expected_version: int | None) -> Link:
    locked = (
        # Lock the link's row only (PostgreSQL refuses to lock the nullable side of an outer join).
        Link.objects.select_for_update(of=("self",))
        .select_related(
            "child", "child__local_authority", "child__sibling_group", "household", "household__owner"
        )
        .get(pk=link.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleRecordError
    return locked


def _move(
    actor: Any,
    link: Link,
    state: str,
    when: date,
    *,
    step: str,
    fields: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Save the link's new state (and dates), its timeline entry and the audit entry."""
    before = link.state
    changes = {"state": state, **(fields or {})}
    Link.objects.filter(pk=link.pk).update(**changes, version=F("version") + 1, updated_at=timezone.now())
    for name, value in changes.items():
        setattr(link, name, value)
    link.version += 1
    _event(actor, link, state, when, detail)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        record_type=link_policy.record_type,
        record_id=link.pk,
        detail={
            "step": step,
            "date": when.isoformat(),
            "state": {"from": before, "to": state},
            **(detail or {}),
        },
    )


def _check_when(link: Link, when: date, after: date | None) -> None:
    if when > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future")})
    if after is not None and when < after:
        raise ValidationError(
            {"date": _("The date cannot be before the link's last step, on %(date)s") % {"date": _day(after)}}
        )


def _record_for_children(
    actor: Any, link: Link, kind: str, when: date, detail: dict[str, Any] | list[dict[str, Any]] | None = None
) -> None:
    """Record a milestone for every child of the unit (a sibling group moves together)."""
    children = unit_children(link.child)
    details = detail if isinstance(detail, list) else [detail or {}] * len(children)
    with _link_step():
        for child, item in zip(children, details, strict=True):
            child_services.milestone_record(actor=actor, child=child, kind=kind, when=when, detail=dict(item))


def _record_for_household(actor: Any, link: Link, kind: str, when: date, detail: dict[str, Any]) -> None:
    household_services.milestone_record(
        actor=actor, household=link.household, kind=kind, when=when, detail=detail
    )


def _last_step_date(link: Link) -> date | None:
    return link.events.order_by("-date").values_list("date", flat=True).first()


def link_accept(*, actor: Any, link: Link, expected_version: int | None, when: date | None = None) -> None:
    """The other side accepts the interest: the link is explored."""
    when = when or timezone.localdate()
    with transaction.atomic():
        locked = _locked(link, expected_version)
        if not link_policy.can(actor, "respond", locked):
            raise ValidationError({"__all__": _("Only the other side can answer an expression of interest")})
        _check_when(locked, when, _last_step_date(locked))
        _move(actor, locked, LinkState.ACCEPTED, when, step="accept")
        notifications.link_changed(actor=actor, link=locked, kind="link_accepted")
    link.refresh_from_db()


def _acting_side(actor: Any, link: Link) -> str:
    sides = side_of(actor, link)
    if link.responder_side in sides:
        return link.responder_side
    return next(iter(sorted(sides)))


def link_decline(
    *,
    actor: Any,
    link: Link,
    expected_version: int | None,
    reason: str,
    feedback: str,
    when: date | None = None,
) -> None:
    """Either side declines the link before the match, always with a coded
    reason and feedback for the other side and for family finding."""
    errors: dict[str, list[str]] = {}
    if reason not in DeclineReason.values:
        errors["reason"] = [_("Choose the reason for declining")]
    feedback = feedback.strip()
    if not feedback:
        errors["feedback"] = [_("Enter your feedback: the other side and family finding learn from it")]
    elif len(feedback) > 2000:
        errors["feedback"] = [_("Write no more than 2,000 characters")]
    if errors:
        raise ValidationError(errors)
    when = when or timezone.localdate()
    with transaction.atomic():
        locked = _locked(link, expected_version)
        if not link_policy.can(actor, "decline", locked):
            raise ValidationError({"__all__": _("This link can no longer be declined")})
        _check_when(locked, when, _last_step_date(locked))
        side = _acting_side(actor, locked)
        _end(
            actor,
            locked,
            LinkState.DECLINED,
            when,
            step="decline",
            fields={"declined_by": side, "decline_reason": reason, "decline_feedback": feedback},
            detail={"side": side, "reason": reason, "feedback": feedback},
        )
        notifications.link_changed(actor=actor, link=locked, kind="link_declined")
    link.refresh_from_db()


def _end(
    actor: Any,
    link: Link,
    state: str,
    when: date,
    *,
    step: str,
    fields: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """End a link before the match: after it was linked, the child goes back to
    family finding, and so does the household if no other link is going."""
    was_active = link.state in ACTIVE_STATES
    _move(actor, link, state, when, step=step, fields={"ended_on": when, **(fields or {})}, detail=detail)
    if not was_active:
        return
    for child in unit_children(link.child):
        child.refresh_from_db(fields=["stage", "version"])
        if child.stage in {ChildStage.LINKED, ChildStage.MATCHING_PANEL}:
            with _link_step():
                child_services.milestone_record(
                    actor=actor,
                    child=child,
                    kind=MilestoneKind.LINK_ENDED,
                    when=when,
                    detail={"link": link.pk},
                )
    household = Household.objects.get(pk=link.household_id)
    others = (
        Link.objects.filter(household=household, state__in=list(ACTIVE_STATES)).exclude(pk=link.pk).exists()
    )
    if household.stage in {HouseholdStage.LINKED, HouseholdStage.MATCHED} and not others:
        household_services.milestone_record(
            actor=actor,
            household=household,
            kind=HouseholdMilestone.LINK_ENDED,
            when=when,
            detail={"link": link.pk},
        )


def _placement(link: Link, when: date) -> tuple[str, str, int | None, list[int | None]]:
    """(placement area, household's region, fee in pence, each child's share).

    Every household on this service is approved by a Welsh region or a
    voluntary agency in Wales, so a placement through a link is in the
    child's region or elsewhere in Wales. The inter-agency fee comes from the
    dated fee table for the day the child moves in; a sibling group's fee is
    shared between the children so that the shares add up to the fee."""
    owner = link.household.owner
    child_region = link.child.local_authority.region_id
    if owner.kind == OrganisationKind.REGION and owner.pk == child_region:
        area = PlacementArea.SAME_REGION
    else:
        area = PlacementArea.ELSEWHERE_IN_WALES
    household_region = owner.code if owner.kind == OrganisationKind.REGION else ""
    children = unit_children(link.child)
    if owner.kind == OrganisationKind.VOLUNTARY_AGENCY:
        kind: str | None = engine.REGION_TO_AGENCY
    elif owner.pk != child_region:
        kind = engine.REGION_TO_REGION
    else:
        kind = None
    from nas.matching.selectors import fee_table

    fee = fee_table().fee(kind, len(children), when) if kind else None
    if fee is None:
        return area, household_region, None, [None] * len(children)
    total = fee.amount * 100
    share, rest = divmod(total, len(children))
    return area, household_region, total, [share + (rest if i == 0 else 0) for i in range(len(children))]


def link_step(
    *,
    actor: Any,
    link: Link,
    expected_version: int | None,
    step: str,
    when: date,
    reason: str = "",
    note: str = "",
) -> None:
    """The next step of a link, with its date: linked, linking meeting held,
    introductions, placed, adoption order, or disruption. Each moves the
    child's (every child of a sibling group) and the household's journeys in
    the same transaction."""
    if step not in CHILD_SIDE_STEPS and step not in AUTHORITY_STEPS:
        raise ValidationError({"step": _("Choose a step of the link")})
    if step == "disrupted" and reason not in DisruptionReason.values:
        raise ValidationError({"reason": _("Choose why the placement ended")})
    with transaction.atomic():
        locked = _locked(link, expected_version)
        if not link_policy.can(actor, step, locked):
            raise ValidationError({"__all__": _("This step cannot be recorded now")})
        _check_when(locked, when, _last_step_date(locked))
        if step == "link":
            _make_link(actor, locked, when)
        elif step == "linking_meeting":
            _move(
                actor, locked, LinkState.LINKING_MEETING, when, step=step, fields={"linking_meeting_on": when}
            )
        elif step == "introductions":
            _record_for_children(actor, locked, MilestoneKind.INTRODUCTIONS, when, {"link": locked.pk})
            _move(actor, locked, LinkState.INTRODUCTIONS, when, step=step, fields={"introductions_on": when})
        elif step == "placed":
            area, household_region, total, shares = _placement(locked, when)
            details = [
                {
                    "household": locked.household_id,
                    "household_owner": locked.household.owner.code,
                    "household_region": household_region,
                    "placement_area": area,
                    "inter_agency_fee_pence": share,
                }
                for share in shares
            ]
            _record_for_children(actor, locked, MilestoneKind.PLACED, when, details)
            _record_for_household(actor, locked, HouseholdMilestone.PLACED, when, {"link": locked.pk})
            _move(
                actor,
                locked,
                LinkState.PLACED,
                when,
                step=step,
                fields={"placed_on": when, "inter_agency_fee_pence": total},
                detail={"placement_area": area, "inter_agency_fee_pence": total},
            )
        elif step == "adoption_order":
            _record_for_children(actor, locked, MilestoneKind.ADOPTION_ORDER, when)
            _move(actor, locked, LinkState.ADOPTED, when, step=step)
        else:
            note = note.strip()[:2000]
            _record_for_children(
                actor, locked, MilestoneKind.DISRUPTED, when, {"reason": reason, "note": note}
            )
            household = Household.objects.get(pk=locked.household_id)
            if household.stage == HouseholdStage.MATCHED:
                _record_for_household(actor, locked, HouseholdMilestone.LINK_ENDED, when, {"link": locked.pk})
            _move(
                actor,
                locked,
                LinkState.DISRUPTED,
                when,
                step=step,
                fields={"ended_on": when},
                detail={"reason": reason, "note": note},
            )
    link.refresh_from_db()


def _make_link(actor: Any, link: Link, when: date) -> None:
    cap = settings.MATCHING_ACTIVE_LINKS_PER_HOUSEHOLD
    going = Link.objects.filter(household_id=link.household_id, state__in=list(ACTIVE_STATES)).exclude(
        pk=link.pk
    )
    if going.count() >= cap:
        raise ValidationError(
            {
                "__all__": _(
                    "This household already has %(count)s links going, the most allowed at once. "
                    "End one of them before linking them with another child."
                )
                % {"count": cap}
            }
        )
    waiting = {ChildStage.AUTHORITY_TO_PLACE, ChildStage.DISRUPTED}
    for child in unit_children(link.child):
        if child.stage not in waiting:
            raise ValidationError(
                {
                    "__all__": _(
                        "A child can be linked only once the agency has authority to place them "
                        "(a placement order or consent) and while no other link is going."
                    )
                }
            )
    _record_for_children(actor, link, MilestoneKind.LINKED, when, {"link": link.pk})
    household = Household.objects.get(pk=link.household_id)
    if household.stage in {HouseholdStage.APPROVED, HouseholdStage.WAITING}:
        _record_for_household(actor, link, HouseholdMilestone.LINKED, when, {"link": link.pk})
    _move(actor, link, LinkState.LINKED, when, step="link", fields={"linked_on": when})


# --- The match at panel and the decision (nas.matching.panel_subject) -------------


def panel_recommendation(*, actor: Any, item: Any, link: Link) -> None:
    """The matching panel's recommendation (Adoption Agencies (Wales)
    Regulations 2005, reg. 33): the child's journey records it, dated the day
    of the meeting. A deferral leaves the link waiting for another meeting."""
    locked = _locked(link, None)
    when = item.meeting.date
    detail = {"agenda_item": item.pk, "meeting": item.meeting_id, "recommendation": item.recommendation}
    if item.recommendation == "deferred":
        _event(actor, locked, locked.state, when, {**detail, "deferred": True})
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=link_policy.record_type,
            record_id=locked.pk,
            detail={"step": "panel_deferred", **detail},
        )
        return
    if locked.state != LinkState.LINKING_MEETING:
        raise ValidationError(
            {"recommendation": _("The linking meeting must be held before the matching panel")}
        )
    _record_for_children(actor, locked, MilestoneKind.MATCHING_PANEL, when, {})
    _move(actor, locked, LinkState.MATCHING_PANEL, when, step="matching_panel", detail=detail)


def match_decision(*, actor: Any, decision: Any, link: Link) -> None:
    """The child's agency decision maker's decision on the match (Adoption
    Agencies (Wales) Regulations 2005, reg. 34(1)), made through
    nas.panels.services.decision_record. Approved: the child and the household
    are matched, and their other links end ("going ahead with another link").
    Not approved: the link ends and both go back to family finding."""
    locked = _locked(link, None)
    when = decision.decided_on
    detail = {"decision": decision.pk, "outcome": decision.outcome}
    if decision.outcome != "approved":
        _end(actor, locked, LinkState.NOT_APPROVED, when, step="match_decision", detail=detail)
        return
    _record_for_children(actor, locked, MilestoneKind.MATCH_DECISION, when, {})
    _record_for_household(
        actor, locked, HouseholdMilestone.MATCHED, when, {"link": locked.pk, "decision": decision.pk}
    )
    _move(
        actor,
        locked,
        LinkState.MATCHED,
        when,
        step="match_decision",
        fields={"matched_on": when},
        detail=detail,
    )
    others = (
        Link.objects.filter(
            Q(unit=locked.unit) | Q(household_id=locked.household_id), state__in=list(DECLINABLE)
        )
        .exclude(pk=locked.pk)
        .select_related(
            "child", "child__local_authority", "child__sibling_group", "household", "household__owner"
        )
    )
    for other in others:
        feedback = _("Matched with another family or child through link %(number)s.") % {"number": locked.pk}
        _end(
            actor,
            other,
            LinkState.DECLINED,
            when,
            step="decline",
            fields={
                "declined_by": LinkSide.CHILD if other.unit == locked.unit else LinkSide.HOUSEHOLD,
                "decline_reason": DeclineReason.ANOTHER_LINK,
                "decline_feedback": feedback,
            },
            detail={"reason": DeclineReason.ANOTHER_LINK, "feedback": feedback, "because_of": locked.pk},
        )
