from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from nas.children import services as children
from nas.organisations.models import Organisation, Team


@pytest.fixture
def cardiff(reference_data) -> Organisation:
    return Organisation.objects.get(code="cardiff")


@pytest.fixture
def cla_team(cardiff, personas) -> Team:
    """Cardiff's Children Looked After team, with its social worker in it."""
    team = Team.objects.create(organisation=cardiff, name="Children Looked After")
    for name in ("sw.cardiff", "tm.cardiff"):
        personas[name].team = team
        personas[name].save(update_fields=["team"])
    return team


@pytest.fixture
def second_worker(personas, cardiff):
    """Another of Cardiff's social workers (the personas have one)."""
    from nas.accounts.services import staff_create

    return staff_create(
        actor=None,
        username="sw2.cardiff",
        password="not-used-Aa1!long-enough",
        organisation_id=cardiff.pk,
        roles=["social_worker"],
        first_name="Bethan",
        last_name="Ifans",
    )


@pytest.fixture
def make_child(personas, cardiff) -> Callable[..., Any]:
    counter = iter(range(1, 10_000))

    def make(**fields: Any) -> Any:
        n = next(counter)
        values: dict[str, Any] = {
            "actor": personas["sw.cardiff"],
            "local_authority_id": cardiff.pk,
            "entered_care": date(2024, 1, 10),
            "case_reference": f"CWK{n:05d}",
            "first_names": "Casework",
            "last_name": f"Child{n}",
            "date_of_birth": date(2021, 5, 1),
            "sex": "2",
            "ethnicity": "WBRI",
        }
        values.update(fields)
        return children.child_create(**values)

    return make


@pytest.fixture
def child(make_child):
    return make_child()
