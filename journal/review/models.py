"""Supervision and review: links between a worker and a supervisor, shares, comments and sign-offs.

The review state is never stored: Share.review_state() and Entry.review_state() work it out."""

from django.conf import settings
from django.db import models
from django.utils import timezone


def latest_sign_off(sign_offs) -> "SignOff | None":
    """The newest of some sign-offs (ties broken by id), from an already-loaded list."""
    return max(sign_offs, key=lambda s: (s.created_at, s.pk), default=None)


class Supervision(models.Model):
    """A supervisor's relationship with a supervisee, started by an invitation."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined"
        REVOKED = "revoked", "Ended"

    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervisors_links"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="supervisees_links",
        null=True,
        blank=True,
    )
    invited_email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.INVITED)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.supervisor or self.invited_email} supervises {self.supervisee}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def invitee_label(self) -> str:
        """Who was invited, as the inviter typed it: an address never reveals an account."""
        return self.invited_email or (self.supervisor.username if self.supervisor else "")


class ReviewState(models.TextChoices):
    """Where an entry stands in review. Never stored: derived from events and fingerprints."""

    PRIVATE = "private", "Not shared"
    SHARED = "shared", "Shared for reading"
    SUBMITTED = "submitted", "Waiting for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    SIGNED_OFF = "signed_off", "Signed off"
    CHANGED_SINCE_SIGN_OFF = "changed_since_sign_off", "Changed since sign-off"

    @property
    def needs_review(self) -> bool:
        return self in (ReviewState.SUBMITTED, ReviewState.CHANGED_SINCE_SIGN_OFF)

    @property
    def is_signed_off(self) -> bool:
        return self == ReviewState.SIGNED_OFF

    @property
    def changed_since_sign_off(self) -> bool:
        return self == ReviewState.CHANGED_SINCE_SIGN_OFF

    @property
    def changes_requested(self) -> bool:
        return self == ReviewState.CHANGES_REQUESTED

    @property
    def is_shared(self) -> bool:
        return self != ReviewState.PRIVATE

    def urgency(self) -> int:
        """Lower is more pressing: what an entry's badge shows when supervisors differ."""
        return _URGENCY.index(self)


_URGENCY = [
    ReviewState.CHANGES_REQUESTED,
    ReviewState.CHANGED_SINCE_SIGN_OFF,
    ReviewState.SUBMITTED,
    ReviewState.SIGNED_OFF,
    ReviewState.SHARED,
    ReviewState.PRIVATE,
]


class Share(models.Model):
    """An entry made visible to one supervision; revoking hides it again at once.

    The review events are stored as times (submitted, changes requested; sign-offs are their
    own rows), and `review_state()` derives the state from whichever came last.
    """

    entry = models.ForeignKey("journal.Entry", on_delete=models.CASCADE, related_name="shares")
    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="shares")
    submitted_at = models.DateTimeField(null=True, blank=True)
    changes_requested_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.entry} shared with {self.supervision.supervisor}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.supervision.is_active

    def review_state(self, sign_offs, fingerprint: str) -> ReviewState:
        """This supervisor's view: the latest of submitted, changes requested and signed off.

        `sign_offs` may hold every sign-off of the entry; only this supervisor's count.
        `fingerprint` is the entry's current content fingerprint.
        """
        supervisor_id = self.supervision.supervisor_id
        own = [s for s in sign_offs if s.supervisor_id == supervisor_id]
        latest = latest_sign_off(own)
        events = [
            (self.submitted_at, ReviewState.SUBMITTED),
            (self.changes_requested_at, ReviewState.CHANGES_REQUESTED),
            (latest.created_at if latest else None, None),
        ]
        happened = [(at, state) for at, state in events if at is not None]
        if not happened:
            return ReviewState.SHARED
        _, state = max(happened, key=lambda event: event[0])
        return latest.state_for(fingerprint) if state is None else state


def former_name(name: str) -> str:
    """How a person whose account was deleted is named on records that outlive them."""
    return f"{name or 'Someone'} (account deleted)"


class Comment(models.Model):
    """Part of the supervisee's record: it outlives its author's account, under their name."""

    entry = models.ForeignKey("journal.Entry", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="comments",
    )
    author_name = models.CharField(
        max_length=150, blank=True, help_text="The author's name when they wrote it."
    )
    field = models.CharField(
        max_length=30,
        blank=True,
        help_text="The entry field commented on; blank for the whole entry.",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField()
    requests_changes = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Comment by {self.author_label} on {self.entry}"

    def save(self, *args, **kwargs):
        if self.author_id and not self.author_name:
            self.author_name = self.author.get_display_name()
        super().save(*args, **kwargs)

    @property
    def author_label(self) -> str:
        return self.author.get_display_name() if self.author else former_name(self.author_name)


class SignOff(models.Model):
    """A supervisor's sign-off of one exact version of an entry.

    Evidence in the supervisee's record: it outlives the supervisor's account, under their name.
    """

    entry = models.ForeignKey("journal.Entry", on_delete=models.CASCADE, related_name="signoffs")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="signoffs",
    )
    supervisor_name = models.CharField(
        max_length=150, blank=True, help_text="The supervisor's name when they signed off."
    )
    version = models.ForeignKey(
        "journal.EntryVersion", on_delete=models.PROTECT, related_name="signoffs"
    )
    fingerprint = models.CharField(max_length=64)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.entry} signed off by {self.supervisor_label}"

    def save(self, *args, **kwargs):
        if self.supervisor_id and not self.supervisor_name:
            self.supervisor_name = self.supervisor.get_display_name()
        super().save(*args, **kwargs)

    @property
    def supervisor_label(self) -> str:
        if self.supervisor:
            return self.supervisor.get_display_name()
        return former_name(self.supervisor_name)

    @property
    def short_fingerprint(self) -> str:
        return self.fingerprint[:12]

    def state_for(self, fingerprint: str) -> ReviewState:
        """Signed off while the entry still has the signed content; changed since otherwise."""
        if self.fingerprint == fingerprint:
            return ReviewState.SIGNED_OFF
        return ReviewState.CHANGED_SINCE_SIGN_OFF
