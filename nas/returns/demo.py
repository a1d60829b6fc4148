"""Demonstration data for the SSDA903 return: a few made-up Cardiff children
whose journeys fall in the collection year 2025-26 (1 April 2025 to 31 March
2026), so the return has a child decided for adoption, one placed and two
adopted in that year (one through foster for adoption), one whose plan
changed, and SSDA903 details for every demonstration child of Cardiff.
No real names or places beyond the authorities themselves."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from nas.accounts.models import User
from nas.children import services as child_services
from nas.children.journey import MilestoneKind as K
from nas.children.models import Child
from nas.organisations.models import Organisation
from nas.returns import services
from nas.returns.models import DETAIL_FIELDS, Ssda903Details

DEMO_YEAR = 2026
# (reference, first names, last name, born, sex, ethnicity, early permanence, [(milestone, date, detail)])
CHILDREN = [
    (
        "CDF-2001",
        "Alys",
        "Pritchard",
        date(2022, 5, 10),
        "2",
        "WBRI",
        "none",
        [
            (K.ENTERED_CARE, date(2023, 9, 1), {}),
            (K.PERMANENCE_PLAN, date(2024, 1, 10), {}),
            (K.CHILDS_ADOPTION_REPORT, date(2024, 3, 1), {}),
            (K.SHOULD_BE_PLACED, date(2024, 4, 15), {}),
            (K.AUTHORITY_TO_PLACE, date(2024, 6, 20), {"basis": "placement_order"}),
            (K.REFERRED_TO_REGION, date(2024, 6, 25), {}),
            (K.LINKED, date(2024, 10, 1), {}),
            (K.MATCHING_PANEL, date(2024, 12, 5), {}),
            (K.MATCH_DECISION, date(2024, 12, 12), {}),
            (K.INTRODUCTIONS, date(2025, 1, 6), {}),
            (K.PLACED, date(2025, 1, 20), {}),
            (K.ADOPTION_ORDER, date(2025, 9, 15), {}),
        ],
    ),
    (
        "CDF-2002",
        "Macsen",
        "Lloyd",
        date(2025, 3, 1),
        "1",
        "MWBA",
        "foster_for_adoption",
        [
            (K.ENTERED_CARE, date(2025, 4, 3), {}),
            (K.PERMANENCE_PLAN, date(2025, 4, 20), {}),
            (K.CHILDS_ADOPTION_REPORT, date(2025, 5, 10), {}),
            (K.SHOULD_BE_PLACED, date(2025, 5, 20), {}),
            (K.AUTHORITY_TO_PLACE, date(2025, 7, 1), {"basis": "placement_order"}),
            (K.LINKED, date(2025, 7, 8), {}),
            (K.MATCHING_PANEL, date(2025, 7, 24), {}),
            (K.MATCH_DECISION, date(2025, 7, 31), {}),
            (K.PLACED, date(2025, 8, 4), {}),
            (K.ADOPTION_ORDER, date(2026, 2, 16), {}),
        ],
    ),
    (
        "CDF-2003",
        "Lowri",
        "Beynon",
        date(2024, 8, 20),
        "2",
        "WBRI",
        "none",
        [
            (K.ENTERED_CARE, date(2024, 11, 5), {}),
            (K.PERMANENCE_PLAN, date(2025, 1, 15), {}),
            (K.CHILDS_ADOPTION_REPORT, date(2025, 3, 1), {}),
            (K.SHOULD_BE_PLACED, date(2025, 4, 10), {}),
            (K.AUTHORITY_TO_PLACE, date(2025, 5, 15), {"basis": "consent"}),
            (K.LINKED, date(2025, 8, 1), {}),
            (K.MATCHING_PANEL, date(2025, 9, 4), {}),
            (K.MATCH_DECISION, date(2025, 9, 11), {}),
            (K.INTRODUCTIONS, date(2025, 9, 22), {}),
            (K.PLACED, date(2025, 10, 6), {}),
        ],
    ),
    (
        "CDF-2004",
        "Jac",
        "Morris",
        date(2021, 1, 5),
        "1",
        "WBRI",
        "none",
        [
            (K.ENTERED_CARE, date(2024, 2, 12), {}),
            (K.PERMANENCE_PLAN, date(2024, 9, 1), {}),
            (K.CHILDS_ADOPTION_REPORT, date(2025, 1, 10), {}),
            (K.SHOULD_BE_PLACED, date(2025, 5, 1), {}),
            (K.PLAN_CHANGED, date(2025, 12, 1), {"reason": "RD1", "note": "Needs changed after assessment."}),
        ],
    ),
    (
        "CDF-2005",
        "Seren",
        "Ali",
        date(2023, 6, 30),
        "2",
        "MOTH",
        "none",
        [
            (K.ENTERED_CARE, date(2024, 10, 1), {}),
            (K.PERMANENCE_PLAN, date(2025, 2, 1), {}),
            (K.CHILDS_ADOPTION_REPORT, date(2025, 4, 1), {}),
            (K.SHOULD_BE_PLACED, date(2025, 4, 30), {}),
            (K.AUTHORITY_TO_PLACE, date(2025, 6, 30), {"basis": "placement_order"}),
            (K.REFERRED_TO_REGION, date(2025, 7, 2), {}),
        ],
    ),
]

# The SSDA903 details of every demonstration child of Cardiff, in DETAIL_FIELDS order.
DETAILS = {
    "CDF-1001": ("UN1", "N1", "C1", "U6", "PR1", "", "", "", "", ""),
    "CDF-1002": ("UN1", "N1", "C2", "U6", "PR1", "", "", "", "", ""),
    "CDF-1003": ("UN1", "N1", "C2", "U6", "PR4", "", "", "", "", ""),
    "CDF-1004": ("UN1", "N4", "C2", "U6", "PR1", "", "", "", "", ""),
    "CDF-1005": ("UN1", "N1", "C2", "U6", "PR1", "", "", "", "", ""),
    "CDF-1006": ("B801200001006", "N1", "C2", "U4", "PR5", "", "", "", "", ""),
    "CDF-1007": ("UN1", "N1", "C1", "U6", "PR1", "", "", "", "", ""),
    "CDF-1008": ("UN1", "N1", "C2", "U6", "PR1", "no", "PR2", "MF", "L11", ""),
    "CDF-1009": ("UN1", "N1", "C2", "U6", "PR1", "no", "PR2", "F1", "L0", "E12"),
    "CDF-2001": ("UN1", "N1", "C2", "U6", "PR1", "no", "PR2", "MF", "L11", "E12"),
    "CDF-2002": ("UN1", "N1", "C1", "U5", "PR2", "yes", "PR2", "FF", "L12", "E12"),
    "CDF-2003": ("UN1", "N1", "V2", "U6", "PR1", "no", "PR5", "", "", ""),
    "CDF-2004": ("H801200002004", "N1", "C2", "U6", "PR4", "", "", "", "", ""),
    "CDF-2005": ("UN1", "N2", "C2", "U6", "PR1", "", "", "", "", ""),
}


def seed_returns() -> int:
    """Make the year's children and everyone's SSDA903 details (safe to run again)."""
    cardiff = Organisation.objects.get(code="cardiff")
    sw = User.objects.get(username="sw.cardiff")
    adm = User.objects.get(username="adm.cardiff")
    created = 0
    for ref, first, last, born, sex, ethnicity, route, steps in CHILDREN:
        if Child.objects.filter(local_authority=cardiff, case_reference=ref).exists():
            continue
        with transaction.atomic():
            (_kind, entered, _detail), *rest = steps
            child = child_services.child_create(
                actor=sw,
                local_authority_id=cardiff.pk,
                entered_care=entered,
                case_reference=ref,
                first_names=first,
                last_name=last,
                date_of_birth=born,
                sex=sex,
                ethnicity=ethnicity,
                early_permanence=route,
                social_worker=sw,
            )
            for kind, when, detail in rest:
                actor = adm if kind in {K.SHOULD_BE_PLACED, K.MATCH_DECISION} else sw
                child_services.milestone_record(actor=actor, child=child, kind=kind, when=when, detail=detail)
        created += 1
    tm = User.objects.get(username="tm.cardiff")
    for child in Child.objects.filter(local_authority=cardiff, case_reference__in=DETAILS):
        if Ssda903Details.objects.filter(child=child).exists():
            continue
        services.details_save(
            actor=tm,
            child=child,
            values=dict(zip(DETAIL_FIELDS, DETAILS[child.case_reference], strict=True)),
            expected_version=None,
        )
    return created
