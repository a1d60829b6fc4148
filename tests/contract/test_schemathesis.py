"""schemathesis (issue 15) against the service in-process (WSGI): every
operation of the OpenAPI document, requests generated from it, each sent as
three personas of different tiers (a local authority's social worker, a
region's adoption support worker, the national Director of Operations), with
bearer tokens. No server error, and every answer conforms to the document:
its status is documented, its content type and its body match the schema.

A bounded number of examples per operation keeps it fast and the seed is
fixed (derandomized), so a run is the same run every time; `python -m bench`
is not needed. The figures are in the closing note of issue 15."""

from __future__ import annotations

import os
from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from nas.accounts.services import api_token_issue
from nas.wsgi import application

pytestmark = pytest.mark.django_db

PERSONAS = ("sw.cardiff", "support.vvc", "director.national")
#: Generated requests per operation (each sent as every persona).
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "2"))
#: `positive` (requests the document allows), or `all` to add negative ones (it does not),
#: which must then be refused with a 4xx (negative_data_rejection).
MODES = {
    "positive": [GenerationMode.POSITIVE],
    "all": [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
}[os.environ.get("SCHEMATHESIS_MODE", "positive")]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi_in_the_test_transaction():
    """The WSGI handler closes the database connection after each request;
    Django's test client keeps it (the test's transaction), and so do we."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def records(make_child, make_household, make_person, make_case):
    """A few records with small ids, so generated ids sometimes name one."""
    child = make_child()
    make_household()
    person = make_person(date_of_birth=date(1990, 5, 1))
    make_case(person)
    return child


def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    personas, records, wsgi_in_the_test_transaction
):
    tokens = {name: api_token_issue(actor=personas[name], name="schemathesis")[1] for name in PERSONAS}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_in_the_test_transaction)
    failures: list[str] = []
    figures = {"operations": 0, "cases": 0, "requests": 0}

    def exercise(operation, mode) -> None:
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            figures["cases"] += 1
            for name in PERSONAS:
                headers = {"Authorization": f"Bearer {tokens[name]}"}
                response = case.call(headers=headers)
                figures["requests"] += 1
                try:
                    checks = CHECKS if mode == GenerationMode.POSITIVE else [*CHECKS, negative_data_rejection]
                    case.validate_response(response, checks=checks, headers=headers)
                except (AssertionError, Exception, BaseExceptionGroup) as failure:
                    # One report per failing request, then on to the next.
                    failures.append(f"{name} {operation.label}: {str(failure)[:1500]}")

        run()

    for result in schema.get_all_operations():
        figures["operations"] += 1
        for mode in MODES:
            exercise(result.ok(), mode)

    print(f"schemathesis: {figures}")
    assert figures["operations"] >= 100
    assert not failures, f"{len(failures)} failures:\n" + "\n\n".join(failures[:20])
