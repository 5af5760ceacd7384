"""Tries counted per person in Django's default cache, with a try handed back when it succeeds.

Two-factor codes are limited per person, from any address. allauth's public rate limit only
answers yes or no and cannot hand a try back, so a right code would count as a wrong one; its
internal one may change with any release. The count lives in the default cache, a table in the
database that every process and server shares. A try is counted before the code is checked, under
a short lock, so many tries sent at once cannot all slip under the limit.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

LOCK_SECONDS = 10  # a lock left by a killed process goes away on its own
LOCK_WAIT_SECONDS = 1.0
LOCK_RETRY_SECONDS = 0.01


@dataclass(frozen=True)
class Limit:
    """So many tries for one person in a sliding window of so many seconds."""

    name: str
    tries: int
    seconds: int

    def key(self, person_pk) -> str:
        return f"journal:tries:{self.name}:{person_pk}"


def two_factor_codes() -> Limit:
    return Limit(
        "two_factor_codes",
        tries=settings.TWO_FACTOR_CODE_TRIES,
        seconds=settings.TWO_FACTOR_CODE_TRIES_MINUTES * 60,
    )


@contextmanager
def _locked(key: str) -> Iterator[bool]:
    """True once this process holds the key's lock (cache.add is atomic on every backend)."""
    lock = f"{key}:lock"
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    pause = LOCK_RETRY_SECONDS
    while not cache.add(lock, True, timeout=LOCK_SECONDS):
        if time.monotonic() >= deadline:
            yield False
            return
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
    try:
        yield True
    finally:
        cache.delete(lock)


@dataclass(frozen=True)
class Try:
    """One counted try: give_back() when it succeeded, so that it does not count."""

    limit: Limit
    key: str
    at: float

    def give_back(self) -> None:
        with _locked(self.key) as locked:
            if locked:  # otherwise the try stays counted: stricter, never looser
                counted = cache.get(self.key, [])
                if self.at in counted:
                    counted.remove(self.at)  # this try only, even if another has the same time
                    cache.set(self.key, counted, self.limit.seconds)


def take(limit: Limit, person_pk) -> Try | None:
    """Count one try for the person, or None when their tries are used up (or the count is
    busy for longer than a second: refusing is the safe answer)."""
    key = limit.key(person_pk)
    with _locked(key) as locked:
        if not locked:
            return None
        now = time.time()
        recent = [at for at in cache.get(key, []) if at > now - limit.seconds]
        if len(recent) >= limit.tries:
            return None
        cache.set(key, [*recent, now], limit.seconds)
        return Try(limit, key, now)
