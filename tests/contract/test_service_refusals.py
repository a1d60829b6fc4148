"""A service's refusal raised in any endpoint is answered in the one error
body by the API's exception handlers: its ValidationError as 422 by field,
someone else's change as 409. No endpoint catches them itself."""

from __future__ import annotations

import ast
from pathlib import Path

from django.core.exceptions import ValidationError
from ninja import NinjaAPI
from ninja.testing import TestClient

from nas.contract import errors
from nas.core.records import StaleRecordError

NAS = Path(__file__).resolve().parents[2] / "nas"


def _client() -> TestClient:
    api = NinjaAPI(urls_namespace="refusals-test")
    errors.install(api)

    @api.post("/field")
    def by_field(request):
        raise ValidationError({"date": "The date is before the child's birth."})

    @api.post("/whole")
    def whole(request):
        raise ValidationError("The journey is closed.")

    @api.post("/stale")
    def stale(request):
        raise StaleRecordError()

    return TestClient(api)


def test_a_services_refusal_by_field_answers_422_with_the_field():
    response = _client().post("/field")
    assert response.status_code == 422
    assert response.json() == {"errors": {"date": ["The date is before the child's birth."]}}


def test_a_services_refusal_of_the_whole_request_answers_422_under_all():
    response = _client().post("/whole")
    assert response.status_code == 422
    assert response.json() == {"errors": {"__all__": ["The journey is closed."]}}


def test_a_stale_write_answers_409():
    response = _client().post("/stale")
    assert response.status_code == 409
    assert response.json()["errors"]["__all__"][0].startswith("Someone else changed this record")


def test_no_endpoint_catches_a_services_refusal_itself():
    caught = []
    for path in sorted(NAS.glob("*/api.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ExceptHandler) or node.type is None:
                continue
            names = [n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)]
            body = ast.unparse(node.body[0]) if len(node.body) == 1 else ""
            if {"StaleRecordError", "ValidationError"} & set(names) and body.startswith("return "):
                caught.append(f"{path.relative_to(NAS)}:{node.lineno}")
    assert caught == [], "answered by nas.contract.errors' handlers, not here: " + ", ".join(caught)
