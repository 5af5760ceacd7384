"""Export jobs: large exports built by the task worker."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from journal.exports.period import Period


class ExportJobQuerySet(models.QuerySet):
    def active(self):
        """Waiting or being built."""
        return self.filter(status__in=ExportJob.ACTIVE)


class ExportJob(models.Model):
    """A year bundle built by the task worker, kept in the database for EXPORT_KEEP_DAYS."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        RUNNING = "running", "Generating"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.PENDING, Status.RUNNING)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    format = models.CharField(max_length=10)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text="The task that builds it.")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life from the worker building it."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"],
                condition=models.Q(status__in=["pending", "running"]),
                name="one_active_export_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.format} export for {self.owner}"

    @property
    def period(self) -> Period:
        """The year or dates the job exports, as its page names them."""
        return Period.from_params(self.params)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def kept_until(self) -> datetime.date | None:
        """The last day a finished export can be downloaded (journal.exports.jobs expires it)."""
        if self.finished_at is None:
            return None
        keep = datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
        return timezone.localdate(self.finished_at + keep)
