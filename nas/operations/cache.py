"""The shared cache on Redis, which does not take the service down with it.

With REDIS_URL set, the cache (the enquiry form's rate limit, the sessions'
fast copy) lives in Redis, so every web server counts and sees the same.
When Redis cannot be reached, each operation is logged and answers as an
empty cache would: a read finds nothing, a write is dropped. Sessions are
kept in the database behind the cache (cached_db), so nobody is even signed
out; the rate limit counts afresh until Redis is back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("nas.cache")

T = TypeVar("T")


def _tolerant(default: Callable[..., Any]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    def wrap(method: Callable[..., T]) -> Callable[..., T]:
        def call(self: ResilientRedisCache, *args: Any, **kwargs: Any) -> T:
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                logger.warning(
                    "cache unavailable", extra={"operation": method.__name__, "error": type(error).__name__}
                )
                return default(*args, **kwargs)  # type: ignore[no-any-return]

        call.__name__ = method.__name__
        return call

    return wrap


class ResilientRedisCache(RedisCache):
    @_tolerant(lambda key, default=None, version=None: default)
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return super().get(key, default, version)

    @_tolerant(lambda keys, version=None: {})
    def get_many(self, keys: Any, version: int | None = None) -> Any:
        return super().get_many(keys, version)

    @_tolerant(lambda *a, **k: None)
    def set(self, *args: Any, **kwargs: Any) -> None:
        return super().set(*args, **kwargs)

    @_tolerant(lambda *a, **k: [])
    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        return super().set_many(*args, **kwargs)

    @_tolerant(lambda *a, **k: False)
    def add(self, *args: Any, **kwargs: Any) -> bool:
        return super().add(*args, **kwargs)

    @_tolerant(lambda *a, **k: False)
    def touch(self, *args: Any, **kwargs: Any) -> bool:
        return super().touch(*args, **kwargs)

    @_tolerant(lambda *a, **k: False)
    def delete(self, *args: Any, **kwargs: Any) -> bool:
        return super().delete(*args, **kwargs)

    @_tolerant(lambda *a, **k: None)
    def delete_many(self, *args: Any, **kwargs: Any) -> None:
        return super().delete_many(*args, **kwargs)

    @_tolerant(lambda key, delta=1, version=None: delta)
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return super().incr(key, delta, version)

    @_tolerant(lambda *a, **k: False)
    def has_key(self, *args: Any, **kwargs: Any) -> bool:
        return super().has_key(*args, **kwargs)

    def ping(self) -> bool:
        """True when Redis answers (for /readyz); never raises."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError:
            return False
