"""Entries: a piece of CPD laid out like Social Work England's form, its versions and citations.

Kept in one module past 400 lines on purpose: Entry, its queryset, the SQL twin of its
completeness, its fingerprint and the versions and citations the fingerprint covers are one
idea, each read against the others (the audit trail is journal/audit.py).
"""

import datetime
import hashlib
import json
from collections.abc import Mapping
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from cpd import links
from journal import clock
from journal.entries.content import (
    ENTRY_FIELDS,
    FIELD_NAMES,
    HAPPENED_BY,
    MISSING_STANDARD,
    PEER_REFLECTION_NEEDS,
    PRIVATE_FIELD_NAMES,
    Kind,
    model_label,
)


def no_entries_counted(*also: str) -> dict:
    """EntryQuerySet.counted_by_owner()'s row for an owner with no entries among those counted,
    with a nought for each of `also`, the names of its further counts."""
    return {
        "entries": 0,
        "complete": 0,
        "peers": 0,
        "copied": 0,
        "last_activity": None,
    } | dict.fromkeys(also, 0)


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
        for filtering and counting in the database."""
        return self.with_standard_count().annotate(
            counts_complete=models.ExpressionWrapper(
                completeness_condition(Q(standard_count__gt=0)),
                output_field=models.BooleanField(),
            )
        )

    def with_peer_reflection(self):
        """Annotate `counts_peer_reflection`: the SQL twin of Entry.has_peer_reflection (tests
        keep them equal), so a year can be counted without loading its text."""
        return self.annotate(
            counts_peer_reflection=models.ExpressionWrapper(
                peer_reflection_condition(), output_field=models.BooleanField()
            )
        )

    def counted_by_owner(self, **also: Q | models.Expression) -> list[dict]:
        """One row per owner of these entries, counted in the database as requirement_status()
        counts them: `entries`, `complete` (is_complete's twin), `peers` (complete with a peer
        reflection), `copied` (complete and ticked as copied to Social Work England), and
        `last_activity`, the latest change; and for each condition in `also`, how many of
        these entries meet it (a page above counts its own facts in the same query). A team's
        year costs one row a person, not an entry each; the standard is asked with EXISTS, as
        a count would need a GROUP BY per entry."""
        has_standard = models.Exists(
            Entry.standards.through.objects.filter(entry_id=models.OuterRef("pk"))
        )
        # Grouped by, not filtered on by each count: the condition is long, and building it
        # into the SQL once for every count was most of the cost of this query. So each owner
        # has up to two groups, complete and not, added up here.
        complete = models.ExpressionWrapper(
            completeness_condition(has_standard), output_field=models.BooleanField()
        )
        groups = (
            self.order_by()
            .annotate(counts_complete=complete)
            .values("owner_id", "counts_complete")
            .annotate(
                entries=Count("pk"),
                peers=Count("pk", filter=peer_reflection_condition()),
                copied=Count("pk", filter=Q(copied_on__isnull=False)),
                last_activity=models.Max("updated_at"),
                **{name: Count("pk", filter=condition) for name, condition in also.items()},
            )
        )
        owners: dict[int, dict] = {}
        for group in groups:
            owner = group["owner_id"]
            row = owners.setdefault(owner, {"owner_id": owner, **no_entries_counted(*also)})
            row["entries"] += group["entries"]
            for name in also:
                row[name] += group[name]
            if group["counts_complete"]:
                row.update(complete=group["entries"], peers=group["peers"], copied=group["copied"])
            latest = group["last_activity"]
            if row["last_activity"] is None or (latest and latest > row["last_activity"]):
                row["last_activity"] = latest
        return list(owners.values())

    def complete(self):
        return self.with_completeness().filter(counts_complete=True)


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
        MARKED_COMPLETE = "complete", "Complete"

    # The content, in the regulator's form order, and each field's name: defined once, in
    # journal/entries/content.py.
    CONTENT_FIELDS = FIELD_NAMES

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries"
    )
    activity_type = models.CharField(
        model_label("activity_type"),
        max_length=30,
        choices=ActivityType,
        default=ActivityType.READING,
    )
    title = models.CharField(model_label("title"), max_length=200, blank=True)
    activity_date = models.DateField(model_label("activity_date"), default=clock.today)
    description = models.TextField(model_label("description"), blank=True)
    learning = models.TextField(model_label("learning"), blank=True)
    impact = models.TextField(model_label("impact"), blank=True)
    peer_name = models.CharField(model_label("peer_name"), max_length=150, blank=True)
    peer_role = models.CharField(model_label("peer_role"), max_length=150, blank=True)
    peer_date = models.DateField(model_label("peer_date"), null=True, blank=True)
    peer_learning = models.TextField(model_label("peer_learning"), blank=True)
    notes = models.TextField(model_label("notes"), blank=True)
    reflective_model = models.CharField(
        model_label("reflective_model"),
        max_length=20,
        choices=ReflectiveModel,
        default=ReflectiveModel.NONE,
        blank=True,
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
    # Moved here with the person's account from another installation (people.portable).
    account_import = models.ForeignKey(
        "journal.AccountImport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="entries",
    )
    # Whether a supervisor has signed the entry off: set by review as it keeps a sign-off (a
    # sign-off goes only with its entry), so that entry_save learns from the locked row itself
    # whether a sign-off may stand on the text, on every save, without asking review's table.
    ever_signed_off = models.BooleanField(default=False, editable=False)
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
    def activity_type_label(self) -> str:
        """get_activity_type_display(), without building the choices' dictionary for each row
        of a list."""
        try:
            return self.ActivityType(self.activity_type).label
        except ValueError:
            return self.activity_type

    @property
    def has_peer_reflection(self) -> bool:
        """Who and what was learnt, both written (blank space is not writing).

        Querysets annotated by `with_peer_reflection()` answer without reading the text.
        """
        annotated = getattr(self, "counts_peer_reflection", None)
        if annotated is not None:
            return annotated
        return all((getattr(self, name) or "").strip() for name in PEER_REFLECTION_NEEDS)

    def may_have(self, flag: str) -> bool:
        """False only when a flag read with the entry found none of it (`flag` names the
        annotation, e.g. review's "has_sign_offs", journal.review.flags); an entry read without
        it may have anything."""
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
        missing += [
            f"{what} to have happened (it is dated {day:%-d %B %Y})"
            for _, day, what in dates_to_come({name: getattr(self, name) for name in HAPPENED_BY})
        ]
        if standard_count is None:
            standard_count = getattr(self, "standard_count", None)
        if standard_count is None:
            standard_count = len(self.standards.all()) if self.pk else 0
        if standard_count == 0:
            missing.append(MISSING_STANDARD)
        return missing

    @property
    def is_marked_complete(self) -> bool:
        """Its author chose "Save and mark complete" (it may still miss something: is_complete)."""
        return self.status == self.Status.MARKED_COMPLETE

    @property
    def is_complete(self) -> bool:
        """Complete means marked complete by its author, nothing the form needs is missing and
        none of its dates is after today (missing_for_completion() says what is not there yet).

        Querysets annotated by `with_completeness()` answer without another query.
        """
        annotated = getattr(self, "counts_complete", None)
        if annotated is not None:
            return annotated
        return self.is_marked_complete and not self.missing_for_completion()

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


def completeness_condition(has_standard: Q | models.Expression) -> Q:
    """Entry.is_complete in SQL, given the condition that the entry has a standard: marked
    complete, every required field filled, and no date after today (dates_to_come).

    Form fields are stripped on the way in, so an empty string is an unfilled field. A column
    that cannot be NULL is not asked whether it is: each test is one more lookup for Django to
    build into every query that counts completeness (a team's year, a readiness, a coverage).
    """
    filled = Q()
    for spec in ENTRY_FIELDS:
        if spec.required:
            if _nullable(spec.name):
                filled &= Q(**{f"{spec.name}__isnull": False})
            if spec.kind != Kind.DATE:
                filled &= ~Q(**{spec.name: ""})
    today = clock.today()
    for name in HAPPENED_BY:
        passed = Q(**{f"{name}__lte": today})
        filled &= (Q(**{f"{name}__isnull": True}) | passed) if _nullable(name) else passed
    return Q(status=Entry.Status.MARKED_COMPLETE) & filled & has_standard


def _nullable(name: str) -> bool:
    return Entry._meta.get_field(name).null


def peer_reflection_condition() -> Q:
    """Entry.has_peer_reflection in SQL: who and what was learnt, both written."""
    written = Q()
    for name in PEER_REFLECTION_NEEDS:
        # The empty test first: most entries have no peer reflection, and it spares them the
        # pattern (a Python call per row on SQLite). An empty field fails both alike.
        written &= ~Q(**{name: ""}) & ~Q(**{f"{name}__regex": r"^\s*$"})
    return written


def dates_to_come(
    values: Mapping, today: datetime.date | None = None
) -> list[tuple[str, datetime.date, str]]:
    """(field name, date, what happened on it) for each of HAPPENED_BY's dates in `values` (an
    entry's fields or a form's cleaned data) that is after today: a piece is complete only once
    they have passed. The form, imports and Entry.is_complete ask this; with_completeness()
    is its SQL twin."""
    today = today or clock.today()
    return [
        (name, values[name], what)
        for name, what in HAPPENED_BY.items()
        if values.get(name) and values[name] > today
    ]


def fingerprint_of(snapshot: dict) -> str:
    """A hash of what others may read: private fields are left out, so a private note never
    makes a signed-off entry look changed (and a supervisor never learns one was edited)."""
    shared = {k: v for k, v in snapshot.items() if k not in PRIVATE_FIELD_NAMES}
    payload = json.dumps(shared, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def current_fingerprint(entry: str = "pk") -> models.Subquery:
    """The SQL twin of Entry.content_fingerprint() (tests keep them equal): the fingerprint of
    the entry's latest version, since every change to its content writes or extends one (a
    conflict version holds text that lost, not the entry's). `entry` names the entry's key in
    the outer query ("entry" from a share). With SignOff.covers() it says, without reading an
    entry's tags and quotations, whether the entry changed since a sign-off."""
    latest = (
        EntryVersion.objects.filter(entry=models.OuterRef(entry))
        .exclude(kind=EntryVersion.Kind.CONFLICT)
        .order_by("-number")
        .values("fingerprint")[:1]
    )
    return models.Subquery(latest, output_field=models.CharField())


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
    def is_moved(self) -> bool:
        return self.status == self.Status.MOVED

    @property
    def is_missing(self) -> bool:
        return self.status == self.Status.MISSING

    @property
    def address(self) -> str:
        """The passage's short address (/p/<anchor>/), short enough to type from paper; an
        own source's is the address the person gave (or none)."""
        return self.url if self.is_own else links.url("corpus:passage", self.anchor)

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
