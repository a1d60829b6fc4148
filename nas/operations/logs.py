"""Structured logs: one JSON object a line on standard error, for the log
collector to index.

Every line carries the time, level, logger and event, and, while a request
or a job is being handled, its request id (the same id the audit trail
records and the X-Request-ID header echoes) or job id. The request line adds
the user id (never a name), the route (the URL pattern, never the path with
its query string, which may hold a searched name), the status and the
duration. Nothing about a person is written: messages are fixed strings with
ids, extra fields are kept only when they are plain values, and an
exception is logged by its type and frames, with its message only for
infrastructure errors (a refused connection), never a database error's
DETAIL line, which quotes the row's values.
"""

from __future__ import annotations

import contextvars
import json
import logging
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

request_logger = logging.getLogger("nas.request")

# The request id or job id (and where known the user id) of the log lines
# written while a request or a job is handled.
_bound: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "nas_log_context", default=None
)

_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request", "server_time"}
_PLAIN = (str, int, float, bool, type(None))


def bind(**fields: Any) -> contextvars.Token[dict[str, Any] | None]:
    return _bound.set({**(_bound.get() or {}), **fields})


def unbind(token: contextvars.Token[dict[str, Any] | None]) -> None:
    _bound.reset(token)


def _infrastructure_error(error: BaseException) -> bool:
    """Errors whose message names a host or a timeout, never a person."""
    from django.db import IntegrityError, InterfaceError, OperationalError

    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency
        redis_errors: tuple[type[BaseException], ...] = ()
    else:
        redis_errors = (RedisConnectionError, RedisTimeoutError)
    if isinstance(error, IntegrityError):
        return False
    return isinstance(error, (OSError, OperationalError, InterfaceError, TimeoutError, *redis_errors))


def safe_message(message: str) -> str:
    # A database error's DETAIL line quotes the values of the row.
    return "\n".join(line for line in message.splitlines() if not line.lstrip().startswith("DETAIL"))


def exception_fields(error: BaseException) -> dict[str, Any]:
    frames = traceback.extract_tb(error.__traceback__)
    fields: dict[str, Any] = {
        "exc_type": f"{type(error).__module__}.{type(error).__qualname__}",
        "exc_frames": [f"{f.filename}:{f.lineno} in {f.name}" for f in frames[-15:]],
    }
    if _infrastructure_error(error):
        fields["exc_message"] = safe_message(str(error))[:500]
    return fields


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update(_bound.get() or {})
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_") and isinstance(value, _PLAIN):
                entry[key] = value
        if record.exc_info and record.exc_info[1] is not None:
            entry.update(exception_fields(record.exc_info[1]))
        return json.dumps(entry, ensure_ascii=False, default=str)


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id if the request already knows it; logging
    never loads the user (that would be a database read per request)."""
    user = request.__dict__.get("_cached_user") or request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        wrapped = user._wrapped
        user = None if wrapped is empty else wrapped
    if user is not None and getattr(user, "is_authenticated", False):
        return int(user.pk)
    return None


class RequestLogMiddleware:
    """One line a request: request id, user id, route, status, duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        began = time.perf_counter()
        token = bind(request_id=getattr(request, "request_id", ""))
        try:
            response = self.get_response(request)
            match = request.resolver_match
            request_logger.info(
                "request",
                extra={
                    "method": request.method,
                    "route": "/" + match.route if match is not None else "unmatched",
                    "view": match.view_name if match is not None else "",
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - began) * 1000, 1),
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            unbind(token)
