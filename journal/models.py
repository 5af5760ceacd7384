"""The journal: people, their reflective CPD entries, and supervision of those entries."""

import datetime
import functools
import hashlib
import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone

from cpd import links
from journal.content import (
    ENTRY_FIELDS,
    FIELD_NAMES,
    MISSING_STANDARD,
    PRIVATE_FIELD_NAMES,
    Kind,
)

registration_number_validator = RegexValidator(
    r"^SW\d{1,10}$",
    message="A Social Work England registration number is “SW” followed by digits, e.g. SW123456.",
    code="invalid_registration_number",
)


class User(AbstractUser):
    class Role(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        SUPERVISOR = "supervisor", "Supervisor or manager"
        STUDENT = "student", "Student or newly qualified"

    display_name = models.CharField(max_length=150, blank=True)
    registration_number = models.CharField(
        max_length=12, blank=True, validators=[registration_number_validator]
    )
    role = models.CharField(max_length=20, choices=Role, default=Role.SOCIAL_WORKER)
    renewal_month = models.PositiveSmallIntegerField(default=11)
    renewal_day = models.PositiveSmallIntegerField(default=30)
    # Accounts from before email verification may sign in while asked to confirm their address;
    # everyone who signs up since must confirm it first (journal.accounts.forms.LoginForm).
    joined_before_verification = models.BooleanField(default=False, editable=False)

    class Meta(AbstractUser.Meta):
        constraints = [
            # "Priya.nq" and "priya.nq" are one person: sign-in matches usernames regardless
            # of case, so no two accounts may differ only by case.
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_unique_ignoring_case",
                violation_error_message="Someone already uses this username.",
            ),
        ]

    def __str__(self):
        return self.get_display_name()

    def get_display_name(self):
        return self.display_name or self.get_full_name() or self.username


class EntryQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def in_bin(self):
        return self.filter(deleted_at__isnull=False)

    def owned_by(self, user):
        return self.filter(owner=user)

    def between(self, start: datetime.date, end: datetime.date):
        return self.filter(activity_date__gte=start, activity_date__lte=end)

    def with_standard_count(self):
        """Annotate `standard_count`, all Entry.is_complete needs besides the entry's own columns:
        a list read into Python answers from it without the SQL twin below."""
        return self.annotate(standard_count=Count("standards", distinct=True))

    def with_completeness(self):
        """Annotate `counts_complete`: the SQL twin of Entry.is_complete (tests keep them equal),
        for filtering and counting in the database.

        Form fields are stripped on the way in, so an empty string is an unfilled field.
        """
        filled = Q()
        for spec in ENTRY_FIELDS:
            if spec.required:
                filled &= Q(**{f"{spec.name}__isnull": False})
                if spec.kind != Kind.DATE:
                    filled &= ~Q(**{spec.name: ""})
        return self.with_standard_count().annotate(
            counts_complete=models.ExpressionWrapper(
                Q(status=Entry.Status.COMPLETE) & filled & Q(standard_count__gt=0),
                output_field=models.BooleanField(),
            )
        )

    def complete(self):
        return self.with_completeness().filter(counts_complete=True)

    def with_review_flags(self, *flags: str):
        """Annotate whether the entry has any sign-off, share, comment or confirmed peer
        reflection, and a change request not answered yet: a page about one entry reads those
        only when it has them (each a round trip on PostgreSQL).

        `flags` names the ones wanted (all by default): each is a subquery to build and run.
        """
        found = review_flag_expressions()
        return self.annotate(**{name: found[name] for name in flags or found})


