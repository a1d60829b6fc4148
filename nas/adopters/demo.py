"""A few made-up adopter households at different points of the journey, an
adoption panel with its agenda and some enquiries, so a newcomer who runs
`make run` sees the regional service at work. Dates are set back from today,
so one household is always overdue in Stage 1. Safe to run again: a
household or enquiry already there (by its made-up surname) is left alone."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from nas.accounts.models import User
from nas.adopters import services
from nas.adopters.journey import STAGE_ONE_CHECKS, MilestoneKind
from nas.adopters.models import Enquiry, HouseholdMember
from nas.organisations.models import Organisation
from nas.panels import services as panels
from nas.panels.models import Meeting

STEPS = [
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
    "age_max": 5,
    "max_children": 2,
    "sibling_group": True,
    "health_needs": "medium",
    "developmental_needs": "medium",
    "behavioural_needs": "low",
    "disability": False,
    "contact": ["letterbox", "direct_siblings"],
}
PANEL = [
    ("Gwyneth Lloyd", "chair", True),
    ("Rhodri Evans", "social_worker", False),
    ("Dr Carys Bowen", "medical_adviser", False),
    ("Mair Jenkins", "independent", True),
    ("Dafydd Powell", "independent", True),
    ("Sara Hughes", "agency_adviser", False),
]


def _exists(owner: Organisation, surname: str) -> bool:
    return HouseholdMember.objects.filter(household__owner=owner, last_name=surname).exists()


def _household(
    actor: Any,
    owner: Organisation,
    applicants: list[tuple[str, str]],
    enquiry: date,
    until: str | None,
    **fields: Any,
) -> Any:
    household = services.household_create(
        actor=actor,
        owner_id=owner.pk,
        enquiry_date=enquiry,
        applicants=[{"first_names": f, "last_name": last} for f, last in applicants],
        assessor=actor,
        **fields,
    )
    when = enquiry
    for kind, gap in STEPS:
        if until is None:
            break
        when += timedelta(days=gap)
        if kind == MilestoneKind.PAR_COMPLETED:
            services.approval_range_set(
                actor=actor, household=household, expected_version=household.version, changes=RANGE
            )
        services.milestone_record(actor=actor, household=household, kind=kind, when=when)
        if kind == until:
            break
    return household


def seed_adopters() -> int:
    today = timezone.localdate()
    vvc = Organisation.objects.get(code="vale-valleys-cardiff")
    stdavids = Organisation.objects.get(code="st-davids-childrens-society")
    cardiff = Organisation.objects.get(code="cardiff")
    rct = Organisation.objects.get(code="rhondda-cynon-taf")
    assessor = User.objects.get(username="assessor.vvc")
    adviser = User.objects.get(username="panel.vvc")
    adm = User.objects.get(username="adm.vvc")
    std_assessor = User.objects.get(username="assessor.stdavids")
    created = 0
    with transaction.atomic():
        if not _exists(vvc, "Pritchard"):
            _household(
                assessor,
                vvc,
                [("Bethan", "Pritchard")],
                today - timedelta(days=20),
                MilestoneKind.ROI_RECEIVED,
                residence_authority=cardiff,
                language="welsh",
            )
            created += 1
        if not _exists(vvc, "Llewellyn"):
            # Stage 1 began more than two months ago and the checks are not all back: overdue.
            _household(
                assessor,
                vvc,
                [("Gareth", "Llewellyn"), ("Sioned", "Llewellyn")],
                today - timedelta(days=120),
                MilestoneKind.DBS_CHECK,
                residence_authority=rct,
            )
            created += 1
        if not _exists(vvc, "Okonkwo"):
            household = _household(
                assessor,
                vvc,
                [("Adaeze", "Okonkwo"), ("Tom", "Price")],
                today - timedelta(days=150),
                MilestoneKind.PAR_COMPLETED,
                residence_authority=cardiff,
            )
            meeting = Meeting.objects.filter(organisation=vvc, date__gt=today).first() or _meeting(
                adviser, today + timedelta(days=10), "Ty Hywel, Cardiff"
            )
            panels.item_add(
                actor=adviser,
                meeting=meeting,
                kind="adopter_approval",
                subject_type="adopters.household",
                subject_id=household.pk,
                papers_received_on=today - timedelta(days=5),
            )
            created += 1
        if not _exists(vvc, "Haf"):
            # Approved through last month's panel, with an approval range; the register referral is due.
            household = _household(
                assessor,
                vvc,
                [("Elin", "Haf"), ("Rhys", "Haf")],
                today - timedelta(days=170),
                MilestoneKind.PAR_COMPLETED,
                residence_authority=cardiff,
                language="bilingual",
                kind="domestic",
            )
            meeting = _meeting(adviser, today - timedelta(days=22), "Civic Centre, Barry")
            item = panels.item_add(
                actor=adviser,
                meeting=meeting,
                kind="adopter_approval",
                subject_type="adopters.household",
                subject_id=household.pk,
            )
            panels.recommendation_record(
                actor=adviser,
                item=item,
                recommendation="recommended",
                reasons="A warm, well-prepared couple with a strong support network.",
            )
            panels.minutes_finalise(
                actor=adviser,
                meeting=meeting,
                minutes="The panel met and was quorate.",
                final_on=today - timedelta(days=20),
            )
            panels.decision_record(
                actor=adm,
                subject_type="adopters.household",
                subject_id=household.pk,
                outcome="approved",
                reasons="I agree with the panel's recommendation.",
                decided_on=today - timedelta(days=15),
                agenda_item=item,
            )
            created += 1
        if not _exists(stdavids, "Morgan-Reid"):
            _household(
                std_assessor,
                stdavids,
                [("Alex", "Morgan-Reid")],
                today - timedelta(days=40),
                MilestoneKind.ROI_ACCEPTED,
                residence_authority=rct,
                kind="early_permanence",
            )
            created += 1
        for first, last, kind, message in (
            ("Ffion", "Daniels", "domestic", "We would like to come to an information evening."),
            ("Marc", "Owusu", "step_parent", "I would like to adopt my partner's son."),
        ):
            if not Enquiry.objects.filter(organisation=vvc, last_name=last).exists():
                services.enquiry_submit(
                    organisation_id=vvc.pk,
                    first_names=first,
                    last_name=last,
                    email=f"{first.lower()}@example.invalid",
                    kind=kind,
                    message=message,
                    language="en",
                )
                created += 1
    return created


def _meeting(adviser: Any, when: date, venue: str) -> Meeting:
    meeting = panels.meeting_create(
        actor=adviser, organisation_id=adviser.organisation_id, when=when, venue=venue
    )
    for name, role, independent in PANEL:
        panels.member_add(actor=adviser, meeting=meeting, name=name, role=role, independent=independent)
    return meeting
