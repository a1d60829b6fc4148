"""How many times sign-in may fail, counted in the shared cache (Redis when
REDIS_URL is set), so every web server sees the same counts.

- An address (an IPv6 /64) that fails SIGN_IN_ADDRESS_MAX_FAILURES times
  within SIGN_IN_LOCKOUT_MINUTES may not try again until that time has
  passed: one address cannot lock out account after account, or try one
  password against all of them.
- A username that is not an account (or an archived one) locks after
  SIGN_IN_MAX_FAILURES failures in a row, for SIGN_IN_LOCKOUT_MINUTES, just
  as an account does (nas.accounts.services), so the answers never tell
  which usernames exist.

A cache that cannot be reached counts nothing (nas.operations.cache): the
accounts' own lock, kept in the database, still holds.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

# How long a username that is not an account remembers its failures in a row.
UNKNOWN_NAME_MEMORY = 30 * 24 * 60 * 60


def lockout_seconds() -> int:
    return settings.SIGN_IN_LOCKOUT_MINUTES * 60


def lock_cutoff(now: datetime | None = None) -> datetime:
    """Locks taken before this have lifted by themselves."""
    return (now or timezone.now()) - timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)


def _address_key(address: str) -> str:
    return f"nas:sign-in:address:{address}"


def _name(username: str) -> str:
    return hashlib.sha256(username.strip().lower().encode("utf-8")).hexdigest()


def address_blocked(address: str | None) -> bool:
    if not address:
        return False
    return int(cache.get(_address_key(address), 0)) >= settings.SIGN_IN_ADDRESS_MAX_FAILURES


def address_failed(address: str | None) -> None:
    if address:
        _add_one(_address_key(address), timeout=lockout_seconds())


def unknown_name_locked(username: str) -> bool:
    return bool(cache.get(f"nas:sign-in:name-locked:{_name(username)}"))


def unknown_name_failed(username: str) -> bool:
    """Count a failure for a username that is not an account; True when that
    locks it (the SIGN_IN_MAX_FAILURES-th failure in a row)."""
    name = _name(username)
    failures = _add_one(f"nas:sign-in:name:{name}", timeout=UNKNOWN_NAME_MEMORY)
    if failures < settings.SIGN_IN_MAX_FAILURES:
        return False
    cache.set(f"nas:sign-in:name-locked:{name}", 1, timeout=lockout_seconds())
    cache.delete(f"nas:sign-in:name:{name}")
    return True


def _add_one(key: str, *, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1
