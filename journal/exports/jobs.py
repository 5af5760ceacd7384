"""Large exports run on the task worker and are kept in the database for EXPORT_KEEP_DAYS.

The web process only records an ExportJob and enqueues `build_export` (below) in the same
transaction (Django's tasks framework, `django-tasks-db` in production: the database is the one
shared state, so any app server can enqueue and any worker node can run). Concurrency is the
number of worker processes, each building one export at a time; a person has at most one
export waiting or running (a database constraint). A running job beats (`heartbeat_at`) every
quarter of EXPORT_STALE_SECONDS; a job whose worker was killed stops beating, and every task
worker (`manage.py task_worker`) looks for such jobs as often and marks them failed with a
message, so the progress page always ends in "done" or a clear failure within a minute.
Pages only read: nothing here runs on a GET.
"""

import datetime
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Length
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from journal import audit
from journal.entries.content import ENTRY_FIELDS, Kind
from journal.exports import build
from journal.models import AuditEvent, Citation, Entry, ExportJob, User

logger = logging.getLogger(__name__)

INLINE_LIMIT = 25  # entries; below this an export is fast enough to send straight back
# Characters of text a PDF may lay out in the web request. WeasyPrint's cost grows with the
# text (journal.entries.markdown keeps each field within MAX_PRINT_LINES), about 50 µs a character at
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
    """How long a running job may go without a heartbeat before its worker is taken for dead."""
    return datetime.timedelta(seconds=settings.EXPORT_STALE_SECONDS)


def heartbeat_every() -> datetime.timedelta:
    """How often a running job beats and the workers look for dead ones: three beats may be
    missed (a busy node) before a job is taken for dead."""
    return stale_after() / 4


@contextmanager
def heartbeat(pk: int) -> Iterator[None]:
    """Beat for the running job `pk` from a thread while the block runs, however long one step
    of the build takes (one large PDF is rendered in a single call).

    Only when the run commits on its own, as on the worker: inside a caller's transaction no
    one else could see the beat, and on PostgreSQL it would wait for that transaction's lock.
    """
    if connection.in_atomic_block:
        yield
        return
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(heartbeat_every().total_seconds()):
                ExportJob.objects.filter(pk=pk, status=ExportJob.Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"export-{pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


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
    export_jobs_recover(owner=owner)
    try:
        with transaction.atomic():
            job = ExportJob.objects.create(owner=owner, format=fmt, params=params)
            result = build_export.enqueue(job.pk)
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
        with heartbeat(pk):
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

    Run by every task worker every heartbeat_every(), before a new export is queued, and by
    `manage.py run_export_jobs` (cron: it also catches a queue with no worker at all), so no
    job stays "generating" for ever. Returns how many.
    """
    now = now or timezone.now()
    jobs = ExportJob.objects.all() if owner is None else ExportJob.objects.filter(owner=owner)
    died = (
        jobs.filter(status=ExportJob.Status.RUNNING)
        .alias(seen=Coalesce("heartbeat_at", "started_at", "created_at"))
        .filter(seen__lt=now - stale_after())
    )
    task_ids = list(died.values_list("task_id", flat=True))
    count = died.update(status=ExportJob.Status.FAILED, error=DIED_MESSAGE, finished_at=now)
    _queue_tasks_failed(task_ids, now=now)
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


class WorkerDied(Exception):
    """What a dead worker's task records as its failure in the queue."""


def _queue_tasks_failed(task_ids: list[str], *, now: datetime.datetime) -> None:
    """django-tasks-db would show a dead worker's task running for ever, and never prune it."""
    ids = []
    for task_id in task_ids:
        try:
            ids.append(uuid.UUID(task_id))
        except ValueError:  # an id from another backend (the tests' immediate one)
            continue
    DBTaskResult.objects.filter(id__in=ids, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{WorkerDied.__module__}.{WorkerDied.__qualname__}",
        traceback="The worker running this task stopped without finishing it.",
    )


def export_jobs_expire(*, owner: User | None = None, now: datetime.datetime | None = None) -> int:
    """Delete finished exports older than EXPORT_KEEP_DAYS; returns how many.

    Their files live in the database, and a download is a copy the person keeps: a year of
    renewals would otherwise fill the database with PDFs nobody opens again. Run by
    `manage.py run_export_jobs`; the exports page lists only those still kept.
    """
    now = now or timezone.now()
    jobs = ExportJob.objects.all() if owner is None else ExportJob.objects.filter(owner=owner)
    deleted, _ = jobs.filter(_past_keeping(now)).delete()
    return deleted


def export_jobs_kept(*, owner: User) -> QuerySet:
    """A person's exports, without those past keeping that wait to be deleted."""
    return ExportJob.objects.filter(owner=owner).exclude(_past_keeping(timezone.now()))


def _past_keeping(now: datetime.datetime) -> Q:
    cutoff = now - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    return ~Q(status__in=ExportJob.ACTIVE) & Q(finished_at__lt=cutoff)


def queue_position(job: ExportJob) -> int:
    """How many waiting jobs are ahead of this one (0 when it is next or running)."""
    if job.status != ExportJob.Status.PENDING:
        return 0
    return ExportJob.objects.filter(
        status=ExportJob.Status.PENDING, created_at__lt=job.created_at
    ).count()


@task()
def build_export(job_id: int) -> str:
    """The task the worker runs for one queued export; the ExportJob records the outcome, this
    returns its status."""
    job = export_job_run(job_id)
    return job.status if job else "gone"
