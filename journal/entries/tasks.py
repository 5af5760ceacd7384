"""The bin's background work, run by the task worker (`manage.py task_worker`), never in a web
process."""

from django_tasks import task

from journal.entries.bin import purge_bin as purge_expired


class PurgeIncomplete(Exception):
    """Some binned entries could not be deleted; they were logged and left for the next run."""


@task()
def purge_bin() -> dict:
    """Empty every bin of entries older than 30 days, entry by entry."""
    result = purge_expired()
    if result.failed:
        raise PurgeIncomplete(f"Could not delete entries {result.failed}; see the log.")
    return {"purged": result.purged}
