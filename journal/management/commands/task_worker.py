"""The task worker: django-tasks-db's `db_worker`, which also looks for exports whose worker
was killed.

A killed worker cannot mark its own job failed, and django-tasks-db leaves a task it never
finished "running" for ever. So every worker, busy or idle, runs export_jobs_recover() as it
starts, before it takes a task, and then from a thread every heartbeat_every(): with at least
one worker alive, a dead worker's export is marked failed, with a message, within
EXPORT_STALE_SECONDS plus one look.
"""

import logging
import threading

from django.db import connection
from django_tasks_db.management.commands import db_worker

from journal.exports import jobs

logger = logging.getLogger(__name__)


class Command(db_worker.Command):
    help = (
        "Run queued tasks (large exports, the bin purge), as db_worker does, and mark failed "
        "the exports whose worker was killed."
    )

    def handle(self, *args, **options):
        look_for_dead_exports()
        stop = threading.Event()
        watch = threading.Thread(target=watch_exports, args=(stop,), name="export-watch")
        watch.daemon = True
        watch.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
            watch.join()


def look_for_dead_exports() -> None:
    try:
        if count := jobs.export_jobs_recover():
            logger.warning("Marked %d export job(s) failed: their worker stopped.", count)
    except Exception:
        logger.exception("Could not look for dead export jobs")  # look again next time


def watch_exports(stop: threading.Event) -> None:
    """Look again every heartbeat, on this thread's own connection, until the worker stops."""
    while not stop.wait(jobs.heartbeat_every().total_seconds()):
        try:
            look_for_dead_exports()
        finally:
            connection.close()
