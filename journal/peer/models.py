"""Peer reflection: a colleague's confirmation of a discussion, through a link of its own."""

import datetime
import functools
import hashlib

from django.db import models
from django.utils import timezone


class PeerRequest(models.Model):
    """A one-time link asking a peer, who needs no account, to confirm a discussion.

    Only a hash of the token is stored: the link is shown to the worker once. It works once
    (confirm or decline), for 30 days, until the worker revokes it.
    """

    LIFETIME = datetime.timedelta(days=30)

    class Outcome(models.TextChoices):
        PENDING = "", "Waiting for the peer"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"

    class Kind(models.TextChoices):
        SUPERVISION = "supervision", "Supervision"
        COLLEAGUE = "colleague", "A discussion with a colleague"
        REFLECTIVE_GROUP = "reflective_group", "A reflective group"
        TRAINING = "training", "Training"

    class Role(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Registered social worker"
        MANAGER = "manager", "Manager or supervisor"
        OTHER = "other_professional", "Another professional who knows their practice"

    entry = models.ForeignKey(
        "journal.Entry", on_delete=models.CASCADE, related_name="peer_requests"
    )
    summary = models.TextField(help_text="What the worker wrote for the peer to read.")
    show_entry = models.BooleanField(default=False)
    peer_email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome, default=Outcome.PENDING, blank=True)
    discussion_date = models.DateField(null=True, blank=True)
    discussion_kind = models.CharField(max_length=30, choices=Kind, blank=True)
    peer_name = models.CharField(max_length=150, blank=True)
    peer_role = models.CharField(max_length=30, choices=Role, blank=True)
    takeaway = models.TextField(blank=True)
    taken_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Peer confirmation for {self.entry}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_confirmed(self) -> bool:
        return self.outcome == self.Outcome.CONFIRMED

    @property
    def is_declined(self) -> bool:
        return self.outcome == self.Outcome.DECLINED

    def refusal(self, now: datetime.datetime | None = None) -> str:
        """Why the link no longer works ("" while it does): revoked, used or expired."""
        if self.revoked_at is not None:
            return "revoked"
        if self.answered_at is not None:
            return "used"
        if (now or timezone.now()) >= self.expires_at:
            return "expired"
        return ""


@functools.cache
def peer_flags(entry: str = "pk") -> dict[str, models.Exists]:
    """Whether a peer confirmed the entry's discussion (has_peer_confirmations: the document
    then prints it), and whether a confirmed takeaway is not in the entry yet
    (peer_takeaway_waiting: the year's readiness points to "Add this takeaway" when the entry's
    peer reflection does not count). Each read in the entry's own query, built once (a query
    copies an expression it uses and never changes it); `entry` names the entry's key in the
    outer query ("entry" from a share)."""
    confirmed = PeerRequest.objects.filter(
        entry=models.OuterRef(entry), outcome=PeerRequest.Outcome.CONFIRMED
    )
    return {
        "has_peer_confirmations": models.Exists(confirmed),
        "peer_takeaway_waiting": models.Exists(confirmed.filter(taken_at__isnull=True)),
    }


class PeerAttempt(models.Model):
    """One submission to a peer page, kept an hour or so for rate limiting across processes."""

    request = models.ForeignKey(
        PeerRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="attempts"
    )
    address_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Peer page attempt at {self.created_at:%Y-%m-%d %H:%M}"
