"""The child's journey as an explicit state machine.

Each milestone is dated; recording one moves the child to a new stage (or,
for a side milestone such as a referral, leaves the stage as it is). Which
milestones may follow which is written here once; services, forms, the
import and the API all ask this module.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nas.core.journey import StateMachine, Transition


class Stage(models.TextChoices):
    IN_CARE = "in_care", _("In care")
    ADOPTION_PLAN = "adoption_plan", _("Adoption is the plan")
    REPORT_COMPLETED = "report_completed", _("Child's Adoption Report completed")
    SHOULD_BE_PLACED = "should_be_placed", _("Should be placed for adoption")
    AUTHORITY_TO_PLACE = "authority_to_place", _("Authority to place")
    LINKED = "linked", _("Linked with a family")
    MATCHING_PANEL = "matching_panel", _("At matching panel")
    MATCHED = "matched", _("Matched")
    INTRODUCTIONS = "introductions", _("Introductions")
    PLACED = "placed", _("Placed with adopters")
    ADOPTED = "adopted", _("Adopted")
    PLAN_CHANGED = "plan_changed", _("Plan changed away from adoption")
    DISRUPTED = "disrupted", _("Placement disrupted")


class MilestoneKind(models.TextChoices):
    ENTERED_CARE = "entered_care", _("Entered care")
    PERMANENCE_PLAN = "permanence_plan", _("Adoption agreed as the permanence plan")
    CHILDS_ADOPTION_REPORT = "childs_adoption_report", _("Child's Adoption Report (CAR) completed")
    SHOULD_BE_PLACED = (
        "should_be_placed",
        _("Agency decision maker decided the child should be placed for adoption"),
    )
    AUTHORITY_TO_PLACE = "authority_to_place", _("Authority to place: placement order or consent")
    SUPPORT_NEEDS_ASSESSED = "support_needs_assessed", _("Adoption support needs assessed")
    REFERRED_TO_REGION = "referred_to_region", _("Referred to the region for family finding")
    REFERRED_TO_REGISTER = "referred_to_register", _("Referred to the national register")
    LINKED = "linked", _("Linked with a family")
    LINK_ENDED = "link_ended", _("Link with a family ended before the match")
    MATCHING_PANEL = "matching_panel", _("Matching panel recommendation")
    MATCH_DECISION = "match_decision", _("Agency decision maker's match decision")
    INTRODUCTIONS = "introductions", _("Introductions began")
    PLACED = "placed", _("Placed with adopters")
    ADOPTION_ORDER = "adoption_order", _("Adoption order made")
    PLAN_CHANGED = "plan_changed", _("Plan changed away from adoption")
    DISRUPTED = "disrupted", _("Placement ended before the adoption order")


_BEFORE_PLACEMENT = frozenset(
    {
        Stage.IN_CARE,
        Stage.ADOPTION_PLAN,
        Stage.REPORT_COMPLETED,
        Stage.SHOULD_BE_PLACED,
        Stage.AUTHORITY_TO_PLACE,
        Stage.LINKED,
        Stage.MATCHING_PANEL,
        Stage.MATCHED,
        Stage.INTRODUCTIONS,
        Stage.DISRUPTED,
    }
)
_FAMILY_FINDING = frozenset(
    {
        Stage.SHOULD_BE_PLACED,
        Stage.AUTHORITY_TO_PLACE,
        Stage.LINKED,
        Stage.MATCHING_PANEL,
        Stage.MATCHED,
        Stage.INTRODUCTIONS,
        Stage.PLACED,
        Stage.DISRUPTED,
    }
)

TRANSITIONS: dict[str, Transition] = {
    t.kind: t
    for t in [
        Transition(MilestoneKind.ENTERED_CARE, frozenset(), Stage.IN_CARE),
        Transition(MilestoneKind.PERMANENCE_PLAN, frozenset({Stage.IN_CARE}), Stage.ADOPTION_PLAN),
        Transition(
            MilestoneKind.CHILDS_ADOPTION_REPORT, frozenset({Stage.ADOPTION_PLAN}), Stage.REPORT_COMPLETED
        ),
        # A new decision may follow a reversal: the plan returns to adoption (NEW_DECISION_AFTER_REVERSAL).
        Transition(
            MilestoneKind.SHOULD_BE_PLACED,
            frozenset({Stage.REPORT_COMPLETED, Stage.PLAN_CHANGED}),
            Stage.SHOULD_BE_PLACED,
        ),
        Transition(
            MilestoneKind.AUTHORITY_TO_PLACE, frozenset({Stage.SHOULD_BE_PLACED}), Stage.AUTHORITY_TO_PLACE
        ),
        Transition(MilestoneKind.SUPPORT_NEEDS_ASSESSED, _FAMILY_FINDING, None),
        Transition(MilestoneKind.REFERRED_TO_REGION, _FAMILY_FINDING, None),
        Transition(MilestoneKind.REFERRED_TO_REGISTER, _FAMILY_FINDING, None),
        Transition(
            MilestoneKind.LINKED, frozenset({Stage.AUTHORITY_TO_PLACE, Stage.DISRUPTED}), Stage.LINKED
        ),
        # A link that ends before the match (either side declines, or the decision maker does
        # not approve the match) takes the child back to family finding.
        Transition(
            MilestoneKind.LINK_ENDED,
            frozenset({Stage.LINKED, Stage.MATCHING_PANEL}),
            Stage.AUTHORITY_TO_PLACE,
        ),
        Transition(MilestoneKind.MATCHING_PANEL, frozenset({Stage.LINKED}), Stage.MATCHING_PANEL),
        Transition(MilestoneKind.MATCH_DECISION, frozenset({Stage.MATCHING_PANEL}), Stage.MATCHED),
        Transition(MilestoneKind.INTRODUCTIONS, frozenset({Stage.MATCHED}), Stage.INTRODUCTIONS),
        Transition(MilestoneKind.PLACED, frozenset({Stage.MATCHED, Stage.INTRODUCTIONS}), Stage.PLACED),
        Transition(MilestoneKind.ADOPTION_ORDER, frozenset({Stage.PLACED}), Stage.ADOPTED),
        Transition(MilestoneKind.PLAN_CHANGED, _BEFORE_PLACEMENT, Stage.PLAN_CHANGED),
        Transition(MilestoneKind.DISRUPTED, frozenset({Stage.INTRODUCTIONS, Stage.PLACED}), Stage.DISRUPTED),
    ]
}

#: A new 'should be placed' decision after the earlier one was reversed.
#:
#: The agency decision maker decides whether the child should be placed for
#: adoption (Adoption Agencies (Wales) Regulations 2005, reg. 19); nothing in
#: them makes that decision once in a child's life. When a decision is
#: reversed ("plan changed", with its reason RD1-RD4) and the plan later
#: returns to adoption, the decision maker decides again. England's SSDA903
#: return keeps one PlacedAdoption record a decision, each with the date and
#: reason it ceased, and the DfE's rule 579 says how they follow one another:
#: "A new decision that the child should be placed for adoption ... cannot
#: start when the previous decision is still open ... The date of any new
#: decision ... must not be before the date placed ceased of previous
#: decisions" (csc-validator-be-903, rule 579). So the decision and its
#: reversal may recur, one at a time: the stages allow a decision only before
#: any (a completed report) or after a reversal (plan changed), and the rule
#: nas.children.rules.OneDecisionAtATime refuses, for every writer, a second
#: decision with no reversal between.
NEW_DECISION_AFTER_REVERSAL = frozenset({MilestoneKind.SHOULD_BE_PLACED, MilestoneKind.PLAN_CHANGED})

# Milestones that may be recorded only once in a child's record; the rest
# (a new link after a disruption, a new decision after a reversal) may recur.
ONCE_ONLY = frozenset(
    {
        MilestoneKind.ENTERED_CARE,
        MilestoneKind.PERMANENCE_PLAN,
        MilestoneKind.CHILDS_ADOPTION_REPORT,
        MilestoneKind.AUTHORITY_TO_PLACE,
        MilestoneKind.ADOPTION_ORDER,
        MilestoneKind.REFERRED_TO_REGION,
        MilestoneKind.REFERRED_TO_REGISTER,
    }
)

TERMINAL = frozenset({Stage.ADOPTED, Stage.PLAN_CHANGED})


MACHINE = StateMachine(TRANSITIONS.values(), once_only=ONCE_ONLY)
allowed_next = MACHINE.allowed_next
next_stage = MACHINE.next_stage


#: What the child's case waits for at each stage, and from whom: said on the
#: child's record above the steps that may be recorded next.
WAITING_FOR = {
    Stage.IN_CARE: _("Adoption agreed as the child's permanence plan, at the child's review."),
    Stage.ADOPTION_PLAN: _("The Child's Adoption Report, from the child's social worker."),
    Stage.REPORT_COMPLETED: _(
        "The agency decision maker's decision that the child should be placed for adoption "
        "(the decision maker of the child's local authority decides, and records it here)."
    ),
    Stage.SHOULD_BE_PLACED: _(
        "Authority to place: a placement order from the court, or the parents' consent, recorded by "
        "the child's social worker."
    ),
    Stage.AUTHORITY_TO_PLACE: _(
        "A family: the region's family finders look for one once the child is referred to the region "
        "(and to the national register within a month of authority to place)."
    ),
    Stage.LINKED: _("The matching panel: the region's panel adviser puts the match on a meeting's agenda."),
    Stage.MATCHING_PANEL: _("The agency decision maker's decision on the match."),
    Stage.MATCHED: _("Introductions and the placement, recorded on the link by the child's social worker."),
    Stage.INTRODUCTIONS: _("The placement with the adopters, recorded on the link."),
    Stage.PLACED: _(
        "The adoption order: the adopters may apply once the child has lived with them 10 weeks."
    ),
    Stage.DISRUPTED: _("A new family: the region's family finders look again."),
}
