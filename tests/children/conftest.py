from __future__ import annotations

from datetime import date, timedelta

import pytest

from nas.children import services
from nas.children.journey import MilestoneKind
from nas.organisations.models import Organisation

JOURNEY = [
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


@pytest.fixture
def make_child(personas):
    counter = iter(range(1, 10_000))

    def make(
        authority: str = "cardiff",
        *,
        born: date = date(2022, 3, 1),
        entered: date = date(2024, 1, 15),
        **fields,
    ):
        org = Organisation.objects.get(code=authority)
        actor = personas["sw.cardiff"] if authority == "cardiff" else personas["sw.wrexham"]
        n = next(counter)
        defaults = {
            "case_reference": f"{authority[:3].upper()}{n:05d}",
            "first_names": f"Child{n}",
            "last_name": f"{authority.title()}",
            "date_of_birth": born,
            "sex": "1",
            "ethnicity": "WBRI",
        }
        return services.child_create(
            actor=actor, local_authority_id=org.pk, entered_care=entered, **{**defaults, **fields}
        )

    return make


@pytest.fixture
def advance(personas):
    """Take a child along the journey up to (and including) a milestone, a week apart."""

    def advance(child, until: str, *, start: date = date(2024, 2, 1), step: int = 7):
        social_worker, decision_maker = personas["sw.cardiff"], personas["adm.cardiff"]
        when = start
        for kind in JOURNEY:
            detail = {"basis": "placement_order"} if kind == MilestoneKind.AUTHORITY_TO_PLACE else {}
            actor = (
                decision_maker
                if kind in {MilestoneKind.SHOULD_BE_PLACED, MilestoneKind.MATCH_DECISION}
                else social_worker
            )
            if kind == MilestoneKind.ADOPTION_ORDER:
                when += timedelta(weeks=10)  # the child lives with the adopters 10 weeks first
            services.milestone_record(actor=actor, child=child, kind=kind, when=when, detail=detail)
            when += timedelta(days=step)
            if kind == until:
                break
        child.refresh_from_db()
        return child

    return advance
