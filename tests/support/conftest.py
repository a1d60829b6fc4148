from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from nas.organisations.models import Organisation
from nas.support import codes, services


@pytest.fixture
def vvc(reference_data) -> Organisation:
    return Organisation.objects.get(code="vale-valleys-cardiff")


@pytest.fixture
def north(reference_data) -> Organisation:
    return Organisation.objects.get(code="north-wales")


@pytest.fixture
def worker(personas):
    return personas["support.vvc"]


@pytest.fixture
def manager(personas):
    return personas["manager.vvc"]


@pytest.fixture
def make_person(vvc, worker):
    counter = iter(range(1, 10_000))

    def make(kind: str = codes.PersonKind.BIRTH_PARENT, *, region: Organisation | None = None, **fields: Any):
        n = next(counter)
        defaults = {"first_names": f"Person{n}", "last_name": "Testperson", "date_of_birth": date(1980, 1, 1)}
        return services.person_create(
            actor=worker, region_id=(region or vvc).pk, kind=kind, **{**defaults, **fields}
        )

    return make


@pytest.fixture
def make_case(vvc, worker, make_person):
    def make(person=None, *, requested_on: date = date(2025, 1, 6), **fields: Any):
        return services.case_create(
            actor=worker,
            region_id=vvc.pk,
            person=person or make_person(),
            worker=worker,
            requested_on=requested_on,
            request_summary=fields.pop("request_summary", "Help after the adoption"),
            **fields,
        )

    return make


@pytest.fixture
def assessed(worker):
    """A case with its assessment done and the notice sent on 3 March 2025 (representations by 31 March)."""

    def assess(case):
        services.case_assess(
            actor=worker,
            case=case,
            expected_version=case.version,
            assessed_on=date(2025, 3, 1),
            needs_statement="Needs therapy",
            proposal="Therapy",
            notice_sent_on=date(2025, 3, 3),
            representations_by=date(2025, 3, 31),
        )
        case.refresh_from_db()
        return case

    return assess
