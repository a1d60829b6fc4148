"""What /readyz checks: the database, the cache, the migrations and the
worker's heartbeat. Each check answers ok or a short reason (never an
address, a password or a traceback)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from nas.operations.models import WorkerHeartbeat

logger = logging.getLogger("nas.health")

OK = "ok"
# Once every migration is applied, a running process stays migrated: a
# deployment with new migrations restarts the processes.
_migrated = False


def check_database() -> str:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return OK


def check_cache() -> str:
    ping = getattr(cache, "ping", None)
    if ping is not None:
        return OK if ping() else "unreachable"
    cache.set("nas:readyz", 1, timeout=10)
    return OK if cache.get("nas:readyz") == 1 else "not answering"


def check_migrations() -> str:
    global _migrated
    if _migrated:
        return OK
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return "unknown (database unreachable)"
    if plan:
        return f"{len(plan)} not applied"
    _migrated = True
    return OK


def check_worker() -> str:
    try:
        newest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    except DatabaseError:
        return "unknown (database unreachable)"
    if newest is None:
        return "no worker has started"
    age = timezone.now() - newest
    if age > timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS):
        return f"last heartbeat {int(age.total_seconds())} s ago"
    return OK


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "migrations": check_migrations,
    "worker": check_worker,
}


def readiness() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        results[name] = check()
        if results[name] != OK:
            logger.warning("not ready", extra={"check": name, "outcome": results[name]})
    return results