@functools.cache
def review_flag_expressions() -> dict[str, models.Exists]:
    """EntryQuerySet.with_review_flags()'s subqueries, built once: a query copies an expression
    it uses and never changes it, and building five of them was most of their cost."""
    entry = models.OuterRef("pk")
    return {
        "has_sign_offs": models.Exists(SignOff.objects.filter(entry=entry)),
        "has_shares": models.Exists(Share.objects.filter(entry=entry)),
        "has_comments": models.Exists(Comment.objects.filter(entry=entry)),
        "has_peer_confirmations": models.Exists(
            PeerRequest.objects.filter(entry=entry, outcome=PeerRequest.Outcome.CONFIRMED)
        ),
        # Share.review_state() is "changes requested": asked for on a live share (ending a
        # supervision revokes its shares) and neither submitted again nor signed off by that
        # supervisor since.
        "changes_requested": models.Exists(
            Share.objects.filter(
                entry=entry, changes_requested_at__isnull=False, revoked_at__isnull=True
            )
            .filter(
                Q(submitted_at__isnull=True) | Q(submitted_at__lt=models.F("changes_requested_at"))
            )
            .exclude(
                models.Exists(
                    SignOff.objects.filter(
                        entry=models.OuterRef("entry"),
                        supervisor=models.OuterRef("supervision__supervisor"),
                        created_at__gt=models.OuterRef("changes_requested_at"),
                    )
                )
            )
        ),
    }


