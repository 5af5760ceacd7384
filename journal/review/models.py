"""Supervision and review: links between a worker and a supervisor, shares, comments and sign-offs.

The review state is never stored: Share.review_state() and standing.review_state()
work it out.
Supervision sessions are in session_models.py, handovers in handover_models.py; the records
they share (CarriedOver, KeepsSupervisorName) stay here with the review records that use them.
Kept in one module a little past 400 lines on purpose: the review state's Python rule
(review_state_of) and its SQL twin (needs_review_condition) sit beside the models they read,
so one reading shows both and the twin tests hold them to each other."""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import Exact
from django.utils import timezone

from journal.entries.models import Entry


def latest_sign_off(sign_offs) -> "SignOff | None":
    """The newest of some sign-offs (ties broken by id), from an already-loaded list."""
    return max(sign_offs, key=lambda s: (s.created_at, s.pk), default=None)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class SessionFrequency(models.TextChoices):
    """How often a pair agree to meet for supervision; the next session is due that long after
    the last one held."""

    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Every month"
    SIX_WEEKLY = "six_weekly", "Every six weeks"
    TWO_MONTHLY = "two_monthly", "Every two months"
    QUARTERLY = "quarterly", "Every three months"

    def after(self, day: datetime.date) -> datetime.date:
        weeks = {"weekly": 1, "fortnightly": 2, "six_weekly": 6}
        if self.value in weeks:
            return day + datetime.timedelta(weeks=weeks[self.value])
        months = {"monthly": 1, "two_monthly": 2, "quarterly": 3}
        return add_months(day, months[self.value])


class Supervision(models.Model):
    """A supervisor's relationship with a supervisee, started by an invitation."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined"
        REVOKED = "revoked", "Ended"

    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="links_as_supervisee"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="links_as_supervisor",
        null=True,
        blank=True,
    )
    invited_email = models.EmailField(blank=True)
    invited_username = models.CharField(
        max_length=150, blank=True, help_text="The username the inviter typed, as they typed it."
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.INVITED)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="When an accepted supervision ended (not an invitation)."
    )
    session_frequency = models.CharField(
        max_length=20,
        choices=SessionFrequency,
        default=SessionFrequency.MONTHLY,
        help_text="How often the pair agreed to meet; the next session is due this long after "
        "the last.",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.supervisor or self.invited_email} supervises {self.supervisee}"

    def next_session_due(self, last_held_on: datetime.date | None) -> datetime.date | None:
        """Due one agreed interval after the last session held; none before the first."""
        if last_held_on is None:
            return None
        return SessionFrequency(self.session_frequency).after(last_held_on)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def has_ended(self) -> bool:
        """An accepted supervision that ended: its history stays with both people."""
        return self.ended_at is not None

    @property
    def invitee_label(self) -> str:
        """Who was invited, as the inviter typed it: an address never reveals an account."""
        if self.invited_email or self.invited_username:
            return self.invited_email or self.invited_username
        return self.supervisor.username if self.supervisor else ""  # invited before 0020

    def is_named_by(self, identifier: str) -> bool:
        """Whether the inviter's own page already names this link by `identifier`: what they
        typed, or the username an accepted supervisor is listed under. Saying "already" about
        any other name would tie that name to this person."""
        shown = {self.invitee_label.lower()}
        if self.is_active and self.supervisor is not None:
            shown.add(self.supervisor.username.lower())
        return identifier.lower() in shown


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
        latest = latest_sign_off(s for s in sign_offs if s.supervisor_id == supervisor_id)
        return review_state_of(
            submitted_at=self.submitted_at,
            changes_requested_at=self.changes_requested_at,
            signed_off_at=latest.created_at if latest else None,
            sign_off_covers=latest is not None and latest.covers(fingerprint),
        )


def review_state_of(
    *,
    submitted_at: datetime.datetime | None,
    changes_requested_at: datetime.datetime | None,
    signed_off_at: datetime.datetime | None,
    sign_off_covers: bool,
) -> ReviewState:
    """The one rule of a share's review state, over plain values: whichever of submitted,
    changes requested and this supervisor's latest sign-off came last (a tie goes in that
    order). Share.review_state() gives it a share's fields; the queue gives it a row read with
    `.values()`, so that a whole team's queue builds no model instances.

    `sign_off_covers`: SignOff.covers() of the entry's current fingerprint.
    """
    events = [
        (submitted_at, ReviewState.SUBMITTED),
        (changes_requested_at, ReviewState.CHANGES_REQUESTED),
        (signed_off_at, None),
    ]
    happened = [(at, state) for at, state in events if at is not None]
    if not happened:
        return ReviewState.SHARED
    _, state = max(happened, key=lambda event: event[0])
    return sign_off_state(sign_off_covers) if state is None else state


def needs_review_condition(fingerprint: models.Expression) -> models.Expression:
    """review_state_of(...).needs_review in SQL, on Share rows (tests keep the two equal): it
    was submitted last, or its supervisor signed off last and the entry changed since. Ties go
    as review_state_of() breaks them: submitted, then changes requested, then sign-off.

    `fingerprint`: the entry's current fingerprint in SQL (entries.models.current_fingerprint
    ("entry")), as Share.review_state() is given it.
    """
    own = SignOff.objects.filter(
        entry=OuterRef("entry"), supervisor=OuterRef("supervision__supervisor")
    )
    # The later of submitted and changes requested, either of which may be missing.
    asked = Greatest(
        Coalesce(OuterRef("submitted_at"), OuterRef("changes_requested_at")),
        Coalesce(OuterRef("changes_requested_at"), OuterRef("submitted_at")),
    )
    signed_last = Exists(own.filter(created_at__gt=Coalesce(asked, Value(_BEFORE_ALL))))
    latest = own.order_by("-created_at", "-pk").values("fingerprint")[:1]
    covers = Q(Exact(Subquery(latest, output_field=models.CharField()), fingerprint))
    submitted_last = Q(submitted_at__isnull=False) & (
        Q(changes_requested_at__isnull=True) | Q(submitted_at__gte=F("changes_requested_at"))
    )
    # Signed off last: waiting if changed since; otherwise: waiting if submitted last. A CASE
    # asks "signed off last" once, where (submitted & not signed) or (signed & changed) built
    # and ran its EXISTS twice.
    return Case(
        When(signed_last, then=ExpressionWrapper(~covers, output_field=models.BooleanField())),
        default=ExpressionWrapper(submitted_last, output_field=models.BooleanField()),
        output_field=models.BooleanField(),
    )


_BEFORE_ALL = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


def sign_off_state(covers: bool) -> ReviewState:
    """Signed off while the sign-off covers the entry's content; changed since otherwise."""
    return ReviewState.SIGNED_OFF if covers else ReviewState.CHANGED_SINCE_SIGN_OFF


