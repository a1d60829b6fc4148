"""Reports and dashboards read from a streaming replica when one is
configured (DATABASE_REPLICA_URL), so the heavy reporting queries do not
compete with casework on the primary.

Only the requests named in REPLICA_READ_PATHS (the performance dashboard,
figures and reports, pages and API) read from it, and only their GET and
HEAD; every write, every read inside a transaction (an audit entry locks the
chain's head), and the reads of sessions, accounts and the audit trail stay
on the primary, so nobody reads their own change from a replica that has not
yet replayed it.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PRIMARY_ONLY_APPS = frozenset({"sessions", "accounts", "auth", "audit", "contenttypes", "operations"})

_reading_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("nas_replica", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block go to the replica, where one is configured."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if not _reading_from_replica.get() or not replica_configured():
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS or connections["default"].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: an object read from one may
        # point at an object read from the other.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA


class ReplicaReadsMiddleware:
    """GET and HEAD requests to a reporting path read from the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.paths = re.compile("|".join(f"(?:{p})" for p in settings.REPLICA_READ_PATHS))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in {"GET", "HEAD"} and replica_configured() and self.paths.match(request.path):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
