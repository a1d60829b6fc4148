"""A dozen children and a dozen adopter households with exact milestone
dates, whose pipelines and forecast test_forecast.py and test_pipeline.py
work out by hand.

Children of Cardiff (region Vale, Valleys and Cardiff, "VVC") and one of
Wrexham (North Wales); households of VVC and one of North Wales. The history
runs to 31 December 2024; the forecast starts on 1 January 2025 (2024-25
Q4), with the four calendar quarters of 2024 as its window.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from nas.adopters import journey_dates as household_dates
from nas.adopters.models import Household
from nas.adopters.models import Milestone as HouseholdMilestone
from nas.children import journey_dates
from nas.children.models import Child, Milestone, SiblingGroup
from nas.organisations.models import Organisation

ON = date(2025, 1, 10)
ORIGIN = date(2025, 1, 1)

#: label: (authority, stage now, fields, [(milestone, date)])
CHILDREN: dict[str, tuple[str, str, dict[str, Any], list[tuple[str, str]]]] = {
    "C1": (
        "cardiff",
        "placed",
        {},
        [("should_be_placed", "2024-01-10"), ("match_decision", "2024-05-05"), ("placed", "2024-06-20")],
    ),
    "C2": (
        "cardiff",
        "placed",
        {},
        [("should_be_placed", "2024-02-01"), ("match_decision", "2024-08-01"), ("placed", "2024-09-10")],
    ),
    "C3": (
        "cardiff",
        "plan_changed",
        {},
        [("should_be_placed", "2024-04-15"), ("plan_changed", "2024-10-01")],
    ),
    "C4": ("cardiff", "matched", {}, [("should_be_placed", "2024-05-01"), ("match_decision", "2024-11-15")]),
    "C5": (
        "cardiff",
        "authority_to_place",
        {"date_of_birth": date(2018, 6, 1), "disability": True},
        [("should_be_placed", "2024-07-01"), ("authority_to_place", "2024-08-01")],
    ),
    "C6": (
        "cardiff",
        "placed",
        {},
        [("should_be_placed", "2024-08-20"), ("match_decision", "2024-12-01"), ("placed", "2024-12-20")],
    ),
    "C7": ("cardiff", "should_be_placed", {"sibling": True}, [("should_be_placed", "2024-10-05")]),
    "C8": (
        "cardiff",
        "should_be_placed",
        {"sibling": True, "ethnicity": "BAFR"},
        [("should_be_placed", "2024-11-11")],
    ),
    "C9": (
        "cardiff",
        "placed",
        {},
        [("should_be_placed", "2023-11-01"), ("match_decision", "2024-03-01"), ("placed", "2024-04-02")],
    ),
    "C10": (
        "cardiff",
        "authority_to_place",
        {"language": "welsh", "health_needs": "high"},
        [
            ("should_be_placed", "2023-12-01"),
            ("authority_to_place", "2024-01-15"),
            ("referred_to_region", "2024-02-01"),
        ],
    ),
    "C11": ("cardiff", "adoption_plan", {}, [("permanence_plan", "2024-09-01")]),
    "C12": ("wrexham", "should_be_placed", {}, [("should_be_placed", "2024-03-01")]),
}

#: label: (owner, stage now, range, [(milestone, date)])
HOUSEHOLDS: dict[str, tuple[str, str, dict[str, Any], list[tuple[str, str]]]] = {
    "H1": (
        "vale-valleys-cardiff",
        "matched",
        {},
        [
            ("roi_accepted", "2024-01-15"),
            ("stage_two_started", "2024-03-20"),
            ("approved", "2024-08-01"),
            ("matched", "2024-11-01"),
        ],
    ),
    "H2": (
        "vale-valleys-cardiff",
        "approved",
        {"age_max": 4, "max_children": 2, "sibling_group": True},
        [("roi_accepted", "2024-02-01"), ("stage_two_started", "2024-05-01"), ("approved", "2024-10-01")],
    ),
    "H3": (
        "vale-valleys-cardiff",
        "withdrawn",
        {},
        [("roi_accepted", "2024-04-10"), ("withdrawn", "2024-06-15")],
    ),
    "H4": (
        "vale-valleys-cardiff",
        "stage_two",
        {},
        [("roi_accepted", "2024-05-05"), ("stage_two_started", "2024-08-10")],
    ),
    "H5": (
        "vale-valleys-cardiff",
        "stage_two",
        {},
        [("roi_accepted", "2024-07-07"), ("stage_two_started", "2024-10-01")],
    ),
    "H6": ("vale-valleys-cardiff", "stage_one", {}, [("roi_accepted", "2024-10-20")]),
    "H7": (
        "vale-valleys-cardiff",
        "matched",
        {},
        [
            ("roi_accepted", "2023-10-01"),
            ("stage_two_started", "2023-12-01"),
            ("approved", "2024-04-01"),
            ("matched", "2024-09-01"),
        ],
    ),
    "H8": (
        "vale-valleys-cardiff",
        "withdrawn",
        {},
        [
            ("roi_accepted", "2023-09-01"),
            ("stage_two_started", "2023-11-01"),
            ("approved", "2024-02-01"),
            ("withdrawn", "2024-06-01"),
        ],
    ),
    "H9": (
        "vale-valleys-cardiff",
        "not_approved",
        {},
        [("roi_accepted", "2023-11-15"), ("stage_two_started", "2024-02-01"), ("not_approved", "2024-07-15")],
    ),
    "H10": (
        "vale-valleys-cardiff",
        "stage_two",
        {},
        [("roi_accepted", "2024-08-01"), ("stage_two_started", "2024-11-01")],
    ),
    "H11": (
        "vale-valleys-cardiff",
        "waiting",
        {"age_max": 8, "max_children": 1, "disability": True, "language": "welsh"},
        [("roi_accepted", "2022-09-01"), ("stage_two_started", "2022-12-01"), ("approved", "2023-06-01")],
    ),
    "H12": (
        "north-wales",
        "approved",
        {"age_max": 6, "max_children": 1},
        [("roi_accepted", "2023-06-01"), ("stage_two_started", "2023-09-01"), ("approved", "2024-03-01")],
    ),
    "H13": ("vale-valleys-cardiff", "enquiry", {}, [("enquiry", "2024-12-01")]),
}


def build() -> dict[str, Any]:
    orgs = {o.code: o for o in Organisation.objects.all()}
    group = SiblingGroup.objects.create(local_authority=orgs["cardiff"], name="Known group")
    children: dict[str, Child] = {}
    for label, (authority, stage, fields, steps) in CHILDREN.items():
        fields = dict(fields)
        sibling = fields.pop("sibling", False)
        child = Child.objects.create(
            local_authority=orgs[authority],
            case_reference=f"SUF-{label}",
            first_names="Known",
            last_name=f"Sufficiency{label}",
            date_of_birth=fields.pop("date_of_birth", date(2022, 1, 1)),
            sex="1",
            ethnicity=fields.pop("ethnicity", "WBRI"),
            stage=stage,
            sibling_group=group if sibling else None,
            **fields,
        )
        Milestone.objects.create(child=child, kind="entered_care", date=date(2023, 1, 1), sequence=1)
        for sequence, (kind, when) in enumerate(steps, start=2):
            Milestone.objects.create(child=child, kind=kind, date=date.fromisoformat(when), sequence=sequence)
        children[label] = child
    households: dict[str, Household] = {}
    for label, (owner, stage, fields, steps) in HOUSEHOLDS.items():
        household = Household.objects.create(
            owner=orgs[owner], reference=f"SUF-{label}", stage=stage, **fields
        )
        for sequence, (kind, when) in enumerate(steps, start=1):
            HouseholdMilestone.objects.create(
                household=household, kind=kind, date=date.fromisoformat(when), sequence=sequence
            )
        households[label] = household
    journey_dates.refresh()
    household_dates.refresh()
    return {"children": children, "households": households, "orgs": orgs}
