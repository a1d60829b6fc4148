"""Keeps each household's HouseholdDates equal to what the milestones say
(nas.core.journey_dates does the rewriting)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Max, Min, Q

from nas.adopters.journey import MilestoneKind as K
from nas.adopters.models import HouseholdDates, Milestone
from nas.core.journey_dates import DatesTable

#: What ends the wait from approval (NAS-A4).
WAIT_ENDS = (K.MATCHED, K.WITHDRAWN, K.DEREGISTERED)

TABLE = DatesTable(
    dates=HouseholdDates,
    milestones=Milestone,
    owner="household",
    columns={
        "enquiry": Max("date", filter=Q(kind=K.ENQUIRY)),
        "roi_accepted": Max("date", filter=Q(kind=K.ROI_ACCEPTED)),
        "stage_one_decided": Min(
            "date", filter=Q(kind__in=[K.STAGE_ONE_COMPLETED, K.STAGE_ONE_NOT_SUITABLE])
        ),
        "stage_two_started": Max("date", filter=Q(kind=K.STAGE_TWO_STARTED)),
        "qualifying_determination": Max("date", filter=Q(kind=K.QUALIFYING_DETERMINATION)),
        "approved": Max("date", filter=Q(kind=K.APPROVED)),
        "referred_to_register": Max("date", filter=Q(kind=K.REFERRED_TO_REGISTER)),
        "wait_ended": Min("date", filter=Q(kind__in=WAIT_ENDS)),
    },
)


def refresh(households: Iterable[int] | None = None) -> int:
    """Rewrite the journey dates of these households (every household when
    None) from their milestones; returns the number of rows written."""
    return TABLE.refresh(households)
