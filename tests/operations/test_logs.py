"""Structured logs: JSON lines with the request id, user id, route, status
and duration; jobs likewise; nothing about a person."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.db import IntegrityError, OperationalError
from django.test import Client

from nas.operations.logs import JsonFormatter


@pytest.fixture
def log_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    previous = root.level
    root.setLevel(logging.INFO)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]

    yield lines
    root.removeHandler(handler)
    root.setLevel(previous)


def test_a_request_is_one_line_with_its_id_user_route_status_and_duration(client_for, personas, log_lines):
    user = personas["sw.cardiff"]
    response = client_for("sw.cardiff").get("/children/?q=Smith", HTTP_X_REQUEST_ID="req-12345678")
    assert response.status_code == 200
    [line] = [entry for entry in log_lines() if entry["event"] == "request"]
    assert line["request_id"] == "req-12345678"
    assert line["user_id"] == user.pk
    assert line["route"] == "/children/"
    assert line["view"] == "children:list"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert line["duration_ms"] > 0
    assert "Smith" not in json.dumps(line)
    assert user.last_name not in json.dumps(log_lines())


def test_an_anonymous_request_has_no_user_and_an_unknown_path_no_route(db, log_lines):
    Client().get("/no-such-page/")
    [line] = [entry for entry in log_lines() if entry["event"] == "request"]
    assert line["user_id"] is None
    assert line["route"] == "unmatched"
    assert line["status"] in {302, 404}


def _format(error: BaseException) -> dict:
    try:
        raise error
    except type(error):
        record = logging.getLogger("x").makeRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
        import sys

        record.exc_info = sys.exc_info()
    return json.loads(JsonFormatter().format(record))


def test_a_database_error_is_logged_by_type_and_frames_without_the_row_it_quotes():
    entry = _format(
        IntegrityError("duplicate key value\nDETAIL:  Key (case_reference)=(CARDIFF-0042) already exists.")
    )
    assert entry["exc_type"] == "django.db.utils.IntegrityError"
    assert entry["exc_frames"]
    assert "CARDIFF-0042" not in json.dumps(entry)


def test_an_infrastructure_error_keeps_its_message():
    entry = _format(
        OperationalError("connection to server at 127.0.0.1, port 5442 failed: Connection refused")
    )
    assert "Connection refused" in entry["exc_message"]


def test_another_error_keeps_no_message():
    entry = _format(ValueError("Jane Smith born 2019-04-01"))
    assert "exc_message" not in entry
    assert "Jane" not in json.dumps(entry)


def test_a_job_logs_its_id_task_outcome_and_duration_but_not_its_arguments(db, log_lines):
    from tests.operations.tasks import greet

    greet.enqueue("Jane Smith")
    lines = log_lines()
    [job] = [entry for entry in lines if entry["event"] == "job"]
    assert job["task"].endswith("greet")
    assert job["status"] == "successful"
    assert job["duration_ms"] is not None
    [inside] = [entry for entry in lines if entry["event"] == "inside the job"]
    assert inside["job_id"] == job["job_id"]
    assert "Jane" not in json.dumps(lines)
