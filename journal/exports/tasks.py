"""Background work, run by the task worker (`manage.py task_worker`), never in a web process."""

from django_tasks import task

from journal.entries import services as entries
from journal.exports import jobs


@task()
def build_export(job_id: int) -> str:
    """Build one queued export; the ExportJob records the outcome, this returns its status."""
    job = jobs.export_job_run(job_id)
    return job.status if job else "gone"


class PurgeIncomplete(Exception):
    """Some binned entries could not be deleted; they were logged and left for the next run."""


@task()
def purge_bin() -> dict:
    """Empty every bin of entries older than 30 days, entry by entry."""
    result = entries.purge_bin()
    if result.failed:
        raise PurgeIncomplete(f"Could not delete entries {result.failed}; see the log.")
    return {"purged": result.purged}
