"""Limits on guessing passwords and on password-reset emails, per account and per client address.

Counts live in Django's cache: in this process in the embedded mode (one process, no Redis needed), in
Redis when REDIS_URL is set, so every web process sees the same counts. A window is fixed: after too many
tries within it, the account (or address) waits until the window ends, then starts afresh by itself.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    name: str
    most: int
    window_s: int


SIGN_IN_PER_ACCOUNT = Limit("signin-account", 5, 15 * 60)
SIGN_IN_PER_ADDRESS = Limit("signin-address", 30, 15 * 60)
RESET_PER_ACCOUNT = Limit("reset-account", 3, 60 * 60)
RESET_PER_ADDRESS = Limit("reset-address", 10, 60 * 60)


def _key(limit: Limit, who: str) -> tuple[str, int]:
    window = int(time.time() // limit.window_s)
    digest = hashlib.sha256(who.strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{limit.name}:{window}:{digest}", window


def wait_seconds(limit: Limit, who: str) -> int:
    """0 when `who` may try again now, else the seconds until the window ends."""
    key, window = _key(limit, who)
    if (cache.get(key) or 0) < limit.most:
        return 0
    return max(1, int((window + 1) * limit.window_s - time.time()))


def count(limit: Limit, who: str) -> None:
    key, _ = _key(limit, who)
    if not cache.add(key, 1, timeout=limit.window_s):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=limit.window_s)


def forget(limit: Limit, who: str) -> None:
    cache.delete(_key(limit, who)[0])


def minutes(seconds: int) -> str:
    m = max(1, round(seconds / 60))
    return f"{m} minute{'s' if m != 1 else ''}"


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"
