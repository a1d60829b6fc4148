from __future__ import annotations

from datetime import date, timedelta

import pytest

from nas.adopters import services
from nas.adopters.journey import STAGE_ONE_CHECKS, MilestoneKind
from nas.organisations.models import Organisation

# The journey up to the end of Stage 2's report, in order, with the days after the previous step.
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
    "contact": ["letterbox", "direct_siblings"],
}


@pytest.fixture
def make_household(personas):
    counter = iter(range(1, 10_000))

    def make(owner: str = "vale-valleys-cardiff", *, enquiry: date = date(2025, 1, 6), **fields):
        org = Organisation.objects.get(code=owner)
        actor = personas["assessor.vvc"] if owner == "vale-valleys-cardiff" else personas["assessor.stdavids"]
        n = next(counter)
        return services.household_create(
            actor=actor,
            owner_id=org.pk,
            enquiry_date=enquiry,
            applicants=[{"first_names": f"Applicant{n}", "last_name": "Jones"}],
            **fields,
        )

    return make


@pytest.fixture
def advance(personas):
    """Take a household along the journey up to (and including) a milestone."""

    def advance(household, until: str, *, start: date | None = None):
        actor = (
            personas["assessor.vvc"]
            if household.owner.code == "vale-valleys-cardiff"
            else personas["assessor.stdavids"]
        )
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

    return advance
