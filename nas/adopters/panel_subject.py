"""Adopter households as panel business: the approval of prospective adopters
and the review of an approval. The panel's recommendation, its final minutes
and the decision maker's decision are recorded on the household's journey as
dated milestones, in the same transaction as the panel's own record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nas.adopters import codes, services
from nas.adopters.journey import APPROVED_STAGES, MilestoneKind, Stage
from nas.adopters.models import Household, HouseholdMember
from nas.adopters.policies import households
from nas.panels import subjects
from nas.panels.models import DecisionOutcome, ItemKind

RECORD_TYPE = "adopters.household"


def _describe(household: Household) -> str:
    return household.reference


def _search(qs: QuerySet[Household], term: str) -> QuerySet[Household]:
    """By the household's reference, or the applicants' names (every word typed)."""
    term = term.strip()[:100]
    query = Q()
    for word in term.split()[:5]:
        query &= Q(
            Exists(
                HouseholdMember.objects.filter(
                    household=OuterRef("pk"), role=codes.MemberRole.APPLICANT
                ).filter(Q(first_names__icontains=word) | Q(last_name__icontains=word))
            )
        )
    return qs.filter(query | Q(reference__iexact=term))


def _describe_match(household: Household) -> str:
    """Enough to tell households apart on the agenda's search step: the
    reference, the applicants and where the household is in its journey."""
    applicants = [m for m in household.members.all() if m.role == codes.MemberRole.APPLICANT]
    names = ", ".join(str(m) for m in applicants) if applicants else _("no applicant recorded")
    return f"{household.reference} – {names} – {household.get_stage_display()}"


def _check_item(household: Household, kind: str) -> None:
    if household.is_archived:
        raise ValidationError({"subject": _("This household's record is archived")})
    if kind == ItemKind.ADOPTER_APPROVAL:
        if household.stage != Stage.STAGE_TWO:
            raise ValidationError({"subject": _("Only a household in Stage 2 comes to panel for approval")})
        if not household.milestones.filter(kind=MilestoneKind.PAR_COMPLETED).exists():
            raise ValidationError(
                {"subject": _("The Prospective Adopter's Report must be completed before the panel")}
            )
    elif kind == ItemKind.REVIEW:
        if household.stage not in APPROVED_STAGES or household.stage == Stage.PLACED:
            raise ValidationError(
                {"subject": _("Only an approved household's approval is reviewed at panel")}
            )


def _outcomes(household: Household, kind: str | None) -> list[str]:
    if kind == ItemKind.ADOPTER_APPROVAL and household.stage == Stage.PANEL:
        # Not approving is final only after a qualifying determination.
        return [DecisionOutcome.APPROVED, DecisionOutcome.MINDED_NOT_TO_APPROVE]
    if kind is None and household.stage == Stage.QUALIFYING_DETERMINATION:
        return [DecisionOutcome.APPROVED, DecisionOutcome.NOT_APPROVED]
    if kind == ItemKind.REVIEW and household.stage in APPROVED_STAGES and household.stage != Stage.PLACED:
        return [DecisionOutcome.APPROVED, DecisionOutcome.NOT_APPROVED]
    return []


def _candidates(user: Any) -> QuerySet[Household]:
    return (
        households.scope(user)
        .filter(archived_at__isnull=True, stage__in=[Stage.STAGE_TWO, *APPROVED_STAGES])
        .exclude(stage=Stage.PLACED)
        .prefetch_related("members")
        .order_by("reference")
    )


def _on_recommendation(*, actor: Any, item: Any, record: Household) -> None:
    if item.kind != ItemKind.ADOPTER_APPROVAL:
        return
    services.milestone_record(
        actor=actor,
        household=record,
        kind=MilestoneKind.PANEL_RECOMMENDATION,
        when=item.meeting.date,
        detail={"agenda_item": item.pk, "meeting": item.meeting_id, "recommendation": item.recommendation},
    )


def _on_minutes_final(*, actor: Any, item: Any, record: Household, final_on: Any) -> None:
    if item.kind != ItemKind.ADOPTER_APPROVAL or record.stage != Stage.PANEL:
        return
    services.milestone_record(
        actor=actor,
        household=record,
        kind=MilestoneKind.PANEL_MINUTES_FINAL,
        when=final_on,
        detail={"agenda_item": item.pk, "meeting": item.meeting_id},
    )


def _on_decision(*, actor: Any, decision: Any, record: Household) -> None:
    item = decision.agenda_item
    note = decision.reasons[:2000]
    if item is not None and item.kind == ItemKind.REVIEW:
        if decision.outcome == DecisionOutcome.APPROVED:
            kind, detail = (
                MilestoneKind.APPROVAL_REVIEW,
                {"reason": codes.ReviewOutcome.CONTINUES, "note": note},
            )
        else:
            kind = MilestoneKind.DEREGISTERED
            detail = {"reason": codes.DeregistrationReason.NO_LONGER_SUITABLE, "note": note}
    else:
        kind = {
            DecisionOutcome.APPROVED: MilestoneKind.APPROVED,
            DecisionOutcome.MINDED_NOT_TO_APPROVE: MilestoneKind.QUALIFYING_DETERMINATION,
            DecisionOutcome.NOT_APPROVED: MilestoneKind.NOT_APPROVED,
        }[decision.outcome]
        detail = {"decision": decision.pk}
    services.milestone_record(
        actor=actor, household=record, kind=kind, when=decision.decided_on, detail=detail
    )


subjects.register(
    subjects.SubjectType(
        record_type=RECORD_TYPE,
        label=gettext_lazy("Adopter household"),
        kinds=frozenset({ItemKind.ADOPTER_APPROVAL, ItemKind.REVIEW}),
        describe=_describe,
        check_item=_check_item,
        outcomes=_outcomes,
        candidates=_candidates,
        search=_search,
        describe_match=_describe_match,
        on_recommendation=_on_recommendation,
        on_minutes_final=_on_minutes_final,
        on_decision=_on_decision,
        url=lambda household: reverse("adopters:detail", args=[household.pk]),
    )
)
