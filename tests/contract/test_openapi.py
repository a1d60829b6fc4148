"""The OpenAPI document is a contract (issue 15): it validates against the
OpenAPI 3.1 schema, every write body is described, every schema name means
one thing, and every operation documents the refusals it can answer."""

from __future__ import annotations

import typing

import pytest
from django.test import Client
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from nas.api import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(db):
    return Client().get("/api/v1/openapi.json").json()


def test_the_document_validates_against_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1")
    validate(spec, cls=OpenAPIV31SpecValidator)


def test_every_write_body_is_described(spec):
    undescribed = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method not in {"post", "put", "patch"}:
                continue
            if "requestBody" not in operation:
                continue  # an action with nothing to send (a retry)
            content = operation["requestBody"].get("content", {})
            if "multipart/form-data" in content:
                continue
            schema = content.get("application/json", {}).get("schema", {})
            if "$ref" not in schema:
                undescribed.append(f"{method.upper()} {path}")
    assert not undescribed, undescribed


def _models(annotation, found):
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found.get(annotation.__name__, set()):
            return
        # ninja's own wrappers (response, query, body) are made per operation and never named.
        name = annotation.__name__ if annotation.__module__ != "abc" else f"ninja:{id(annotation)}"
        found.setdefault(name, set()).add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _models(argument, found)


def test_every_schema_name_means_one_schema(db):
    """Two apps' `PersonOut` once gave one operation the other's response schema."""
    found: dict[str, set] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.response_models.values(), *operation.models]:
                    _models(model, found)
    clashes = {
        name: sorted(f"{m.__module__}.{m.__qualname__}" for m in models)
        for name, models in found.items()
        if len(models) > 1
    }
    assert not clashes


def test_every_operation_documents_its_refusals_in_the_one_shape(spec):
    missing = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            codes = {"400", "401", "403", "404", "422"}
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = body.get("schema", {}).get("$ref", "")
            if ref and "version" in spec["components"]["schemas"][ref.rsplit("/", 1)[-1]].get(
                "properties", {}
            ):
                codes.add("409")
            for code in codes - set(operation["responses"]):
                missing.append(f"{method.upper()} {path} {code}")
            for code in codes:
                schema = operation["responses"].get(code, {}).get("content", {}).get("application/json", {})
                if code != "422" or "ImportOut" not in str(schema):
                    assert schema.get("schema") == {"$ref": "#/components/schemas/ErrorsOut"}, (path, code)
    assert not missing, missing
