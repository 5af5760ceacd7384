"""Supervision sessions: the record of one meeting, written by the supervisor and confirmed by
the worker, and the actions agreed in it. How often a pair meet is on their Supervision
(models.SessionFrequency).
"""

import functools

from django.conf import settings
from django.db import models

from journal.review.models import CarriedOver, KeepsSupervisorName, Supervision


class SupervisionSessionQuerySet(models.QuerySet):
    def held(self):
        """Sessions on record, recorded or confirmed: a draft is the supervisor's preparation,
        not a session held."""
        return self.exclude(status=SupervisionSession.Status.DRAFT)


@functools.cache
def last_held_on() -> models.Subquery:
    """The day of the latest session held of the supervision link in the outer query: the
    "last session" the team view, the worker's dashboard and the reminders count the next one
    from. A subquery, not a MAX over a join: that would group by every column read with the
    link. Built once, as review's flags are: a query copies an expression it uses and never
    changes it."""
    held = SupervisionSession.objects.held().filter(supervision=models.OuterRef("pk"))
    return models.Subquery(held.order_by("-held_on").values("held_on")[:1])


class SupervisionSession(KeepsSupervisorName, CarriedOver):
    """One supervision meeting on record: the supervisor writes it, the worker confirms it.

    Part of the worker's record, so it outlives the supervisor's account and the link (under
    the supervisor's name, like a sign-off). A draft is the supervisor's preparation (the agenda
    saved as it was); the worker sees the session once it is recorded.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        RECORDED = "recorded", "Waiting for the worker to confirm"
        CONFIRMED = "confirmed", "Confirmed"

    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervision_sessions"
    )
    supervision = models.ForeignKey(
        Supervision, on_delete=models.SET_NULL, null=True, related_name="sessions"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    supervisor_name = models.CharField(
        max_length=150, blank=True, help_text="The supervisor's name when they wrote it."
    )
    held_on = models.DateField()
    attended = models.CharField(max_length=300, help_text="Who attended, as the record says it.")
    discussed = models.TextField(
        blank=True, help_text="What was discussed: entries, statements, the worker's gaps."
    )
    agenda = models.TextField(blank=True, help_text="The agenda as prepared, in Markdown.")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    worker_note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupervisionSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"Supervision of {self.supervisee} on {self.held_on}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class SessionAction(models.Model):
    """An action agreed in a session; open until ticked off in a later one."""

    class Owner(models.TextChoices):
        WORKER = "worker", "The worker"
        SUPERVISOR = "supervisor", "The supervisor"
        BOTH = "both", "Both"

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="actions"
    )
    text = models.CharField(max_length=500)
    owner = models.CharField(max_length=20, choices=Owner, default=Owner.WORKER)
    due_on = models.DateField(null=True, blank=True)
    done_in = models.ForeignKey(
        SupervisionSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_closed",
        help_text="The session in which the action was ticked off.",
    )

    class Meta:
        ordering = ["pk"]  # as the supervisor wrote them

    def __str__(self):
        return self.text

    @property
    def is_open(self) -> bool:
        return self.done_in_id is None

    @property
    def owner_name(self) -> str:
        """Who does it, by name: "the worker" reads oddly to the worker."""
        if self.owner == self.Owner.WORKER:
            return self.session.supervisee.get_display_name()
        if self.owner == self.Owner.SUPERVISOR:
            return self.session.supervisor_label
        return "both"

    @property
    def terms(self) -> str:
        """Whose it is and by when, as every list of actions says it."""
        due = f", by {self.due_on:%-d %B %Y}" if self.due_on else ""
        return f"{self.owner_name}{due}"

    @property
    def label(self) -> str:
        return f"{self.text} ({self.terms})"
