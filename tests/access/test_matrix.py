"""Runs the permission matrix (matrix.py) and checks that it covers every URL
pattern and every API route, so a route cannot be added without saying who
may use it."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

import tests.access
from nas.api import api
from nas.audit.models import AuditChainHead
from nas.organisations.models import Organisation
from nas.organisations.reference import load_reference_data
from tests.access.matrix import MATRIX, SETUP, Case, Context
from tests.conftest import make_personas

# Every tests/access/matrix_*.py adds its parts' routes and records to the matrix.
for _module in pkgutil.iter_modules(tests.access.__path__):
    if _module.name.startswith("matrix_"):
        importlib.import_module(f"tests.access.{_module.name}")


def _route_names(patterns, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns == "admin":
                names.add("admin:*")
                continue
            if ns == "api":
                continue  # API routes are enumerated from the OpenAPI description below.
            names |= _route_names(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern):
            if pattern.name is None:
                raise AssertionError(
                    f"URL pattern {pattern.pattern} has no name, so the matrix cannot cover it"
                )
            names.add(f"{namespace}{pattern.name}")
    return names


def _api_routes() -> set[str]:
    schema = api.get_openapi_schema()
    routes = {
        f"{method.upper()} {path}" for path, operations in schema["paths"].items() for method in operations
    }
    routes.add("GET /api/v1/openapi.json")
    return routes


def test_every_route_is_in_the_matrix():
    routes = _route_names(get_resolver().url_patterns) | _api_routes()
    missing = routes - set(MATRIX)
    stale = set(MATRIX) - routes
    assert not missing, f"Routes with no permission-matrix cases: {sorted(missing)}"
    assert not stale, f"Matrix cases for routes that no longer exist: {sorted(stale)}"


def _run(case: Case, client: Client) -> None:
    if case.json:
        import json

        response = getattr(client, case.method.lower())(
            case.url, data=json.dumps(case.data), content_type="application/json"
        )
    else:
        response = getattr(client, case.method.lower())(case.url, data=case.data or None)
    expected = case.expected if isinstance(case.expected, set) else {case.expected}
    who = case.persona or "anonymous"
    assert response.status_code in expected, (
        f"{who} {case.method} {case.url}: got {response.status_code}, expected {sorted(expected)}"
    )
    if case.follow_to is not None:
        assert response["Location"].split("?")[0] == case.follow_to, (
            f"{who} {case.method} {case.url}: redirected to {response['Location']}"
        )
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    # Downloads (a zip) are checked for leaks as text too.
    body = raw.decode(errors="replace")
    for text in case.must_not_contain:
        assert text not in body, f"{who} {case.method} {case.url} leaks {text!r}"
    for text in case.must_contain:
        assert text in body, f"{who} {case.method} {case.url} does not show {text!r}"
    if case.check is not None:
        case.check()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every part's records, made once for the module rather than once a
    route (that set-up was most of the suite's time). They are written in a
    transaction that is rolled back when the module ends; each test runs in a
    savepoint inside it and rolls back to it, so no case's writes reach the
    next route's cases."""
    stores = {
        "JOB_RESULTS_DIR": tmp_path_factory.mktemp("matrix-job-results"),
        "STORAGES": {
            **settings.STORAGES,
            "documents": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(tmp_path_factory.mktemp("matrix-documents")), "base_url": None},
            },
        },
    }
    outer = transaction.atomic()
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
            DOCUMENT_SCANNER="",
            **stores,
        ),
    ):
        outer.__enter__()
        if not Organisation.objects.exists():
            load_reference_data(Organisation)
            AuditChainHead.objects.get_or_create(pk=1)
        personas = make_personas()
        ctx = Context(account_pk={name: user.pk for name, user in personas.items()})
        for make_records in SETUP:
            make_records(ctx, personas)
    yield personas, ctx, stores
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _builders() -> list[list[str]]:
    """The routes of each case builder: a builder that covers several routes runs once for all."""
    grouped: dict[object, list[str]] = {}
    for route in sorted(MATRIX):
        grouped.setdefault(MATRIX[route], []).append(route)
    return list(grouped.values())


@pytest.mark.parametrize("routes", _builders(), ids=lambda routes: " + ".join(routes))
def test_permission_matrix(routes, world, db, settings):
    personas, ctx, stores = world
    for name, value in stores.items():
        setattr(settings, name, value)
    clients: dict[str | None, Client] = {}
    for case in MATRIX[routes[0]](ctx):
        if case.method != "GET":
            # State-changing cases each start from a fresh session, as a sign-out would end one.
            client = Client()
            if case.persona is not None:
                client.force_login(personas[case.persona])
        else:
            if case.persona not in clients:
                clients[case.persona] = Client()
                if case.persona is not None:
                    clients[case.persona].force_login(personas[case.persona])
            client = clients[case.persona]
        _run(case, client)
