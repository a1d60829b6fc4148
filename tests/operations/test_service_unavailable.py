"""When the database cannot be reached, a person gets the service's own 503
page (and the API its error shape), never a traceback or a bare 500."""

from __future__ import annotations

import json

import pytest
from django.db import OperationalError
from django.test import Client


@pytest.fixture
def database_away(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5442 failed: Connection refused")

    monkeypatch.setattr("nas.core.views.worklist_for", refuse)
    monkeypatch.setattr("nas.accounts.api.me", refuse, raising=False)


def test_a_page_answers_503_with_the_service_page_when_the_database_is_away(client_for, database_away):
    client = client_for("sw.cardiff")
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.content.decode()
    assert "Sorry, the service is unavailable" in body
    assert "Traceback" not in body and "5442" not in body


def test_the_503_page_is_in_welsh_for_a_welsh_reader(client_for, database_away):
    client = client_for("sw.cardiff")
    client.raise_request_exception = False
    client.cookies["nas_language"] = "cy"
    body = client.get("/").content.decode()
    assert 'lang="cy"' in body
    assert "Mae'n ddrwg gennym, nid yw'r gwasanaeth ar gael" in body


def test_any_other_error_is_the_500_page(client_for, monkeypatch):
    monkeypatch.setattr("nas.core.views.worklist_for", lambda user: 1 / 0)
    client = client_for("sw.cardiff")
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_an_api_call_answers_503_in_the_api_error_shape(db, monkeypatch):
    from nas.operations.views import server_error

    request = Client().get("/healthz").wsgi_request
    request.path = "/api/v1/children"
    try:
        raise OperationalError("gone")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "errors": {"__all__": ["The service is unavailable. Try again in a few minutes."]}
    }