class Entry(models.Model):
    """A piece of CPD, laid out like Social Work England's online form."""

    class ActivityType(models.TextChoices):
        COURSE = "course", "Course or training"
        READING = "reading", "Reading (articles, books, research)"
        PODCAST = "podcast", "Podcast, video or other media"
        SUPERVISION = "supervision", "Supervision"
        PEER_DISCUSSION = "peer_discussion", "Peer discussion or reflective group"
        SHADOWING = "shadowing", "Shadowing or observation"
        CONFERENCE = "conference", "Conference, seminar or webinar"
        RESEARCH = "research", "Research or study"
        TEACHING = "teaching", "Teaching, mentoring or presenting"
        FEEDBACK = "feedback", "Feedback from people with lived experience"
        OTHER = "other", "Other"

    class ReflectiveModel(models.TextChoices):
        NONE = "", "No model"
        GIBBS = "gibbs", "Gibbs' reflective cycle"
        DRISCOLL = "driscoll", "Driscoll: What? So what? Now what?"
        KOLB = "kolb", "Kolb's learning cycle"
        SCHON = "schon", "Schön: reflection in and on action"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETE = "complete", "Complete"

    # The content, in the regulator's form order: defined once, in journal/content.py.
    CONTENT_FIELDS = FIELD_NAMES

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries"
    )
    activity_type = models.CharField(
        "type of CPD activity", max_length=30, choices=ActivityType, default=ActivityType.READING
    )
    title = models.CharField(max_length=200, blank=True)
    activity_date = models.DateField("date of the activity", default=datetime.date.today)
    description = models.TextField("description and why it is relevant", blank=True)
    learning = models.TextField("what I learnt", blank=True)
    impact = models.TextField("impact on my practice and the people I work with", blank=True)
    peer_name = models.CharField("who I reflected with", max_length=150, blank=True)
    peer_role = models.CharField("their role", max_length=150, blank=True)
    peer_date = models.DateField("date of the discussion", null=True, blank=True)
    peer_learning = models.TextField("what I learnt from the discussion", blank=True)
    notes = models.TextField("reflective notes", blank=True)
    reflective_model = models.CharField(
        max_length=20, choices=ReflectiveModel, default=ReflectiveModel.NONE, blank=True
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    standards = models.ManyToManyField("corpus.Standard", blank=True, related_name="entries")
    statements = models.ManyToManyField("corpus.Statement", blank=True, related_name="entries")
    revision = models.PositiveIntegerField(
        default=1, help_text="Bumped on every save; a stale form cannot overwrite a newer one."
    )
    privacy_acknowledged = models.JSONField(
        default=list, blank=True, help_text="Findings the author confirmed are not identifying."
    )
    # The editor page that started the entry: a second submission (double tap, reload,
    # autosave racing the button) finds the same entry instead of creating another.
    form_key = models.UUIDField(null=True, blank=True, editable=False)
    # The person's own record that they pasted this piece into their Social Work England
    # account, and when. Not content: ticking it changes no version (see services.readiness).
    copied_on = models.DateField("copied to my Social Work England account", null=True, blank=True)
    # Brought in from a previous year's record (a spreadsheet or the regulator's account).
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-activity_date", "-updated_at"]
        verbose_name_plural = "entries"
        indexes = [
            models.Index(fields=["owner", "deleted_at", "activity_date"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["owner", "form_key"], name="entry_unique_form_key"),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return links.url("journal:entry_detail", self.pk)

    @property
    def display_title(self) -> str:
        return self.title or "Untitled draft"

    @property
    def has_peer_reflection(self) -> bool:
        return bool(self.peer_name.strip() and self.peer_learning.strip())

    def may_have(self, flag: str) -> bool:
        """False only when EntryQuerySet.with_review_flags() found none of it (`flag` is one of
        its annotations, e.g. "has_sign_offs"); an entry read without them may have anything."""
        return getattr(self, flag, True)

    def read_if_any(self, flag: str, queryset: models.QuerySet) -> models.QuerySet:
        """`queryset`, or the model's bare none() where may_have(flag) says there is none: a
        prefetch of it then costs no query (and no compiled columns, which even none() has)."""
        return queryset if self.may_have(flag) else queryset.model.objects.none()

    @property
    def is_in_bin(self) -> bool:
        return self.deleted_at is not None

    def missing_for_completion(self, standard_count: int | None = None) -> list[str]:
        """What stops this entry counting as a complete piece of CPD, in plain words."""
        missing = [f.missing for f in ENTRY_FIELDS if f.required and not getattr(self, f.name)]
        if standard_count is None:
            standard_count = getattr(self, "standard_count", None)
        if standard_count is None:
            standard_count = len(self.standards.all()) if self.pk else 0
        if standard_count == 0:
            missing.append(MISSING_STANDARD)
        return missing

    @property
    def is_complete(self) -> bool:
        """Complete means marked complete by its author and nothing the form needs is missing.

        Querysets annotated by `with_completeness()` answer without another query.
        """
        annotated = getattr(self, "counts_complete", None)
        if annotated is not None:
            return annotated
        return self.status == self.Status.COMPLETE and not self.missing_for_completion()

    def review_state(self) -> "ReviewState":
        """Where the entry stands with all its supervisors, the most pressing state first.

        Reads `shares` (with their supervision) and `signoffs`; prefetch them for lists.
        """
        sign_offs = list(self.signoffs.all())
        fingerprint = self.content_fingerprint() if sign_offs else ""
        live = [share for share in self.shares.all() if share.is_live]
        states = [share.review_state(sign_offs, fingerprint) for share in live]
        # A sign-off by someone the entry is no longer shared with still stands on record.
        reviewing = {share.supervision.supervisor_id for share in live}
        others = [s for s in sign_offs if s.supervisor_id not in reviewing]
        latest = latest_sign_off(others)
        if latest is not None:
            states.append(latest.state_for(fingerprint))
        return min(states, key=ReviewState.urgency, default=ReviewState.PRIVATE)

    def live_reviewers(self) -> list["User"]:
        """Supervisors who can read the entry through a live share (prefetch shares for lists)."""
        return [s.supervision.supervisor for s in self.shares.all() if s.is_live]

    def latest_sign_off(self) -> "SignOff | None":
        return latest_sign_off(self.signoffs.all())

    def snapshot(self) -> dict:
        """The entry's content as plain data: what a version stores and a sign-off fingerprints."""
        data = {}
        for name in self.CONTENT_FIELDS:
            value = getattr(self, name)
            data[name] = value.isoformat() if isinstance(value, datetime.date) else value
        data["standards"] = sorted(s.number for s in self.standards.all()) if self.pk else []
        data["statements"] = sorted(s.number for s in self.statements.all()) if self.pk else []
        data["citations"] = [c.quote for c in self.citations.all()] if self.pk else []
        return data

    def content_fingerprint(self) -> str:
        return fingerprint_of(self.snapshot())


def latest_sign_off(sign_offs) -> "SignOff | None":
    """The newest of some sign-offs (ties broken by id), from an already-loaded list."""
    return max(sign_offs, key=lambda s: (s.created_at, s.pk), default=None)


def fingerprint_of(snapshot: dict) -> str:
    """A hash of what others may read: private fields are left out, so a private note never
    makes a signed-off entry look changed (and a supervisor never learns one was edited)."""
    shared = {k: v for k, v in snapshot.items() if k not in PRIVATE_FIELD_NAMES}
    payload = json.dumps(shared, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


class EntryVersionQuerySet(models.QuerySet):
    def next_number(self, entry: "Entry") -> int:
        """The one place version numbers are made: call inside the entry's row lock."""
        return (self.filter(entry=entry).aggregate(n=models.Max("number"))["n"] or 0) + 1


class EntryVersion(models.Model):
    """Every save keeps one of these, so nothing a person wrote is ever lost."""

    class Kind(models.TextChoices):
        AUTOSAVE = "autosave", "Autosaved draft"
        SAVE = "save", "Saved"
        CONFLICT = "conflict", "Kept from a conflicting edit"
        RESTORE = "restore", "Restored"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.SAVE)
    data = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    # Made by the device for one save queued while offline: sent again, it is applied once.
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = EntryVersionQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="version_unique_number"),
            models.UniqueConstraint(
                fields=["entry", "client_key"], name="version_unique_client_key"
            ),
        ]

    def __str__(self):
        return f"{self.entry} v{self.number}"


class Citation(models.Model):
    """A verbatim quote from a passage, kept even if the source is re-imported or corrected.

    Or, as the person's own source, a quote or note from something not in the library (a
    course, a book, a webinar, a web page): no passage, their own title, author, date and link.
    """

    class Kind(models.TextChoices):
        LIBRARY = "library", "From the library"
        OWN = "own", "Your own source"

    class Status(models.TextChoices):
        OK = "ok", "Found in the source"
        MOVED = "moved", "Found again after the source changed"
        MISSING = "missing", "No longer in the source"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="citations")
    passage = models.ForeignKey(
        "corpus.Passage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citations",
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.LIBRARY)
    source_slug = models.SlugField(max_length=100, blank=True)
    anchor = models.SlugField(max_length=120, blank=True)
    url = models.URLField("address", max_length=500, blank=True)
    quote = models.TextField()
    context_before = models.TextField(blank=True)
    context_after = models.TextField(blank=True)
    speaker_name = models.CharField(max_length=200, blank=True)
    source_title = models.CharField(max_length=300)
    episode_title = models.CharField(max_length=300, blank=True)
    source_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.OK)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "position", "pk"]

    def __str__(self):
        return f"{self.source_slug}#{self.anchor}"

    @property
    def is_own(self) -> bool:
        return self.kind == self.Kind.OWN

    @property
    def permalink(self) -> str:
        """The passage's short link, which finds its page whatever page it moves to; an own
        source's link is the address the person gave (or none)."""
        if self.is_own:
            return self.url
        words = self.quote.split()
        # The page highlights the quoted words (a text fragment), whole passage or a part.
        quote = (
            " ".join(words) if len(words) <= 10 else f"{' '.join(words[:5])},{' '.join(words[-5:])}"
        )
        query = urlencode({"source": self.source_slug, "quote": quote})
        return links.url("corpus:passage", self.anchor) + f"?{query}"


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

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="shares")
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

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="comments")
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

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="signoffs")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="signoffs",
    )
    supervisor_name = models.CharField(
        max_length=150, blank=True, help_text="The supervisor's name when they signed off."
    )
    version = models.ForeignKey(EntryVersion, on_delete=models.PROTECT, related_name="signoffs")
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


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", "Created"
        EDITED = "edited", "Edited"
        AUTOSAVED = "autosaved", "Draft autosaved"
        CONFLICT_KEPT = "conflict_kept", "Text from another tab kept"
        DELETED = "deleted", "Moved to the bin"
        RESTORED = "restored", "Restored"
        PURGED = "purged", "Deleted for good from the bin"
        DETAIL_REMOVED = "detail_removed", "Identifying detail removed from history"
        SHARED = "shared", "Shared"
        UNSHARED = "unshared", "Share revoked"
        SUBMITTED = "submitted", "Submitted for review"
        COMMENTED = "commented", "Commented"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        SIGNED_OFF = "signed_off", "Signed off"
        EXPORTED = "exported", "Exported"
        COPIED = "copied", "Ticked as copied to Social Work England"
        UNCOPIED = "uncopied", "Copied tick removed"
        PEER_ASKED = "peer_asked", "Peer asked to confirm"
        PEER_CONFIRMED = "peer_confirmed", "Peer confirmed the discussion"
        PEER_DECLINED = "peer_declined", "Peer declined"
        PEER_REVOKED = "peer_revoked", "Peer link revoked"
        PEER_REFUSED = "peer_refused", "Peer link refused"
        PEER_TAKEN = "peer_taken", "Peer's takeaway added to the entry"

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="audit_events", null=True, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor}"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    # The entry it is about: the recipient's list names it while they may still read it
    # (selectors.attach_entry_titles); an email never does.
    entry = models.ForeignKey(
        Entry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.message


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

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="peer_requests")
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

    def refusal(self, now: datetime.datetime | None = None) -> str:
        """Why the link no longer works ("" while it does): revoked, used or expired."""
        if self.revoked_at is not None:
            return "revoked"
        if self.answered_at is not None:
            return "used"
        if (now or timezone.now()) >= self.expires_at:
            return "expired"
        return ""


