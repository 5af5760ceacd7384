"""The corpus: sources, their passages, and the frameworks passages are linked to.

One Django app's models stay in one module: sources, passages and standards refer to each other,
and a reader finds the whole schema in one place (the reading and linking live elsewhere).
"""

import datetime
import hashlib
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVectorField
from django.core.cache import caches
from django.db import connection, models
from django.db.models import Case, Count, Max, Min, Prefetch, Q, When
from django.db.models.functions import Length

from corpus.library import library_version
from cpd import links


def normalise_text(text: str) -> str:
    """The form of a passage used for fingerprints: case, spacing and quotes do not matter."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode()).hexdigest()


class Source(models.Model):
    class Kind(models.TextChoices):
        PODCAST = "podcast", "Podcast transcript"
        ARTICLE = "article", "Article"
        REPORT = "report", "Report"

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind)
    series = models.CharField(max_length=200, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    licence = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    importer = models.CharField(max_length=50, help_text="The importer format that reads the file.")
    file_name = models.CharField(max_length=200)
    checksum = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the file and sidecar last imported."
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    linked_with = models.CharField(
        max_length=64,
        blank=True,
        help_text="The linker and vocabulary the links were computed with (linking.linker_stamp).",
    )

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return links.url("corpus:source_detail", self.slug)


class Feed(models.Model):
    """A podcast feed a source is imported from, and what is needed to ask it again cheaply."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="feed")
    url = models.URLField(max_length=1000, unique=True)
    limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="Import only this many of the newest episodes."
    )
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    refreshed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a fetch of the feed last changed anything."
    )
    error = models.TextField(blank=True, help_text="Why the last refresh failed, if it did.")

    class Meta:
        ordering = ["url"]

    def __str__(self):
        return self.url


def format_time(seconds: float) -> str:
    """A moment in an episode as people write it: "12:41", or "1:02:03" past the hour."""
    minutes, second = divmod(int(seconds), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02}:{second:02}" if hours else f"{minute}:{second:02}"


_HOST_RE = re.compile(r"[a-z0-9.-]+")


def url_origin(url: str) -> str:
    """scheme://host[:port] of an http(s) address, or "" for anything else. It goes into the
    content security policy, so the host is letters, digits, dots and hyphens, nothing more."""
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not _HOST_RE.fullmatch(parts.hostname or ""):
        return ""
    return f"{parts.scheme}://{parts.hostname}{f':{port}' if port else ''}"