def former_name(name: str) -> str:
    """How a person whose account was deleted is named on records that outlive them."""
    return f"{name or 'Someone'} (account deleted)"


def earlier_name(name: str) -> str:
    """How a person is named on a record brought in from another installation: by the name
    the record gives, never as an account here."""
    return f"{name or 'Someone'} (earlier journal)"


def recorded_name(person, name: str, *, brought_in: bool = False) -> str:
    """How a record names one of its people: their display name while they have an account
    here, else the name the record kept, as a former account's (or, on a record brought in
    from another installation, as that earlier journal's)."""
    if person is not None:
        return person.get_display_name()
    return earlier_name(name) if brought_in else former_name(name)


class CarriedOver(models.Model):
    """A record that may have come from another installation with its owner's account
    (journal.people.portable): it then names its people, never links them."""

    account_import = models.ForeignKey(
        "journal.AccountImport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    def name_for(self, person, name: str) -> str:
        return recorded_name(person, name, brought_in=self.account_import_id is not None)


class KeepsSupervisorName:
    """A record that outlives its supervisor's account: `supervisor` is set to null when the
    account goes, and `supervisor_name`, kept on first save, names them from then on.
    Mixed into CarriedOver models (name_for)."""

    def save(self, *args, **kwargs):
        if self.supervisor_id and not self.supervisor_name:
            self.supervisor_name = self.supervisor.get_display_name()
        super().save(*args, **kwargs)

    @property
    def supervisor_label(self) -> str:
        return self.name_for(self.supervisor, self.supervisor_name)


class Comment(CarriedOver):
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
    # A change request its supervisor left before the worker answered (journal.review.departures).
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_note = models.CharField(max_length=300, blank=True)

    # Set by selectors.comment_threads: a thread the reader may not reply to (closed, or a
    # former supervisor's handed over to a new one).
    read_only = False
    # Set by selectors.settle_requests: a change request its author has signed off since.
    settled = False

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Comment by {self.author_label} on {self.entry}"

    def save(self, *args, **kwargs):
        if self.author_id and not self.author_name:
            self.author_name = self.author.get_display_name()
        super().save(*args, **kwargs)

    @property
    def is_history(self) -> bool:
        """A change request no longer asking anything: closed, or answered by a sign-off."""
        return self.closed_at is not None or self.settled

    @property
    def author_label(self) -> str:
        return self.name_for(self.author, self.author_name)


class SignOff(KeepsSupervisorName, CarriedOver):
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
        indexes = [
            # A supervisor's latest sign-off of an entry, looked up for each share the queue
            # reads (needs_review_condition): SQLite otherwise searches by supervisor alone.
            models.Index(
                fields=["entry", "supervisor", "created_at"], name="signoff_entry_supervisor"
            )
        ]

    def __str__(self):
        return f"{self.entry} signed off by {self.supervisor_label}"

    def save(self, *args, **kwargs):
        """A new sign-off marks its entry, in the same transaction: entry_save reads from the
        entry's own row (Entry.ever_signed_off) whether a sign-off may stand on its text."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding and not self.entry.ever_signed_off:
            Entry.objects.filter(pk=self.entry_id).update(ever_signed_off=True)
            self.entry.ever_signed_off = True

    @property
    def short_fingerprint(self) -> str:
        return self.fingerprint[:12]

    def covers(self, fingerprint: str) -> bool:
        """Whether this sign-off is of the content with `fingerprint` (an entry's
        content_fingerprint(), or in SQL its latest version's: entries.models.current_fingerprint)
        : the one test of "changed since sign-off"."""
        return self.fingerprint == fingerprint

    def state_for(self, fingerprint: str) -> ReviewState:
        """Signed off while the entry still has the signed content; changed since otherwise."""
        return sign_off_state(self.covers(fingerprint))
