"""A few made-up children at every stage of the journey, so a newcomer who
runs `make run` sees a living service. No real names or places beyond the
authorities themselves."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from nas.accounts.models import User
from nas.children import services
from nas.children.journey import MilestoneKind
from nas.children.models import Child
from nas.organisations.models import Organisation

STEPS = [
    MilestoneKind.PERMANENCE_PLAN,
    MilestoneKind.CHILDS_ADOPTION_REPORT,
    MilestoneKind.SHOULD_BE_PLACED,
    MilestoneKind.AUTHORITY_TO_PLACE,
    MilestoneKind.REFERRED_TO_REGION,
    MilestoneKind.REFERRED_TO_REGISTER,
    MilestoneKind.LINKED,
    MilestoneKind.MATCHING_PANEL,
    MilestoneKind.MATCH_DECISION,
    MilestoneKind.INTRODUCTIONS,
    MilestoneKind.PLACED,
    MilestoneKind.ADOPTION_ORDER,
]
# (reference, first names, last name, born, sex, ethnicity, language, steps taken, weeks between steps)
CHILDREN = [
    ("CDF-1001", "Erin", "Howells", date(2023, 2, 14), "2", "WBRI", "english", 0, 4),
    ("CDF-1002", "Osian", "Pugh", date(2022, 7, 3), "1", "WBRI", "welsh", 1, 4),
    ("CDF-1003", "Leila", "Ahmed", date(2021, 11, 20), "2", "APKN", "english", 2, 5),
    ("CDF-1004", "Cai", "Baptiste", date(2020, 9, 9), "1", "MWBC", "bilingual", 3, 6),
    ("CDF-1005", "Mabli", "Rowlands", date(2022, 1, 30), "2", "WBRI", "welsh", 4, 8),
    ("CDF-1006", "Tayo", "Okafor", date(2019, 6, 12), "1", "BAFR", "english", 7, 6),
    ("CDF-1007", "Gwen", "Probert", date(2023, 5, 5), "2", "WBRI", "english", 8, 4),
    ("CDF-1008", "Rhodri", "Bevan", date(2021, 3, 17), "1", "WBRI", "bilingual", 11, 3),
    ("CDF-1009", "Ffion", "Maddox", date(2020, 12, 1), "2", "WOTH", "english", 12, 3),
]


def seed_children() -> int:
    cardiff = Organisation.objects.get(code="cardiff")
    sw = User.objects.get(username="sw.cardiff")
    adm = User.objects.get(username="adm.cardiff")
    created = 0
    for ref, first, last, born, sex, ethnicity, language, steps, weeks in CHILDREN:
        if Child.objects.filter(local_authority=cardiff, case_reference=ref).exists():
            continue
        with transaction.atomic():
            entered = born + timedelta(days=120)
            child = services.child_create(
                actor=sw,
                local_authority_id=cardiff.pk,
                entered_care=entered,
                case_reference=ref,
                first_names=first,
                last_name=last,
                date_of_birth=born,
                sex=sex,
                ethnicity=ethnicity,
                language=language,
                social_worker=sw,
                developmental_needs="medium" if steps % 2 else "low",
            )
            when = entered
            for kind in STEPS[:steps]:
                # The adopters may apply for the order after 10 weeks (ACA 2002, s.42(2)(a)).
                when += timedelta(weeks=max(weeks, 12) if kind == MilestoneKind.ADOPTION_ORDER else weeks)
                actor = adm if kind in {MilestoneKind.SHOULD_BE_PLACED, MilestoneKind.MATCH_DECISION} else sw
                detail = {"basis": "placement_order"} if kind == MilestoneKind.AUTHORITY_TO_PLACE else {}
                if kind == MilestoneKind.PLACED:
                    detail = {"placement_area": "same_region"}
                services.milestone_record(actor=actor, child=child, kind=kind, when=when, detail=detail)
        created += 1
    return created
