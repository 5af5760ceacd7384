"""Large exports run on the task worker and are kept in the database for EXPORT_KEEP_DAYS.

The web process only records an ExportJob and enqueues `journal.tasks.build_export` in the same
transaction (Django's tasks framework, `django-tasks-db` in production: the database is the one
shared state, so any app server can enqueue and any worker node can run). Concurrency is the
number of worker processes, each building one export at a time; a person has at most one
export waiting or running (a database constraint). A job whose worker died (a restart, a
kill) stops sending heartbeats and is marked failed with a message the first time anyone looks
at it, so the progress page always ends in "done" or a clear failure.
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Length
from django.utils import timezone

from journal import audit
from journal.content import ENTRY_FIELDS, Kind
from journal.export import build
from journal.models import AuditEvent, Citation, Entry, ExportJob, User

logger = logging.getLogger(__name__)

INLINE_LIMIT = 25  # entries; below this an export is fast enough to send straight back
# Characters of text a PDF may lay out in the web request. WeasyPrint's cost grows with the
# text (journal.markdown keeps each field within MAX_PRINT_LINES), about 50 µs a character at
# worst (bench/bench_export.py): this is two or three seconds, a dozen long entries. More goes
# to the worker, however few entries it is, because one entry can hold many long quotes.
PDF_INLINE_CHARS = 50_000

_TEXT_FIELDS = [spec.name for spec in ENTRY_FIELDS if spec.kind == Kind.TEXT]

FAILED_MESSAGE = (
    "The export could not be generated. Please try again; if it keeps failing, contact support."
)
DIED_MESSAGE = (
    "The export stopped before it finished (the server restarted while building it). "
    "Nothing was lost: start it again from Exports."
)
STALLED_MESSAGE = (
    "Exports are not being processed at the moment, so this one was cancelled. "
    "Please try again later; your entries are safe."
)


def stale_after() -> datetime.timedelta:
    """How long a running job may go without a heartbeat: far longer than the slowest export."""
    return datetime.timedelta(seconds=settings.EXPORT_STALE_SECONDS)


def stalled_after() -> datetime.timedelta:
    """How long the queue may go without starting any job before waiting ones are cancelled."""
    return datetime.timedelta(seconds=settings.EXPORT_STALLED_SECONDS)


def text_length(entries: QuerySet[Entry]) -> int:
    """Characters of the entries' written text and quotes: what a PDF's cost grows with."""
    total = sum((Length(name) for name in _TEXT_FIELDS), Value(0))
    pks = entries.order_by().values("pk")
    written = Entry.objects.filter(pk__in=pks).aggregate(n=Sum(total))["n"]
    quoted = Citation.objects.filter(entry__in=pks).aggregate(n=Sum(Length("quote")))["n"]
    return (written or 0) + (quoted or 0)


def fits_in_request(*, fmt: str, entries: QuerySet[Entry]) -> bool:
    """Whether an export is quick enough to build in the web request rather than on a worker:
    few entries, and for a PDF little enough text, so no text can stall a web process."""
    if entries.count() > INLINE_LIMIT:
        return False
    return fmt != "pdf" or text_length(entries) <= PDF_INLINE_CHARS


def export_job_create(
    *, owner: User, fmt: str, params: dict, retry: bool = True
) -> tuple[ExportJob, bool]:
    """Queue an export; returns (job, created). An export already under way is returned instead
    of starting a second one."""
    from journal import tasks

    export_jobs_recover(owner=owner)
    try:
        with transaction.atomic():
            job = ExportJob.objects.create(owner=owner, format=fmt, params=params)
            result = tasks.build_export.enqueue(job.pk)
            ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    except IntegrityError:
        active = ExportJob.objects.active().filter(owner=owner).defer("content").first()
        if active is None and retry:  # it finished in between: try once more
            return export_job_create(owner=owner, fmt=fmt, params=params, retry=False)
        if active is None:
            raise
        return active, False
    job.refresh_from_db()
    return job, True


def export_job_run(pk: int) -> ExportJob | None:
    """Build one export (on the worker). Never raises for a failed export: the job says so.
    None when the job is gone (its owner deleted their account while it waited)."""
    now = timezone.now()
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=pk).first()
        if job is None:
            return None
        if job.status != ExportJob.Status.PENDING:
            return job
        job.status = ExportJob.Status.RUNNING
        job.progress = 10
        job.started_at = job.heartbeat_at = now
        job.save(update_fields=["status", "progress", "started_at", "heartbeat_at"])

    def progress(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=pk, status=ExportJob.Status.RUNNING).update(
            progress=10 + int(80 * done / max(total, 1)), heartbeat_at=timezone.now()
        )

    try:
        result = build.export_for_params(
            owner=job.owner, fmt=job.format, params=job.params, progress=progress
        )
    except Exception:
        logger.exception("Export job %s failed", pk)
        ExportJob.objects.filter(pk=pk).update(
            status=ExportJob.Status.FAILED, error=FAILED_MESSAGE, finished_at=timezone.now()
        )
        return ExportJob.objects.get(pk=pk)
    finished = ExportJob.objects.filter(pk=pk, status=ExportJob.Status.RUNNING).update(
        status=ExportJob.Status.DONE,
        progress=100,
        content=result.content,
        file_name=result.file_name,
        content_type=result.content_type,
        finished_at=timezone.now(),
    )
    if finished:
        audit.record(
            None,
            job.owner,
            AuditEvent.Action.EXPORTED,
            f"{result.file_name} ({result.count} entries)",
        )
    return ExportJob.objects.defer("content").get(pk=pk)


def export_jobs_recover(*, owner: User | None = None, now: datetime.datetime | None = None) -> int:
    """Mark failed, with a message, the jobs whose worker died or that nothing will ever run.

    Called wherever a job is looked at (its page, the exports page, a new export) and by
    `manage.py run_export_jobs`, so no job stays "generating" for ever. Returns how many.
    """
    now = now or timezone.now()
    jobs = ExportJob.objects.all() if owner is None else ExportJob.objects.filter(owner=owner)
    died = jobs.filter(status=ExportJob.Status.RUNNING).alias(
        seen=Coalesce("heartbeat_at", "started_at", "created_at")
    )
    count = died.filter(seen__lt=now - stale_after()).update(
        status=ExportJob.Status.FAILED, error=DIED_MESSAGE, finished_at=now
    )
    # Waiting jobs are cancelled only when the whole queue has stood still: nothing started
    # recently, nothing running, and the oldest waiting job has waited that long too.
    cutoff = now - stalled_after()
    waiting = jobs.filter(status=ExportJob.Status.PENDING, created_at__lt=cutoff)
    if waiting.exists():
        moving = ExportJob.objects.filter(
            Q(status=ExportJob.Status.RUNNING) | Q(started_at__gte=cutoff)
        ).exists()
        if not moving:
            logger.error(
                "The export queue has not started a job for %s; is a worker running?", cutoff
            )
            count += waiting.update(
                status=ExportJob.Status.FAILED, error=STALLED_MESSAGE, finished_at=now
            )
    return count


def export_jobs_expire(*, owner: User | None = None, now: datetime.datetime | None = None) -> int:
    """Delete finished exports older than EXPORT_KEEP_DAYS; returns how many.

    Their files live in the database, and a download is a copy the person keeps: a year of
    renewals would otherwise fill the database with PDFs nobody opens again. Called on the
    exports page (for that person) and by `manage.py run_export_jobs` (for everyone).
    """
    now = now or timezone.now()
    jobs = ExportJob.objects.all() if owner is None else ExportJob.objects.filter(owner=owner)
    cutoff = now - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    deleted, _ = jobs.exclude(status__in=ExportJob.ACTIVE).filter(finished_at__lt=cutoff).delete()
    return deleted


def queue_position(job: ExportJob) -> int:
    """How many waiting jobs are ahead of this one (0 when it is next or running)."""
    if job.status != ExportJob.Status.PENDING:
        return 0
    return ExportJob.objects.filter(
        status=ExportJob.Status.PENDING, created_at__lt=job.created_at
    ).count()
