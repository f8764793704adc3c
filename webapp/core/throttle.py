"""Counting attempts per account, per address mailed to and per client, in the rate-limit
storage (Redis in production, shared by every app server).

Flask-Limiter's decorators count requests per client address. Some limits need what only
the view knows — the account a failed sign-in was for, the address a reset was asked for —
or count only failures; views call :func:`exceeded`, :func:`count` and :func:`forget` with
the name of the setting that holds the limit (e.g. ``"LOGIN_FAILURE_LIMIT"``). Keys are
stored as hashes, so the storage holds no e-mail addresses.

If the storage cannot be reached, counting goes on in this process's memory (a ``limits``
memory storage) with a logged warning, and the storage is tried again after
:data:`RETRY_SECONDS`: sign-in keeps working, and keeps being limited, while Redis is down.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field

from flask import current_app, request
from limits import parse
from limits.errors import StorageError
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter
from redis.exceptions import RedisError

from webapp.core.extensions import limiter

__all__ = ["RETRY_SECONDS", "client_address", "exceeded", "count", "forget"]

log = logging.getLogger("pathfinder.throttle")

RETRY_SECONDS = 30
#: What a storage that is down raises (Redis: ConnectionError, TimeoutError; both RedisError).
STORAGE_ERRORS = (StorageError, RedisError, OSError)


@dataclass
class _Fallback:
    limiter: FixedWindowRateLimiter = field(
        default_factory=lambda: FixedWindowRateLimiter(MemoryStorage())
    )
    retry_at: float = 0.0


def client_address() -> str:
    """The client's address: the socket's, or the proxy's report with ``PROXY_FIX_X_FOR``."""
    return request.remote_addr or "unknown"


def _call(method: str, setting: str, key: str):
    item = parse(current_app.config[setting])
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or "pathfinder"
    identifiers = (prefix, setting.lower(), hashlib.sha256(key.encode()).hexdigest()[:32])
    fallback = current_app.extensions.setdefault("pathfinder.throttle", _Fallback())
    if time.monotonic() >= fallback.retry_at:
        try:
            return getattr(limiter.limiter, method)(item, *identifiers)
        except STORAGE_ERRORS as exc:
            fallback.retry_at = time.monotonic() + RETRY_SECONDS
            log.warning(
                "Rate-limit storage unreachable (%s): counting in memory for %d s",
                exc,
                RETRY_SECONDS,
            )
    return getattr(fallback.limiter, method)(item, *identifiers)


def exceeded(setting: str, key: str) -> bool:
    """Whether ``key`` has used up the limit in ``current_app.config[setting]``."""
    return limiter.enabled and not _call("test", setting, key)


def count(setting: str, key: str) -> bool:
    """Count one attempt for ``key``; whether it was still within the limit."""
    return not limiter.enabled or _call("hit", setting, key)


def forget(setting: str, key: str) -> None:
    """Start ``key``'s count afresh (e.g. failed sign-ins after a successful one)."""
    if limiter.enabled:
        _call("clear", setting, key)