class PeerAttempt(models.Model):
    """One submission to a peer page, kept an hour or so for rate limiting across processes."""

    request = models.ForeignKey(
        PeerRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="attempts"
    )
    address_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Peer page attempt at {self.created_at:%Y-%m-%d %H:%M}"


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
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def kept_until(self) -> datetime.date | None:
        """The last day a finished export can be downloaded (journal.export.jobs expires it)."""
        if self.finished_at is None:
            return None
        keep = datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
        return timezone.localdate(self.finished_at + keep)


class QuickNote(models.Model):
    """A minute's capture, on a phone, often offline: the seed of an entry. Always private.

    `client_id` is made by the phone before sending, so a note sent twice (a retry after the
    signal drops) is stored once.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quick_notes"
    )
    client_id = models.UUIDField(editable=False)
    what_i_did = models.TextField("What did you do?", blank=True)
    what_struck_me = models.TextField("What struck you?", blank=True)
    discussed_with = models.CharField(
        "Who you discussed it with (optional)", max_length=150, blank=True
    )
    passage = models.ForeignKey(
        "corpus.Passage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    activity_date = models.DateField(default=datetime.date.today)
    entry = models.ForeignKey(
        Entry, on_delete=models.SET_NULL, null=True, blank=True, related_name="quick_notes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "client_id"], name="note_unique_client_id"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        text = (self.what_i_did or self.what_struck_me or "A note").strip()
        if len(text) <= 80:
            return text
        # Cut at a word, never inside one: the title goes on into entries and exports.
        cut = text[:79].rsplit(" ", 1)[0] if " " in text[:79] else text[:79]
        return cut.rstrip(" ,.;:") + "…"

    @property
    def text(self) -> str:
        return "\n".join(
            t for t in (self.what_i_did, self.what_struck_me, self.discussed_with) if t
        )


class ReminderPreference(models.Model):
    """Opt-in email reminders: nothing is sent until the person chooses it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    renewal = models.BooleanField(
        "Remind me when renewal opens, and 30, 7 and 1 day before the deadline while my year is not ready",
        default=False,
    )
    quarterly = models.BooleanField("Send me a quarterly “your CPD so far” summary", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Reminders for {self.user}"


class ReminderSent(models.Model):
    """One reminder sent: `key` names it ("2026-27:deadline-7"), so it is never sent twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    key = models.CharField(max_length=60)
    address = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="reminder_sent_once"),
        ]

    def __str__(self):
        return f"{self.key} to {self.user}"
