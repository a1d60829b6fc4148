"""The adopter household's journey as an explicit state machine.

Each milestone is dated; recording one moves the household to a new stage
or, for a side milestone (a statutory check, the Prospective Adopter's
Report, a review), leaves the stage as it is. Which milestones may follow
which is written here once; services, forms, the panel and the API ask this
module. The steps follow the two-stage process of Part 4 of the Adoption
Agencies (Wales) Regulations 2005 as substituted by the Adoption Agencies
(Wales) (Amendment) Regulations 2020 (SI 2020/163 (W.36)).
"""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nas.core.journey import StateMachine, Transition


class Stage(models.TextChoices):
    ENQUIRY = "enquiry", _("Enquiry")
    INFORMATION_EVENT = "information_event", _("Information event attended")
    REGISTRATION_OF_INTEREST = "registration_of_interest", _("Registration of interest received")
    STAGE_ONE = "stage_one", _("Stage 1: checks and preparation")
    BETWEEN_STAGES = "between_stages", _("Between Stage 1 and Stage 2")
    STAGE_TWO = "stage_two", _("Stage 2: assessment")
    PANEL = "panel", _("Panel recommendation made: awaiting the decision")
    QUALIFYING_DETERMINATION = (
        "qualifying_determination",
        _("Qualifying determination: decision maker minded not to approve"),
    )
    APPROVED = "approved", _("Approved")
    WAITING = "waiting", _("Approved and on the national register, waiting")
    LINKED = "linked", _("Linked with a child")
    MATCHED = "matched", _("Matched")
    PLACED = "placed", _("Child placed")
    NOT_PROCEEDING = "not_proceeding", _("Not proceeding")
    NOT_APPROVED = "not_approved", _("Not approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DEREGISTERED = "deregistered", _("Approval ended")


class MilestoneKind(models.TextChoices):
    ENQUIRY = "enquiry", _("Enquiry received")
    INFORMATION_EVENT = "information_event", _("Attended an information event")
    ROI_RECEIVED = "roi_received", _("Registration of interest received")
    ROI_ACCEPTED = "roi_accepted", _("Registration of interest accepted: Stage 1 begins")
    ROI_DECLINED = "roi_declined", _("Registration of interest not accepted")
    DBS_CHECK = "dbs_check", _("Enhanced DBS check returned")
    LOCAL_AUTHORITY_CHECK = "local_authority_check", _("Local authority check returned")
    MEDICAL = "medical", _("Adoption medical report received")
    REFERENCES = "references", _("References taken up")
    PREPARATION_TRAINING = "preparation_training", _("Preparation training completed")
    STAGE_ONE_COMPLETED = "stage_one_completed", _("Stage 1 completed: may go on to Stage 2")
    STAGE_ONE_NOT_SUITABLE = "stage_one_not_suitable", _("Stage 1 ended: not suitable to go on")
    STAGE_TWO_STARTED = "stage_two_started", _("Stage 2 began: notice to go on received")
    PAR_COMPLETED = "par_completed", _("Prospective Adopter's Report completed")
    PANEL_RECOMMENDATION = "panel_recommendation", _("Adoption panel recommendation")
    PANEL_MINUTES_FINAL = "panel_minutes_final", _("Final panel minutes sent to the decision maker")
    QUALIFYING_DETERMINATION = (
        "qualifying_determination",
        _("Decision maker minded not to approve (qualifying determination)"),
    )
    REVIEW_REQUESTED = "review_requested", _("Representations made or independent review requested")
    IRM_RECOMMENDATION = "irm_recommendation", _("Independent review panel's recommendation received")
    APPROVED = "approved", _("Approved as suitable to adopt")
    NOT_APPROVED = "not_approved", _("Not approved as suitable to adopt")
    REFERRED_TO_REGISTER = "referred_to_register", _("Referred to the Adoption Register for Wales")
    APPROVAL_REVIEW = "approval_review", _("Review of the approval")
    LINKED = "linked", _("Linked with a child")
    LINK_ENDED = "link_ended", _("Link ended")
    MATCHED = "matched", _("Matched with a child")
    PLACED = "placed", _("Child placed with the household")
    WITHDRAWN = "withdrawn", _("Withdrew")
    DEREGISTERED = "deregistered", _("Approval ended (deregistered)")


_APPROVED = frozenset({Stage.APPROVED, Stage.WAITING, Stage.LINKED, Stage.MATCHED})
_ACTIVE_BEFORE_PLACEMENT = frozenset(
    {
        Stage.ENQUIRY,
        Stage.INFORMATION_EVENT,
        Stage.REGISTRATION_OF_INTEREST,
        Stage.STAGE_ONE,
        Stage.BETWEEN_STAGES,
        Stage.STAGE_TWO,
        Stage.PANEL,
        Stage.QUALIFYING_DETERMINATION,
        *_APPROVED,
    }
)

TRANSITIONS: dict[str, Transition] = {
    t.kind: t
    for t in [
        Transition(MilestoneKind.ENQUIRY, frozenset(), Stage.ENQUIRY),
        Transition(MilestoneKind.INFORMATION_EVENT, frozenset({Stage.ENQUIRY}), Stage.INFORMATION_EVENT),
        Transition(
            MilestoneKind.ROI_RECEIVED,
            frozenset({Stage.ENQUIRY, Stage.INFORMATION_EVENT}),
            Stage.REGISTRATION_OF_INTEREST,
        ),
        Transition(MilestoneKind.ROI_ACCEPTED, frozenset({Stage.REGISTRATION_OF_INTEREST}), Stage.STAGE_ONE),
        Transition(
            MilestoneKind.ROI_DECLINED, frozenset({Stage.REGISTRATION_OF_INTEREST}), Stage.NOT_PROCEEDING
        ),
        Transition(MilestoneKind.DBS_CHECK, frozenset({Stage.STAGE_ONE}), None),
        Transition(MilestoneKind.LOCAL_AUTHORITY_CHECK, frozenset({Stage.STAGE_ONE}), None),
        Transition(MilestoneKind.MEDICAL, frozenset({Stage.STAGE_ONE}), None),
        Transition(MilestoneKind.REFERENCES, frozenset({Stage.STAGE_ONE}), None),
        Transition(MilestoneKind.PREPARATION_TRAINING, frozenset({Stage.STAGE_ONE, Stage.STAGE_TWO}), None),
        Transition(MilestoneKind.STAGE_ONE_COMPLETED, frozenset({Stage.STAGE_ONE}), Stage.BETWEEN_STAGES),
        Transition(MilestoneKind.STAGE_ONE_NOT_SUITABLE, frozenset({Stage.STAGE_ONE}), Stage.NOT_PROCEEDING),
        Transition(MilestoneKind.STAGE_TWO_STARTED, frozenset({Stage.BETWEEN_STAGES}), Stage.STAGE_TWO),
        Transition(MilestoneKind.PAR_COMPLETED, frozenset({Stage.STAGE_TWO}), None),
        # Recorded by the panel (nas.panels) when it makes its recommendation and finalises its minutes.
        Transition(MilestoneKind.PANEL_RECOMMENDATION, frozenset({Stage.STAGE_TWO}), Stage.PANEL),
        Transition(MilestoneKind.PANEL_MINUTES_FINAL, frozenset({Stage.PANEL}), None),
        # Recorded by the agency decision maker's decision (nas.panels.services.decision_record).
        Transition(
            MilestoneKind.QUALIFYING_DETERMINATION, frozenset({Stage.PANEL}), Stage.QUALIFYING_DETERMINATION
        ),
        Transition(MilestoneKind.REVIEW_REQUESTED, frozenset({Stage.QUALIFYING_DETERMINATION}), None),
        # Independent Review of Determinations (Adoption and Fostering) (Wales) Regulations 2010:
        # the review panel recommends to the agency, which then makes its final decision.
        Transition(MilestoneKind.IRM_RECOMMENDATION, frozenset({Stage.QUALIFYING_DETERMINATION}), None),
        Transition(
            MilestoneKind.APPROVED, frozenset({Stage.PANEL, Stage.QUALIFYING_DETERMINATION}), Stage.APPROVED
        ),
        # Not approving is final only after a qualifying determination, so the
        # prospective adopter has had the chance of representations or a review.
        Transition(
            MilestoneKind.NOT_APPROVED, frozenset({Stage.QUALIFYING_DETERMINATION}), Stage.NOT_APPROVED
        ),
        Transition(MilestoneKind.REFERRED_TO_REGISTER, frozenset({Stage.APPROVED}), Stage.WAITING),
        Transition(MilestoneKind.APPROVAL_REVIEW, _APPROVED, None),
        Transition(MilestoneKind.LINKED, frozenset({Stage.APPROVED, Stage.WAITING}), Stage.LINKED),
        Transition(MilestoneKind.LINK_ENDED, frozenset({Stage.LINKED, Stage.MATCHED}), Stage.WAITING),
        Transition(MilestoneKind.MATCHED, frozenset({Stage.LINKED}), Stage.MATCHED),
        Transition(MilestoneKind.PLACED, frozenset({Stage.MATCHED}), Stage.PLACED),
        Transition(MilestoneKind.WITHDRAWN, _ACTIVE_BEFORE_PLACEMENT, Stage.WITHDRAWN),
        Transition(MilestoneKind.DEREGISTERED, _APPROVED, Stage.DEREGISTERED),
    ]
}

# Milestones that may be recorded once only; the rest (a check redone, a new
# link after one ended, a yearly review) may recur.
ONCE_ONLY = frozenset(
    {
        MilestoneKind.ENQUIRY,
        MilestoneKind.INFORMATION_EVENT,
        MilestoneKind.ROI_RECEIVED,
        MilestoneKind.ROI_ACCEPTED,
        MilestoneKind.ROI_DECLINED,
        MilestoneKind.STAGE_ONE_COMPLETED,
        MilestoneKind.STAGE_ONE_NOT_SUITABLE,
        MilestoneKind.STAGE_TWO_STARTED,
        MilestoneKind.PANEL_RECOMMENDATION,
        MilestoneKind.PANEL_MINUTES_FINAL,
        MilestoneKind.QUALIFYING_DETERMINATION,
        MilestoneKind.REVIEW_REQUESTED,
        MilestoneKind.IRM_RECOMMENDATION,
        MilestoneKind.APPROVED,
        MilestoneKind.NOT_APPROVED,
        MilestoneKind.REFERRED_TO_REGISTER,
        MilestoneKind.WITHDRAWN,
        MilestoneKind.DEREGISTERED,
    }
)

# The statutory checks of Stage 1 (Adoption Agencies (Wales) Regulations 2005,
# Part 4 as substituted in 2020: the agency must obtain them before deciding
# whether the prospective adopter may go on to Stage 2).
STAGE_ONE_CHECKS = (
    MilestoneKind.DBS_CHECK,
    MilestoneKind.LOCAL_AUTHORITY_CHECK,
    MilestoneKind.MEDICAL,
    MilestoneKind.REFERENCES,
)

#: Recorded only through the panel and the agency decision maker, never typed in on the household page.
PANEL_STEPS = frozenset({MilestoneKind.PANEL_RECOMMENDATION, MilestoneKind.PANEL_MINUTES_FINAL})
DECISIONS = frozenset(
    {MilestoneKind.QUALIFYING_DETERMINATION, MilestoneKind.APPROVED, MilestoneKind.NOT_APPROVED}
)
#: Milestones that must carry a coded reason, and the code set for each.
REASONED: dict[str, str] = {
    MilestoneKind.ROI_DECLINED: "NotProceedingReason",
    MilestoneKind.STAGE_ONE_NOT_SUITABLE: "NotProceedingReason",
    MilestoneKind.WITHDRAWN: "WithdrawalReason",
    MilestoneKind.DEREGISTERED: "DeregistrationReason",
    MilestoneKind.APPROVAL_REVIEW: "ReviewOutcome",
    MilestoneKind.REVIEW_REQUESTED: "ReviewRoute",
    MilestoneKind.IRM_RECOMMENDATION: "IrmRecommendation",
}

TERMINAL = frozenset(
    {Stage.NOT_PROCEEDING, Stage.NOT_APPROVED, Stage.WITHDRAWN, Stage.DEREGISTERED, Stage.PLACED}
)
APPROVED_STAGES = frozenset({*_APPROVED, Stage.PLACED})


MACHINE = StateMachine(TRANSITIONS.values(), once_only=ONCE_ONLY)
allowed_next = MACHINE.allowed_next
next_stage = MACHINE.next_stage


def waiting_for(stage: str | None, recorded: set[str]) -> Promise | None:
    """What the household's case waits for next, and from whom, where the
    steps that may be recorded do not say it."""
    if stage == Stage.STAGE_TWO and MilestoneKind.PAR_COMPLETED in recorded:
        return _(
            "The adoption panel: the region's panel adviser adds the household to a meeting's agenda "
            "with the Prospective Adopter's Report; the panel recommends, then the agency decision "
            "maker decides."
        )
    if stage == Stage.PANEL:
        return _("The agency decision maker's decision on the panel's recommendation.")
    if stage in {Stage.APPROVED, Stage.WAITING}:
        return _("A child: the region's family finders and the household's assessor look for a link.")
    return None
