"""The process settings read from the environment: REDIS_URL makes the
cache Redis and the sessions cached_db; DATABASE_REPLICA_URL adds the
replica (which the test suites treat as the primary itself)."""

from __future__ import annotations

import json

from tests.test_settings import _manage

SHOW = (
    "import json; from django.conf import settings; "
    "print(json.dumps({'cache': settings.CACHES['default']['BACKEND'], 'sessions': settings.SESSION_ENGINE, "
    "'replica': settings.DATABASES.get('replica', {}).get('NAME'), "
    "'mirror': settings.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR'), "
    "'health': settings.DATABASES['default']['CONN_HEALTH_CHECKS']}))"
)


def _settings(**environ: str) -> dict:
    result = _manage("shell", "-c", SHOW, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_redis_url_shares_the_cache_and_the_sessions_and_a_replica_url_adds_the_replica():
    found = _settings(
        REDIS_URL="redis://127.0.0.1:6379/2",
        DATABASE_URL="postgres://nas@db.example:5432/nas",
        DATABASE_REPLICA_URL="postgres://nas_ro@replica.example:5432/nas",
    )
    assert found == {
        "cache": "nas.operations.cache.ResilientRedisCache",
        "sessions": "django.contrib.sessions.backends.cached_db",
        "replica": "nas",
        "mirror": "default",
        "health": True,
    }


def test_without_them_one_process_keeps_its_own_cache_and_there_is_no_replica():
    found = _settings()
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["sessions"] == "django.contrib.sessions.backends.db"
    assert found["replica"] is None