class Episode(models.Model):
    """One episode of a multi-episode source; single documents have none."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="episodes")
    number = models.PositiveIntegerField()
    slug = models.SlugField(max_length=150)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    published = models.DateField(null=True, blank=True)
    # From a podcast feed: the publisher's identifier, the audio it streams, and what became
    # of the episode since it was first imported (marked, never silently dropped).
    guid = models.CharField(max_length=500, blank=True)
    audio_url = models.URLField(max_length=1000, blank=True)
    transcript_checksum = models.CharField(max_length=64, blank=True)
    changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the publisher last corrected the transcript."
    )
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="When the episode left the feed; its passages stay."
    )

    class Meta:
        ordering = ["source", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source", "slug"], name="episode_unique_slug"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return links.url("corpus:episode_detail", self.source.slug, self.slug)


class Speaker(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=200)
    initials = models.CharField(max_length=20, blank=True)
    role = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "name"], name="speaker_unique_name"),
        ]

    def __str__(self):
        return self.name


# A reading page (an episode, or a document without episodes) shows this many passages at most:
# the longest episode (108 passages) is three pages, each well within the page budget
# (bench/bench_page_budget.py: 5x the login page's time, 150 KB).
PASSAGES_PER_PAGE = 40

# A reflection prompt is a paragraph long enough to say something, one of the best few.
PROMPT_MIN_CHARS = 200
PROMPT_CHOICES = 7
PROMPT_CACHE_SECONDS = 24 * 60 * 60


class PassageQuerySet(models.QuerySet):
    def with_display(self):
        """With what a passage is shown with; without its full-text vector, the search
        index's alone and as long as the text (a quarter of a results page's query)."""
        return self.select_related("source", "episode", "speaker").defer("search_vector")

    def reflection_prompt(self, standard, *, day: datetime.date):
        """A passage worth reflecting on for `standard`, or None.

        Substantial paragraphs with the strongest links come first (an editor's, then the
        passage naming the standard, then the episode's theme, then suggestions by score);
        the choice among the best few changes daily so the dashboard does not repeat itself.
        Ranking reads every link of the standard, slow in a large library, so the choices are
        cached for the day until a link of the standard is added, removed or reviewed: on
        PostgreSQL, until the library changes at all (library_version(), one row to read
        rather than the standard's links to count).
        """
        if connection.vendor == "postgresql":
            changed = library_version()
        else:
            stamp = PassageLink.objects.filter(standard=standard).aggregate(
                count=Count("pk"), newest=Max("pk"), reviewed=Max("reviewed_at")
            )
            reviewed = stamp["reviewed"].timestamp() if stamp["reviewed"] else ""
            changed = f"{stamp['count']}:{stamp['newest']}:{reviewed}"
        key = f"corpus:prompt:{standard.pk}:{day}:{changed}"
        candidates = caches["local"].get(key)
        if candidates is None:
            candidates = self._prompt_candidates(standard)
            caches["local"].set(key, candidates, PROMPT_CACHE_SECONDS)
        if not candidates:
            return None
        chosen = candidates[day.toordinal() % len(candidates)]
        return self.with_display().filter(pk=chosen).first()

    def _prompt_candidates(self, standard) -> list[int]:
        ranked = (
            PassageLink.objects.active()
            .filter(
                standard=standard,
                passage__in=self.filter(kind__in=[Passage.Kind.PARAGRAPH, Passage.Kind.QUOTE]),
            )
            .annotate(length=Length("passage__text"))
            .filter(length__gte=PROMPT_MIN_CHARS)
            .strongest_first()
            .values_list("passage_id", flat=True)
        )
        return list(dict.fromkeys(ranked[: PROMPT_CHOICES * 3]))[:PROMPT_CHOICES]


class Passage(models.Model):
    """A citable unit of a source: a paragraph, a heading, a list item or a speaker's turn.

    The anchor is derived from the source and the text's fingerprint, so it survives a
    re-import that only moves the passage; the row id is never shown to people.
    """

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", "Paragraph"
        HEADING = "heading", "Heading"
        LIST_ITEM = "list_item", "List item"
        QUOTE = "quote", "Quotation"
        COMMENT = "comment", "Reader comment"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passages")
    episode = models.ForeignKey(
        Episode, on_delete=models.CASCADE, related_name="passages", null=True, blank=True
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.SET_NULL, related_name="passages", null=True, blank=True
    )
    position = models.PositiveIntegerField(help_text="Order within the source, from 1.")
    anchor = models.SlugField(max_length=120)
    fingerprint = models.CharField(max_length=64)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PARAGRAPH)
    text = models.TextField()
    line = models.PositiveIntegerField(
        default=0, help_text="Line in the source file, for provenance."
    )
    start = models.FloatField(null=True, blank=True, help_text="Seconds into the episode's audio.")
    end = models.FloatField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PassageQuerySet.as_manager()

    class Meta:
        ordering = ["source", "position"]
        constraints = [
            models.UniqueConstraint(fields=["source", "anchor"], name="passage_unique_anchor"),
        ]
        indexes = [
            models.Index(fields=["source", "position"]),
            # A reading page: one episode's (or a document's) passages, counted and in order.
            models.Index(fields=["source", "episode", "position"], name="passage_reading_order"),
        ]

    def __str__(self):
        return f"{self.source.slug}#{self.anchor}"

    def get_absolute_url(self):
        """The short permalink, which redirects to wherever the passage is shown today."""
        return self.permalink

    @property
    def permalink(self) -> str:
        return links.url("corpus:passage", self.anchor)

    @property
    def permalink_id(self):
        return f"p-{self.anchor}"

    @property
    def time_label(self) -> str:
        return "" if self.start is None else format_time(self.start)

    def page_number(self) -> int:
        """Which page of its episode (or of its source) holds the passage, from 1."""
        span = reading_span(self.source, self.episode_id)
        if span.contiguous:
            before = self.position - span.first
        else:
            holder = Passage.objects.filter(source_id=self.source_id, episode_id=self.episode_id)
            before = holder.filter(position__lt=self.position).count()
        return before // PASSAGES_PER_PAGE + 1

    def location_url(self, *, listen: bool = False) -> str:
        """The page that holds the passage today, with its #p- fragment (one query); with
        `listen`, the page cues its audio to the passage's start."""
        if self.episode_id:
            url = links.url("corpus:episode_detail", self.source.slug, self.episode.slug)
        else:
            url = links.url("corpus:source_detail", self.source.slug)
        page = self.page_number()
        params = {"page": page} if page > 1 else {}
        if listen and self.start is not None:
            params["listen"] = 1
        query = urllib.parse.urlencode(params)
        return f"{url}{f'?{query}' if query else ''}#{self.permalink_id}"


@dataclass(frozen=True)
class ReadingSpan:
    """The passages one reading page sequence holds: an episode's, or a document's own."""

    count: int
    first: int
    last: int

    @property
    def contiguous(self) -> bool:
        """Positions run without gaps, so page n starts at first + (n - 1) * page size."""
        return self.count > 0 and self.last - self.first + 1 == self.count


SPAN_CACHE_SECONDS = 300


def reading_span(source: Source, episode_id: int | None) -> ReadingSpan:
    """Count and first and last position of a reading sequence, cached per import.

    A 37,000-passage document costs a full index scan to count, and paging by OFFSET walks
    the index too; with the span, a page is a range of positions instead.
    """
    stamp = source.imported_at.timestamp() if source.imported_at else ""
    key = f"corpus:span:{source.pk}:{episode_id}:{source.checksum}:{stamp}"
    span = caches["local"].get(key)
    if span is None:
        row = Passage.objects.filter(source=source, episode_id=episode_id).aggregate(
            count=Count("pk"), first=Min("position"), last=Max("position")
        )
        span = ReadingSpan(row["count"], row["first"] or 0, row["last"] or 0)
        caches["local"].set(key, span, SPAN_CACHE_SECONDS)
    return span


class Framework(models.Model):
    """A set of professional standards: Social Work England's, later PCF, KSS or the SSSC codes."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    version = models.CharField(max_length=50, blank=True)
    is_primary = models.BooleanField(
        default=False, help_text="The framework CPD entries are tagged against by default."
    )

    class Meta:
        ordering = ["-is_primary", "name"]

    def __str__(self):
        return self.name


class StandardManager(models.Manager):
    _primary: tuple["Standard", ...] | None = None

    def primary(self) -> tuple["Standard", ...]:
        """The primary framework's standards in order, each with its statements in order as
        `statement_list` (and each statement's `standard` set).

        Reference data that every editor page reads, and that changes only with a release (a
        data migration, or `import_standards`): read once per process, as Django keeps content
        types and the current site, and forgotten whenever a framework, standard or statement
        is saved or deleted in this process (CorpusConfig.ready). Another process keeps its
        copy until it restarts, as a release does. Shared by every request: read-only.
        """
        primary = StandardManager._primary
        if primary is None:
            statements = Prefetch(
                "statements", Statement.objects.order_by("order"), to_attr="statement_list"
            )
            primary = tuple(
                self.filter(framework__is_primary=True)
                .order_by("order")
                .prefetch_related(statements)
            )
            StandardManager._primary = primary
        return primary

    @staticmethod
    def forget_primary() -> None:
        StandardManager._primary = None


class Standard(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="standards")
    number = models.CharField(max_length=10)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    keywords = models.JSONField(
        default=list, blank=True, help_text="Curated vocabulary for the suggestion ranker."
    )
    order = models.PositiveIntegerField(default=0)

    objects = StandardManager()

    class Meta:
        # By the framework's id, not its own ordering: no join to framework in every list.
        ordering = ["framework_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="standard_unique_number"),
        ]

    def __str__(self):
        return f"Standard {self.number}: {self.title}"

    def get_absolute_url(self):
        return self.url

    @property
    def url(self) -> str:
        return links.url("corpus:standard_detail", self.number)


class Statement(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="statements")
    number = models.CharField(max_length=10)
    summary = models.TextField()
    keywords = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["standard", "order"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="statement_unique_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.summary}"


class PassageLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=PassageLink.Status.ACTIVE)

    def strongest_first(self):
        """An editor's links, then passages naming the standard, then the episode's theme,
        then suggestions by score; ties in reading order."""
        Kind = PassageLink.Kind
        strength = Case(
            When(kind=Kind.CURATED, then=0),
            When(kind=Kind.EXPLICIT, then=1),
            When(kind=Kind.EPISODE, then=2),
            default=3,
        )
        return self.annotate(strength=strength).order_by(
            "strength", "-score", "passage__source_id", "passage__position", "pk"
        )


class PassageLink(models.Model):
    """Why a passage is linked to a standard, and how sure we are.

    An editor's decision (confirmed or rejected) is kept across re-imports: the linker
    never overwrites a reviewed link, and a rejected link is never shown.
    """

    class Kind(models.TextChoices):
        EXPLICIT = "explicit", "Named in the passage"
        EPISODE = "episode", "The episode is about it"
        SUGGESTED = "suggested", "Suggested from the text"
        CURATED = "curated", "Added by an editor"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PENDING = "pending", "Awaiting review"
        REJECTED = "rejected", "Rejected"

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="links")
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="links")
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="links", null=True, blank=True
    )
    kind = models.CharField(max_length=20, choices=Kind)
    status = models.CharField(max_length=20, choices=Status, default=Status.ACTIVE)
    score = models.FloatField(default=1.0)
    reason = models.TextField(blank=True)
    reviewed_by = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = PassageLinkQuerySet.as_manager()

    class Meta:
        ordering = ["standard__order", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["passage", "standard", "statement"],
                condition=Q(statement__isnull=False),
                name="link_unique_statement",
            ),
            models.UniqueConstraint(
                fields=["passage", "standard"],
                condition=Q(statement__isnull=True),
                name="link_unique_standard",
            ),
        ]

    def __str__(self):
        target = self.statement.number if self.statement_id else self.standard.number
        return f"{self.passage} -> {target} ({self.kind})"

    @property
    def is_reviewed(self):
        return self.reviewed_at is not None
