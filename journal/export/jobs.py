"""Large exports run outside the request and are kept in the database until downloaded.

The database is the only shared state, so a job started behind one app server can be
downloaded through another; `manage.py run_export_jobs` picks up any job left waiting.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from journal import audit
from journal.export import build
from journal.models import AuditEvent, ExportJob, User

logger = logging.getLogger(__name__)

INLINE_LIMIT = 25  # entries; below this an export is fast enough to send straight back


def export_job_create(*, owner: User, fmt: str, params: dict) -> ExportJob:
    job = ExportJob.objects.create(owner=owner, format=fmt, params=params)
    if getattr(settings, "EXPORT_JOBS_INLINE", False):
        transaction.on_commit(lambda: export_job_run(job.pk))
    else:
        transaction.on_commit(
            lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
        )
    return job


def _run_in_thread(pk: int) -> None:
    try:
        export_job_run(pk)
    finally:
        close_old_connections()


def export_job_run(pk: int) -> ExportJob:
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=pk)
        if job.status != ExportJob.Status.PENDING:
            return job
        job.status = ExportJob.Status.RUNNING
        job.progress = 10
        job.save(update_fields=["status", "progress"])

    def progress(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=pk).update(progress=10 + int(80 * done / max(total, 1)))

    try:
        result = build.export_for_params(
            owner=job.owner, fmt=job.format, params=job.params, progress=progress
        )
    except Exception:
        logger.exception("Export job %s failed", pk)
        ExportJob.objects.filter(pk=pk).update(
            status=ExportJob.Status.FAILED,
            error="The export could not be generated. Please try again; if it keeps failing, contact support.",
            finished_at=timezone.now(),
        )
        return ExportJob.objects.get(pk=pk)
    ExportJob.objects.filter(pk=pk).update(
        status=ExportJob.Status.DONE,
        progress=100,
        content=result.content,
        file_name=result.file_name,
        content_type=result.content_type,
        finished_at=timezone.now(),
    )
    audit.record(
        None, job.owner, AuditEvent.Action.EXPORTED, f"{result.file_name} ({result.count} entries)"
    )
    return ExportJob.objects.get(pk=pk)


def run_pending() -> int:
    pending = list(
        ExportJob.objects.filter(status=ExportJob.Status.PENDING).values_list("pk", flat=True)
    )
    for pk in pending:
        export_job_run(pk)
    return len(pending)
