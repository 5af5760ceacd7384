"""Site-wide pages that belong to no app."""

import pathlib
import sqlite3

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from corpus.models import Source, Standard


def home(request):
    context = {
        "standards": Standard.objects.filter(framework__is_primary=True),
        "sources": Source.objects.all(),
    }
    return render(request, "home.html", context)


HEALTH_WRITE_TIMEOUT = 1.0  # seconds a health check waits for SQLite's write lock


def sqlite_accepts_writes(path: str, timeout: float = HEALTH_WRITE_TIMEOUT) -> bool:
    """Whether a save could start now. SQLite keeps answering reads while another process
    holds the write lock, so a read alone says "healthy" while every save hangs. This takes
    the write lock and lets it go again, writing nothing."""
    uri = pathlib.Path(path).resolve().as_uri() + "?mode=rw"  # never creates a file
    try:
        probe = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return True
    except sqlite3.Error:
        return False
    finally:
        probe.close()


@require_GET
@never_cache
def healthz(request):
    """For load balancers: 200 while the database answers (and, on SQLite, accepts writes
    within a second), 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    on_sqlite_file = connection.vendor == "sqlite" and not connection.is_in_memory_db()
    if on_sqlite_file and not sqlite_accepts_writes(connection.settings_dict["NAME"]):
        return JsonResponse({"status": "error", "database": "locked"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request, reason=""):
    """A plain explanation instead of Django's technical page; nothing was saved."""
    return render(request, "403_csrf.html", status=403)
