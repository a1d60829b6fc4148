"""Statutory timescales of the adopter household's journey, computed from its
dated milestones. Nothing here is stored: a corrected date moves every
deadline that depends on it.

Each rule carries its official name and source. Part 4 of the Adoption
Agencies (Wales) Regulations 2005 (SI 2005/1313 (W.95)) was substituted by the
Adoption Agencies (Wales) (Amendment) Regulations 2020 (SI 2020/163 (W.36)),
in force 1 April 2020, which brought in the two-stage process: Stage 1 (the
pre-assessment process) limited to two months, Stage 2 (the assessment
decision) limited to four months, and referral of approved adopters to the
Adoption Register for Wales within one month (Welsh Government written
statement laying the Regulations, 20 February 2020).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from nas.adopters.journey import APPROVED_STAGES, TERMINAL, MilestoneKind, Stage
from nas.children.deadlines import Dates, Deadline
from nas.core.calendar import add_months, add_working_days

Rule = Callable[[Dates, str], Deadline | None]
RULES: list[Rule] = []

ROI_DECISION_WORKING_DAYS = 5
STAGE_ONE_MONTHS = 2
BREAK_MONTHS = 6
STAGE_TWO_MONTHS = 4
REVIEW_WINDOW_WORKING_DAYS = 40
REGISTER_REFERRAL_MONTHS = 1


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def _first(dates: Dates, *kinds: str) -> date | None:
    found = [dates[k] for k in kinds if k in dates]
    return min(found) if found else None


@rule
def roi_decision(dates: Dates, stage: str) -> Deadline | None:
    """Decision on the registration of interest: within 5 working days of receiving it.

    Source: the timescale Welsh agencies work to for deciding whether to accept
    a registration of interest (the same 5 working days as England's adoption
    statutory guidance, chapter 3). It could not be found in the text of the
    Welsh Regulations available when this was written, so it is shown as the
    service's practice standard, not as a regulation.
    """
    received = dates.get(MilestoneKind.ROI_RECEIVED)
    if received is None:
        return None
    return Deadline(
        "roi_decision",
        _("Decide on the registration of interest"),
        _("NAS Wales practice: 5 working days from receipt of the registration of interest"),
        add_working_days(received, ROI_DECISION_WORKING_DAYS),
        _first(dates, MilestoneKind.ROI_ACCEPTED, MilestoneKind.ROI_DECLINED),
    )


@rule
def stage_one(dates: Dates, stage: str) -> Deadline | None:
    """Stage 1, the pre-assessment process (statutory checks, references,
    medical, preparation): completed within 2 months of the agency accepting
    the registration of interest.

    Source: Adoption Agencies (Wales) Regulations 2005, Part 4 (regs. 21 to 27,
    Stage 1) as substituted by SI 2020/163 (W.36): Stage 1 is limited to two
    months.
    """
    accepted = dates.get(MilestoneKind.ROI_ACCEPTED)
    if accepted is None:
        return None
    return Deadline(
        "stage_one",
        _("Complete Stage 1 (checks and preparation)"),
        _(
            "Adoption Agencies (Wales) Regulations 2005, Part 4 (Stage 1) as substituted by SI 2020/163: "
            "2 months"
        ),
        add_months(accepted, STAGE_ONE_MONTHS),
        _first(dates, MilestoneKind.STAGE_ONE_COMPLETED, MilestoneKind.STAGE_ONE_NOT_SUITABLE),
    )


@rule
def stage_two_notice(dates: Dates, stage: str) -> Deadline | None:
    """The break between the stages: the prospective adopter has up to 6 months
    from the end of Stage 1 to give notice that they wish to go on to Stage 2;
    after that Stage 1 must be done again.

    Source: Adoption Agencies (Wales) Regulations 2005, Part 4 as substituted by
    SI 2020/163 (W.36) (Stage 2 begins on the prospective adopter's notice,
    given within six months of the Stage 1 outcome, as in England's reg. 27).
    """
    completed = dates.get(MilestoneKind.STAGE_ONE_COMPLETED)
    if completed is None:
        return None
    return Deadline(
        "stage_two_notice",
        _("Notice to go on to Stage 2 (break of up to 6 months)"),
        _("Adoption Agencies (Wales) Regulations 2005, Part 4 as substituted by SI 2020/163: 6 months"),
        add_months(completed, BREAK_MONTHS),
        dates.get(MilestoneKind.STAGE_TWO_STARTED),
    )


@rule
def stage_two(dates: Dates, stage: str) -> Deadline | None:
    """Stage 2, the assessment decision (home study, Prospective Adopter's
    Report, panel, decision): the agency decides whether the prospective
    adopter is suitable within 4 months of their notice to go on to Stage 2.

    Source: Adoption Agencies (Wales) Regulations 2005, reg. 30B(1) as
    substituted by SI 2020/163 (W.36): Stage 2 is limited to four months.
    """
    started = dates.get(MilestoneKind.STAGE_TWO_STARTED)
    if started is None:
        return None
    return Deadline(
        "stage_two",
        _("Complete Stage 2: the suitability decision"),
        _("Adoption Agencies (Wales) Regulations 2005, reg. 30B(1) as substituted by SI 2020/163: 4 months"),
        add_months(started, STAGE_TWO_MONTHS),
        _first(
            dates, MilestoneKind.APPROVED, MilestoneKind.QUALIFYING_DETERMINATION, MilestoneKind.NOT_APPROVED
        ),
    )


@rule
def adm_decision(dates: Dates, stage: str) -> Deadline | None:
    """The agency decision maker's decision after the panel's recommendation:
    within ADM_DECISION_WORKING_DAYS working days (10 by default) of receiving
    the final panel minutes and papers.

    Source: the Adoption Agencies (Wales) Regulations 2005, reg. 30B (as
    substituted by SI 2020/163 (W.36)), require the decision to take the
    panel's recommendation into account but, as far as could be found, set no
    number of days for it (England's 7 working days is in its statutory
    guidance, not in its reg. 30B). The default follows North Wales Adoption
    Service practice: the decision maker decides within 10 working days of
    receiving the recommendation, minutes and report. Configurable with the
    ADM_DECISION_WORKING_DAYS setting.
    """
    papers = dates.get(MilestoneKind.PANEL_MINUTES_FINAL)
    if papers is None:
        return None
    days = settings.ADM_DECISION_WORKING_DAYS
    return Deadline(
        "adm_decision",
        _("Agency decision maker's decision"),
        format_lazy(
            _(
                "No period in the Welsh Regulations; North Wales practice: {days} working days "
                "from the final panel minutes"
            ),
            days=days,
        ),
        add_working_days(papers, days),
        _first(
            dates, MilestoneKind.APPROVED, MilestoneKind.QUALIFYING_DETERMINATION, MilestoneKind.NOT_APPROVED
        ),
    )


@rule
def review_window(dates: Dates, stage: str) -> Deadline | None:
    """After a qualifying determination the prospective adopter has 40 working
    days from the notice to make representations to the agency or to apply to
    the Independent Review Mechanism; the final decision waits until then
    (or until the review's recommendation).

    Source: Adoption Agencies (Wales) Regulations 2005, reg. 30B(5) as
    substituted by SI 2020/163 (W.36) (the qualifying determination), with the
    Independent Review of Determinations (Adoption and Fostering) (Wales)
    Regulations 2010 (SI 2010/746). IRM Cymru's published guidance gives
    "40 days from the date of the agency's letter"; the regulation's
    40 working days is used here.
    """
    determination = dates.get(MilestoneKind.QUALIFYING_DETERMINATION)
    if determination is None:
        return None
    return Deadline(
        "review_window",
        _("Final decision possible once the 40 working days for representations or review have passed"),
        _(
            "Adoption Agencies (Wales) Regulations 2005, reg. 30B(5); Independent Review of Determinations "
            "(Adoption and Fostering) (Wales) Regulations 2010: 40 working days"
        ),
        add_working_days(determination, REVIEW_WINDOW_WORKING_DAYS),
        _first(dates, MilestoneKind.APPROVED, MilestoneKind.NOT_APPROVED),
        earliest=True,
    )


@rule
def register_referral(dates: Dates, stage: str) -> Deadline | None:
    """Referral of approved prospective adopters to the Adoption Register for
    Wales within one month of the decision that they are suitable to adopt.

    Source: Adoption Agencies (Wales) Regulations 2005, Part 4 as substituted by
    SI 2020/163 (W.36) (Welsh Government written statement of 20 February 2020:
    prospective adopters are referred to the Adoption Register within one
    month of the date the agency decided they are suitable to adopt).
    """
    approved = dates.get(MilestoneKind.APPROVED)
    if approved is None:
        return None
    return Deadline(
        "register_referral",
        _("Refer to the Adoption Register for Wales"),
        _(
            "Adoption Agencies (Wales) Regulations 2005, Part 4 as substituted by SI 2020/163: "
            "1 month from approval"
        ),
        add_months(approved, REGISTER_REFERRAL_MONTHS),
        _first(dates, MilestoneKind.REFERRED_TO_REGISTER, MilestoneKind.LINKED),
    )


@rule
def approval_review(dates: Dates, stage: str) -> Deadline | None:
    """Review of the approval while no child is placed: at least once a year
    from approval (or from the last review).

    Source: Adoption Agencies (Wales) Regulations 2005, reg. 30D as substituted
    by SI 2020/163 (W.36) (review of approval and the prospective adopter's
    review report). The yearly period follows England's reg. 30D(1); the
    Welsh text's period could not be read here.
    """
    if stage not in APPROVED_STAGES or stage == Stage.PLACED:
        return None
    since = dates.get(MilestoneKind.APPROVAL_REVIEW) or dates.get(MilestoneKind.APPROVED)
    if since is None:
        return None
    return Deadline(
        "approval_review",
        _("Review the approval"),
        _("Adoption Agencies (Wales) Regulations 2005, reg. 30D: at least yearly while no child is placed"),
        add_months(since, 12),
        None,
    )


def deadlines_for(dates: Dates, stage: str) -> list[Deadline]:
    if stage in TERMINAL:
        return []
    found = (rule_fn(dates, stage) for rule_fn in RULES)
    return sorted((d for d in found if d is not None), key=lambda d: d.due)
