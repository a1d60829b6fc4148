"""Error reports to Sentry (sentry-sdk) when SENTRY_DSN is set, with every
piece of personal data taken out before an event leaves the process.

Sentry is told not to send personal data (send_default_pii=False) and not
to capture frames' local variables; before_send then keeps of the request
only its method, the route's path and the request id, of the user only the
id, and drops exception messages that are not about infrastructure (a
validation message may quote a name). Breadcrumbs keep their category and
level but lose their message and data (a logged SQL statement quotes
values)."""

from __future__ import annotations

from typing import Any

from nas.operations.logs import safe_message

_INFRASTRUCTURE_TYPES = {"OperationalError", "InterfaceError", "ConnectionError", "TimeoutError", "OSError"}
WITHHELD = "[withheld: may hold personal data]"


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    request = event.get("request")
    if request:
        headers = request.get("headers") or {}
        event["request"] = {
            "method": request.get("method"),
            "url": (request.get("url") or "").split("?", 1)[0],
            "headers": {k: v for k, v in headers.items() if k.lower() in {"x-request-id", "user-agent"}},
        }
    user = event.get("user")
    if user:
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values") or []:
        if exception.get("type") in _INFRASTRUCTURE_TYPES:
            exception["value"] = safe_message(str(exception.get("value") or ""))
        else:
            exception["value"] = WITHHELD
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    if "logentry" in event:
        event["logentry"] = {"message": (event["logentry"] or {}).get("message", "")}
    breadcrumbs = event.get("breadcrumbs")
    if breadcrumbs:
        values = breadcrumbs.get("values", []) if isinstance(breadcrumbs, dict) else breadcrumbs
        cleaned = [
            {k: v for k, v in crumb.items() if k in {"category", "level", "timestamp", "type"}}
            for crumb in values
        ]
        event["breadcrumbs"] = {"values": cleaned}
    event.pop("extra", None)
    return event


def options(*, dsn: str, environment: str, traces_sample_rate: float) -> dict[str, Any]:
    from sentry_sdk.integrations.django import DjangoIntegration

    return {
        "dsn": dsn,
        "environment": environment,
        "send_default_pii": False,
        "include_local_variables": False,
        "max_request_body_size": "never",
        "before_send": scrub,
        "before_send_transaction": scrub,
        "traces_sample_rate": traces_sample_rate,
        "integrations": [DjangoIntegration()],
    }


def init(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    import sentry_sdk

    sentry_sdk.init(**options(dsn=dsn, environment=environment, traces_sample_rate=traces_sample_rate))
