"""A supervisor who left a worker, and the history the worker hands over to a new supervisor."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import timezone

from journal.review.models import (
    Comment,
    KeepsSupervisorName,
    SignOff,
    Supervision,
    recorded_name,
)
from journal.review.session_models import SupervisionSession


class HandoverQuerySet(models.QuerySet):
    def carried_to(self, user) -> "HandoverQuerySet":
        """Hand-overs `user` accepted, while they still supervise the worker."""
        return self.filter(successor__supervisor=user, successor__status=Supervision.Status.ACTIVE)

    def history_of(self, entry) -> list["EntryHistory"]:
        """What each hand-over carries of one entry (call on carried_to()): the sign-offs,
        when the worker chose them, and which sign-offs the worker kept back."""
        history = []
        for handover in self.filter(carried_entries=entry).prefetch_related("sign_offs__version"):
            own = [s for s in handover.sign_offs.all() if s.entry_id == entry.pk]
            history.append(
                EntryHistory(
                    handover=handover,
                    sign_offs=own if handover.carry_sign_offs else [],
                    kept_back={s.pk for s in own} if not handover.carry_sign_offs else set(),
                )
            )
        return history


class Handover(KeepsSupervisorName, models.Model):
    """Written as a supervisor leaves (their account deleted, or the supervision ended).

    It names them after their account has gone and keeps what they left in the worker's
    record: the entries then shared with them, their sign-offs, comment threads and sessions.
    The worker may invite a new supervisor (`successor`) who then reads the part the worker
    chose, read-only, under the old supervisor's name.
    """

    class Reason(models.TextChoices):
        ACCOUNT_DELETED = "account_deleted", "deleted their account"
        ENDED_BY_SUPERVISOR = "ended_by_supervisor", "ended the supervision"
        ENDED_BY_WORKER = "ended_by_worker", "no longer supervises you: you ended the supervision"

    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handovers"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    supervisor_name = models.CharField(max_length=150, blank=True)
    reason = models.CharField(max_length=30, choices=Reason)
    created_at = models.DateTimeField(default=timezone.now)
    requests_closed = models.PositiveSmallIntegerField(default=0)
    # What the supervisor left, captured as they left.
    shared_entries = models.ManyToManyField("journal.Entry", related_name="+", blank=True)
    sign_offs = models.ManyToManyField(SignOff, related_name="+", blank=True)
    threads = models.ManyToManyField(Comment, related_name="+", blank=True)
    sessions = models.ManyToManyField(SupervisionSession, related_name="+", blank=True)
    # The worker's choice: the new supervisor, and what they may read of this history.
    successor = models.ForeignKey(
        Supervision, on_delete=models.SET_NULL, null=True, blank=True, related_name="handovers"
    )
    carried_entries = models.ManyToManyField("journal.Entry", related_name="+", blank=True)
    carry_sign_offs = models.BooleanField(default=True)
    carry_comments = models.BooleanField(default=True)
    carry_sessions = models.BooleanField(default=True)
    # Once the successor accepted: what was shared with them, and what sharing refused.
    carried_at = models.DateTimeField(null=True, blank=True)
    entries_carried = models.PositiveSmallIntegerField(default=0)
    skipped_in_bin = models.PositiveSmallIntegerField(default=0)
    skipped_incomplete = models.PositiveSmallIntegerField(default=0)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.supervisor_label} left {self.supervisee}"

    def name_for(self, person, name: str) -> str:
        """KeepsSupervisorName's naming: a hand-over is always of this installation (never
        brought in from another), so a supervisor without an account is a former one."""
        return recorded_name(person, name)

    @property
    def entries_skipped(self) -> int:
        return self.skipped_in_bin + self.skipped_incomplete

    @property
    def is_offered(self) -> bool:
        """Still waiting for the worker to hand it over (or for a declined invitation's next)."""
        return self.successor_id is None


class HandoverWait(models.Model):
    """An entry that was waiting for the supervisor's review as they left, and since when:
    it waits for the successor from the same moment, so their queue's age stays true."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="waits")
    entry = models.ForeignKey("journal.Entry", on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["handover", "entry"], name="one_wait_per_entry")
        ]

    def __str__(self):
        return f"{self.entry} waiting since {self.since:%Y-%m-%d}"


@dataclass
class EntryHistory:
    """One entry's part of a hand-over, as its new supervisor reads it."""

    handover: Handover
    sign_offs: list[SignOff] = field(default_factory=list)
    kept_back: set[int] = field(default_factory=set)
