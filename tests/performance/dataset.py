"""A small generated dataset whose every figure is worked out by hand in
test_measures.py: children with exact milestone dates in Cardiff and the Vale
of Glamorgan (region Vale, Valleys and Cardiff, "VVC") and Wrexham (North
Wales), adopter households of VVC, North Wales and St David's Children
Society (a voluntary agency), enquiries from the public form, and VVC's
support cases. Placements carry the family-finding detail contract
(placement_area, inter_agency_fee_pence, household…).

The quarter under test is 2024-25 Q1: 1 April to 30 June 2024.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from nas.adopters.models import Enquiry, Household
from nas.adopters.models import Milestone as HouseholdMilestone
from nas.children.models import Child, Milestone
from nas.organisations.models import Organisation
from nas.returns.models import Ssda903Details
from nas.support.models import SupportCase, SupportPerson


def d(text: str) -> date:
    return date.fromisoformat(text)


def placed(area: str | None, fee: int | None) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "household": None,
        "household_owner": "",
        "household_region": "",
        "inter_agency_fee_pence": fee,
    }
    if area is not None:
        detail["placement_area"] = area
    return detail


#: label: (authority, early permanence, [(milestone, date, detail)])
CHILDREN: dict[str, tuple[str, str, list[tuple[str, str, dict[str, Any]]]]] = {
    "A": (
        "cardiff",
        "none",
        [
            ("entered_care", "2023-01-01", {}),
            ("should_be_placed", "2023-06-01", {}),
            ("authority_to_place", "2023-08-01", {"basis": "placement_order"}),
            ("referred_to_register", "2023-08-20", {}),
            ("linked", "2024-01-10", {}),
            ("match_decision", "2024-02-01", {}),
            ("placed", "2024-04-15", placed("same_region", None)),
            ("adoption_order", "2024-06-28", {}),
        ],
    ),
    "B": (
        "cardiff",
        "none",
        [
            ("entered_care", "2023-03-01", {}),
            ("should_be_placed", "2023-07-01", {}),
            ("authority_to_place", "2023-09-01", {"basis": "placement_order"}),
            ("referred_to_register", "2023-10-15", {}),
            ("linked", "2024-03-01", {}),
            ("match_decision", "2024-04-10", {}),
            ("placed", "2024-05-20", placed("elsewhere_in_wales", 2_700_000)),
        ],
    ),
    "C": (
        "vale-of-glamorgan",
        "none",
        [
            ("entered_care", "2023-05-01", {}),
            ("should_be_placed", "2023-09-01", {}),
            ("authority_to_place", "2023-10-01", {"basis": "placement_order"}),
            ("linked", "2024-03-15", {}),
            ("match_decision", "2024-05-01", {}),
            ("placed", "2024-06-01", placed("outside_wales", 3_162_000)),
        ],
    ),
    "D": (
        "cardiff",
        "none",
        [
            ("entered_care", "2022-11-01", {}),
            ("should_be_placed", "2023-02-01", {}),
            ("authority_to_place", "2023-03-01", {"basis": "placement_order"}),
            ("linked", "2023-05-01", {}),
            ("match_decision", "2023-06-01", {}),
            # Recorded by hand before family finding recorded places: no area key at all.
            ("placed", "2023-07-01", {}),
            ("disrupted", "2024-05-05", {"reason": "relationship"}),
        ],
    ),
    "E": (
        "wrexham",
        "none",
        [
            ("entered_care", "2023-06-01", {}),
            ("should_be_placed", "2023-10-01", {}),
            ("plan_changed", "2024-05-01", {"reason": "RD3"}),
        ],
    ),
    "F": (
        "cardiff",
        "none",
        [
            ("entered_care", "2023-04-01", {}),
            ("should_be_placed", "2023-11-15", {}),
            ("authority_to_place", "2023-12-01", {"basis": "placement_order"}),
            ("referred_to_register", "2024-04-10", {}),
        ],
    ),
    "H": (
        "cardiff",
        "none",
        [
            ("entered_care", "2023-01-15", {}),
            ("should_be_placed", "2023-07-20", {}),
            ("authority_to_place", "2023-08-15", {"basis": "placement_order"}),
            ("linked", "2024-04-01", {}),
            ("match_decision", "2024-04-20", {}),
        ],
    ),
    "I": (
        "cardiff",
        "foster_for_adoption",
        [
            ("entered_care", "2022-01-10", {}),
            ("should_be_placed", "2022-04-01", {}),
            ("authority_to_place", "2022-05-01", {"basis": "placement_order"}),
            ("linked", "2022-05-20", {}),
            ("match_decision", "2022-07-01", {}),
            ("placed", "2022-08-01", placed("same_region", None)),
            ("adoption_order", "2023-01-05", {}),
        ],
    ),
    "J": (
        "wrexham",
        "none",
        [
            ("entered_care", "2019-01-01", {}),
            ("should_be_placed", "2019-04-01", {}),
            ("authority_to_place", "2019-05-01", {"basis": "placement_order"}),
            ("linked", "2019-09-01", {}),
            ("match_decision", "2019-10-01", {}),
            ("placed", "2021-03-01", placed("same_region", None)),
            ("adoption_order", "2021-06-30", {}),
        ],
    ),
    "K": (
        "vale-of-glamorgan",
        "none",
        [
            ("entered_care", "2022-06-01", {}),
            ("should_be_placed", "2022-09-01", {}),
            ("authority_to_place", "2022-10-01", {"basis": "placement_order"}),
            ("linked", "2022-12-01", {}),
            ("match_decision", "2023-01-10", {}),
            ("placed", "2023-02-01", placed("same_region", None)),
            ("disrupted", "2023-03-01", {"reason": "child_needs"}),
            ("linked", "2023-06-01", {}),
            ("match_decision", "2023-07-01", {}),
            ("placed", "2023-08-01", placed("same_region", None)),
            ("adoption_order", "2023-11-20", {}),
        ],
    ),
    "L": (
        "wrexham",
        "none",
        [
            ("entered_care", "2023-10-01", {}),
            ("should_be_placed", "2024-02-01", {}),
            ("authority_to_place", "2024-04-01", {"basis": "placement_order"}),
            ("referred_to_register", "2024-04-20", {}),
        ],
    ),
}

#: label: (owner, [(milestone, date)])
HOUSEHOLDS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "H1": (
        "vale-valleys-cardiff",
        [
            ("enquiry", "2023-06-01"),
            ("roi_received", "2023-06-10"),
            ("roi_accepted", "2023-06-15"),
            ("stage_one_completed", "2023-08-10"),
            ("stage_two_started", "2023-09-01"),
            ("panel_recommendation", "2023-12-20"),
            ("approved", "2024-01-05"),
            ("referred_to_register", "2024-01-20"),
            ("linked", "2024-04-10"),
            ("matched", "2024-05-01"),
        ],
    ),
    "H2": (
        "vale-valleys-cardiff",
        [
            ("enquiry", "2023-09-01"),
            ("roi_received", "2023-09-10"),
            ("roi_accepted", "2023-09-20"),
            ("stage_one_completed", "2023-11-30"),
            ("stage_two_started", "2023-12-01"),
            ("panel_recommendation", "2024-03-20"),
            ("approved", "2024-04-02"),
            ("referred_to_register", "2024-05-10"),
        ],
    ),
    "H3": (
        "st-davids-childrens-society",
        [
            ("enquiry", "2023-07-01"),
            ("roi_received", "2023-07-02"),
            ("roi_accepted", "2023-07-05"),
            ("stage_one_completed", "2023-09-05"),
            ("stage_two_started", "2023-09-10"),
            ("panel_recommendation", "2023-12-01"),
            ("approved", "2023-12-15"),
            ("referred_to_register", "2023-12-20"),
        ],
    ),
    "H4": ("north-wales", [("enquiry", "2024-04-03")]),
    "H5": (
        "vale-valleys-cardiff",
        [
            ("enquiry", "2024-05-05"),
            ("roi_received", "2024-05-06"),
            ("roi_accepted", "2024-05-10"),
            ("stage_one_not_suitable", "2024-06-20"),
        ],
    ),
    "H6": (
        "vale-valleys-cardiff",
        [
            ("enquiry", "2023-05-01"),
            ("roi_received", "2023-05-05"),
            ("roi_accepted", "2023-05-10"),
            ("stage_one_completed", "2023-07-01"),
            ("stage_two_started", "2023-08-01"),
            ("panel_recommendation", "2023-11-01"),
            ("qualifying_determination", "2023-11-15"),
            ("approved", "2024-02-01"),
        ],
    ),
}

#: (requested, assessed) for VVC's support cases.
SUPPORT = [
    ("2024-03-01", "2024-04-25"),  # due Thu 2 May 2024: on time
    ("2024-03-01", "2024-05-10"),  # late
    ("2024-02-01", "2024-03-28"),  # assessed in 2023-24 Q4
    ("2024-04-02", "2024-06-03"),  # due Mon 3 June 2024, on the day: on time
    ("2024-04-02", "2024-06-01"),  # the Saturday before: on time
    ("2024-03-04", "2024-05-04"),  # due Fri 3 May; the Saturday after (Monday a bank holiday): late
]


def build() -> dict[str, Any]:
    orgs = {o.code: o for o in Organisation.objects.all()}
    children: dict[str, Child] = {}
    for label, (authority, route, steps) in CHILDREN.items():
        child = Child.objects.create(
            local_authority=orgs[authority],
            case_reference=f"KA-{label}",
            first_names="Known",
            last_name=f"Answer{label}",
            date_of_birth=date(2018, 1, 1),
            sex="1",
            ethnicity="WBRI",
            early_permanence=route,
        )
        for sequence, (kind, when, detail) in enumerate(steps, start=1):
            Milestone.objects.create(child=child, kind=kind, date=d(when), detail=detail, sequence=sequence)
        children[label] = child
    # Child A's adopters were not its foster carers, whatever its route says.
    Ssda903Details.objects.create(child=children["A"], placed_with_foster_carers="no")
    households: dict[str, Household] = {}
    for label, (owner, steps) in HOUSEHOLDS.items():
        household = Household.objects.create(owner=orgs[owner], reference=f"KA-{label}")
        for sequence, (kind, when) in enumerate(steps, start=1):
            HouseholdMilestone.objects.create(household=household, kind=kind, date=d(when), sequence=sequence)
        households[label] = household
    for received, organisation in (
        (datetime(2024, 6, 15, 10, tzinfo=UTC), "vale-valleys-cardiff"),
        (datetime(2024, 7, 1, 10, tzinfo=UTC), "vale-valleys-cardiff"),
        (datetime(2024, 4, 20, 10, tzinfo=UTC), "north-wales"),
    ):
        Enquiry.objects.create(
            organisation=orgs[organisation],
            first_names="Public",
            last_name="Enquirer",
            email="enquirer@example.invalid",
            received_at=received,
        )
    person = SupportPerson.objects.create(
        region=orgs["vale-valleys-cardiff"], kind="adoptive_parent", first_names="Sam", last_name="Support"
    )
    cases = []
    for number, (requested, assessed) in enumerate(SUPPORT, start=1):
        cases.append(
            SupportCase.objects.create(
                region=orgs["vale-valleys-cardiff"],
                reference=f"KA-S{number}",
                person=person,
                requested_on=d(requested),
                request_summary="Known answer",
                assessed_on=d(assessed),
            )
        )
    return {"children": children, "households": households, "support": cases, "orgs": orgs}
