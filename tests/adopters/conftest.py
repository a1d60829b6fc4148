from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from tests.adopters import helpers


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_household(personas):
    counter = iter(range(1, 10_000))

    def make(owner: str = "vale-valleys-cardiff", *, enquiry: date = date(2025, 1, 6), **fields):
        actor = personas["assessor.vvc"] if owner == "vale-valleys-cardiff" else personas["assessor.stdavids"]
        return helpers.make_household(actor, owner, f"Jones{next(counter)}", enquiry=enquiry, **fields)

    return make


@pytest.fixture
def advance(personas):
    def advance(household, until: str, *, start: date | None = None):
        actor = (
            personas["assessor.vvc"]
            if household.owner.code == "vale-valleys-cardiff"
            else personas["assessor.stdavids"]
        )
        return helpers.advance(actor, household, until, start=start)

    return advance
