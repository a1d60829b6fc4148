"""The shared cache on Redis: what the servers share, and what happens when
Redis cannot be reached (nothing breaks; reads find nothing)."""

from __future__ import annotations

import socket
import uuid

import pytest

from nas.operations.cache import ResilientRedisCache


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cache(url: str) -> ResilientRedisCache:
    return ResilientRedisCache(
        url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": {"socket_connect_timeout": 0.5}}
    )


def test_an_unreachable_redis_reads_as_an_empty_cache_and_drops_writes():
    cache = _cache(f"redis://127.0.0.1:{_closed_port()}/2")
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("k", 1) is None
    assert cache.add("k", 0) is False
    assert cache.incr("k") == 1
    assert cache.delete("k") is False
    assert cache.ping() is False


def _redis_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_two_processes_see_the_same_counter_in_redis():
    url = "redis://127.0.0.1:6379/2"
    one, other = _cache(url), _cache(url)
    other.key_prefix = one.key_prefix
    one.add("count", 0)
    one.incr("count")
    other.incr("count")
    assert one.get("count") == 2
    assert other.ping() is True
    one.delete("count")
