"""Writes for family finding. Each takes the acting person, validates, runs
in one transaction and records its own audit entry."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.children.journey import MilestoneKind
from nas.children.models import Child, Milestone
from nas.core.records import StaleRecordError, record_update
from nas.matching import engine
from nas.matching.models import ChildProfile, FeeKind, InterAgencyFee, SharedField, WeightSet
from nas.matching.policies import fees as fee_policy
from nas.matching.policies import profiles as profile_policy
from nas.matching.policies import weight_sets as weight_policy

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


def on_milestone(*, actor: Any, child: Child, milestone: Milestone) -> None:
    """Hooked into the child's journey (nas.children.services.MILESTONE_HOOKS)."""
    if milestone.kind == MilestoneKind.SHOULD_BE_PLACED:
        child_profile_ensure(actor=actor, child=child)


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
