"""Figures read over the whole library, kept until the library changes.

PostgreSQL moves one counter on every change to passages, links, sources or speakers (statement
triggers, migration corpus 0005), so anything counted or ranked over the whole library can be
kept in the process until that counter moves. No models here: corpus.models uses it too.
"""

import hashlib

from django.core.cache import caches
from django.db import connection


def library_version() -> int:
    """PostgreSQL: moved on by every change to passages, links, sources or speakers, in the
    same transaction (statement triggers, migration corpus 0005), so what is counted or ranked
    over the whole library can be kept until it changes."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM corpus_library_version")
        return cursor.fetchone()[0]


# How long a figure read over the whole library is kept when nothing changes it.
LIBRARY_KEPT_SECONDS = 60 * 60


def kept_until_the_library_changes(name: str, compute):
    """PostgreSQL: `compute()`, kept for everyone under `name` until library_version() moves
    (or for LIBRARY_KEPT_SECONDS). The name is hashed into the key, so any text will do."""
    digest = hashlib.sha256(f"{library_version()}:{name}".encode()).hexdigest()
    key = f"corpus:library:{digest}"
    value = caches["local"].get(key)
    if value is None:
        value = compute()
        caches["local"].set(key, value, LIBRARY_KEPT_SECONDS)
    return value
