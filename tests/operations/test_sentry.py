"""Errors go to Sentry when SENTRY_DSN is set, with personal data scrubbed."""

from __future__ import annotations

import json

from nas.operations import sentry


def test_sentry_sends_no_personal_data_by_its_own_options():
    options = sentry.options(
        dsn="https://key@sentry.example/1", environment="production", traces_sample_rate=0
    )
    assert options["send_default_pii"] is False
    assert options["include_local_variables"] is False
    assert options["max_request_body_size"] == "never"
    assert options["before_send"] is sentry.scrub


def test_the_scrubber_keeps_ids_and_drops_names_dates_and_references():
    event = {
        "request": {
            "method": "POST",
            "url": "https://nas.example/children/?q=Jane+Smith",
            "data": {"first_names": "Jane", "date_of_birth": "2019-04-01"},
            "cookies": {"sessionid": "abc"},
            "headers": {
                "Cookie": "sessionid=abc",
                "X-Request-ID": "req-1234",
                "Referer": "/children/?q=Smith",
            },
        },
        "user": {"id": 7, "username": "sw.cardiff", "email": "a@b.c"},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": "Child Jane Smith (CARDIFF-0042) born 2019-04-01",
                    "stacktrace": {"frames": [{"function": "f", "vars": {"name": "Jane Smith"}}]},
                },
                {"type": "OperationalError", "value": "connection refused\nDETAIL: Key (x)=(CARDIFF-0042)"},
            ]
        },
        "logentry": {"message": "Saving %s", "params": ["Jane Smith"]},
        "breadcrumbs": {"values": [{"category": "query", "message": "SELECT ... 'Smith'", "data": {"x": 1}}]},
        "extra": {"child": "Jane Smith"},
    }
    cleaned = json.dumps(sentry.scrub(event))
    for personal in ("Jane", "Smith", "2019-04-01", "CARDIFF-0042", "sw.cardiff", "a@b.c", "sessionid"):
        assert personal not in cleaned
    assert '"id": 7' in cleaned and "req-1234" in cleaned and "connection refused" in cleaned
