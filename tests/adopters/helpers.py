"""Plain functions that take a household along its journey, shared by the
unit tests, the permission matrix and the browser tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from nas.adopters import services
from nas.adopters.journey import STAGE_ONE_CHECKS, MilestoneKind
from nas.organisations.models import Organisation
from nas.panels import services as panel_services

TO_PAR = [
    (MilestoneKind.INFORMATION_EVENT, 7),
    (MilestoneKind.ROI_RECEIVED, 7),
    (MilestoneKind.ROI_ACCEPTED, 3),
    *[(kind, 10) for kind in STAGE_ONE_CHECKS],
    (MilestoneKind.PREPARATION_TRAINING, 2),
    (MilestoneKind.STAGE_ONE_COMPLETED, 1),
    (MilestoneKind.STAGE_TWO_STARTED, 14),
    (MilestoneKind.PAR_COMPLETED, 60),
]

RANGE = {
    "age_min": 0,
    "age_max": 4,
    "max_children": 2,
    "sibling_group": True,
    "health_needs": "medium",
    "developmental_needs": "medium",
    "behavioural_needs": "low",
    "disability": False,
    "contact": ["letterbox", "direct_siblings"],
}

MEMBERS = [
    ("Eleri Chair", "chair", True),
    ("Siân Social", "social_worker", False),
    ("Dr Medi Adviser", "medical_adviser", False),
    ("Iolo Independent", "independent", True),
    ("Nerys Independent", "independent", True),
    ("Alun Adviser", "agency_adviser", False),
]


def make_household(
    actor: Any, owner: str, surname: str, *, enquiry: date = date(2025, 1, 6), **fields: Any
) -> Any:
    return services.household_create(
        actor=actor,
        owner_id=Organisation.objects.get(code=owner).pk,
        enquiry_date=enquiry,
        applicants=[{"first_names": "Matrix", "last_name": surname}],
        **fields,
    )


def advance(actor: Any, household: Any, until: str, *, start: date | None = None) -> Any:
    """Record the journey's steps a few days apart, up to (and including) `until`."""
    when = start or household.milestones.get(kind=MilestoneKind.ENQUIRY).date
    for kind, gap in TO_PAR:
        when += timedelta(days=gap)
        if kind == MilestoneKind.PAR_COMPLETED and not household.has_approval_range:
            services.approval_range_set(
                actor=actor, household=household, expected_version=household.version, changes=RANGE
            )
        services.milestone_record(actor=actor, household=household, kind=kind, when=when)
        if kind == until:
            break
    household.refresh_from_db()
    return household


def quorate_meeting(adviser: Any, when: date, venue: str = "") -> Any:
    meeting = panel_services.meeting_create(
        actor=adviser, organisation_id=adviser.organisation_id, when=when, venue=venue
    )
    for name, role, independent in MEMBERS:
        panel_services.member_add(
            actor=adviser, meeting=meeting, name=name, role=role, independent=independent
        )
    return meeting


def to_panel(adviser: Any, meeting: Any, household: Any, recommendation: str = "recommended") -> Any:
    item = panel_services.item_add(
        actor=adviser,
        meeting=meeting,
        kind="adopter_approval",
        subject_type="adopters.household",
        subject_id=household.pk,
    )
    panel_services.recommendation_record(
        actor=adviser, item=item, recommendation=recommendation, reasons="A thorough assessment."
    )
    return item


def approve(adviser: Any, adm: Any, household: Any, meeting_on: date = date(2025, 6, 2)) -> Any:
    """Take a household whose report is complete through a panel to the decision maker's approval."""
    meeting = quorate_meeting(adviser, meeting_on)
    item = to_panel(adviser, meeting, household)
    panel_services.minutes_finalise(
        actor=adviser, meeting=meeting, minutes="Minutes.", final_on=meeting_on + timedelta(days=2)
    )
    panel_services.decision_record(
        actor=adm,
        subject_type="adopters.household",
        subject_id=household.pk,
        outcome="approved",
        reasons="I agree with the panel.",
        decided_on=meeting_on + timedelta(days=7),
        agenda_item=item,
    )
    household.refresh_from_db()
    return household
