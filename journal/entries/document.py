"""One "entry as document": what every page and export of an entry shows, built once.

The owner's page, the supervisor's page, the regulator-copy view, the PDF and the Markdown all
render an `EntryDocument`, so they never disagree. Its fields come from
journal.entries.content.ENTRY_FIELDS in the regulator's order; private fields are in it only when the
owner is reading, or asked for a personal copy with private notes. A whole record of them is
journal.exports.bundle_document's.

This module builds the entry's own content (content_document); the parts other packages keep
about an entry are theirs to build and add: the peer's confirmation (journal.peer.document), the
evidence files (journal.evidence.document), the sign-off and the comments, and the whole document
that holds them all (journal.review.document, above every package it reads).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Prefetch, QuerySet
from django.utils.text import slugify

from corpus.models import Statement, format_time
from corpus.selectors import passage_starts
from journal.entries.content import (
    CITATIONS,
    ENTRY_FIELDS,
    STANDARDS,
    EntryField,
    Kind,
    citation_part,
)
from journal.entries.markdown import markdown_to_text
from journal.entries.requirement import current_requirement
from journal.models import Citation, Entry


@dataclass
class DocumentField:
    spec: EntryField
    value: object
    # Comment threads beside this field, on pages that show them.
    threads: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def form_label(self) -> str:
        return self.spec.form_label or self.spec.label

    @property
    def is_markdown(self) -> bool:
        return self.spec.markdown

    @property
    def is_date(self) -> bool:
        return self.spec.kind == Kind.DATE

    @property
    def plain(self) -> str:
        """What a reader sees, without Markdown symbols: for pasting into the regulator's form."""
        return markdown_to_text(self.text) if self.spec.markdown else self.text

    @property
    def box_limit(self) -> int | None:
        """The most characters the regulator's form takes in this box (the requirement's data)."""
        return current_requirement().box_limits.get(self.name)

    @property
    def over_limit(self) -> int:
        """Characters to cut before the text fits the regulator's box; 0 when it fits."""
        limit = self.box_limit
        return max(len(self.plain) - limit, 0) if limit else 0

    @property
    def copy_rows(self) -> int:
        """Rows for a copy box that shows the whole text without scrolling, within reason."""
        plain = self.plain
        return min(14, max(2, len(plain) // 70 + plain.count("\n") + 1))

    @property
    def text(self) -> str:
        """The value as text: the owner's own Markdown for text fields, formatted dates."""
        if self.value is None:
            return ""
        if isinstance(self.value, datetime.date):
            return f"{self.value:%-d %B %Y}"
        return str(self.value)


@dataclass
class CitationDoc:
    pk: int
    quote: str
    speaker: str
    source: str
    episode: str
    date: datetime.date | None
    href: str
    status: str
    own: bool = False
    # The short address a reader of paper can type; href may carry the highlighting query.
    address: str = ""
    # Comment threads on this one passage, on pages that show them.
    threads: list = field(default_factory=list)
    # Where a passage of an episode with audio starts ("12:41").
    time: str = ""

    @property
    def source_line(self) -> str:
        parts = [self.speaker, self.episode, self.source]
        line = ", ".join(p for p in parts if p)
        if self.date:
            line += f" ({self.date:%B %Y})"
        if self.time:
            line += f", at {self.time}"
        return line

    @property
    def is_moved(self) -> bool:
        return self.status == Citation.Status.MOVED

    @property
    def is_missing(self) -> bool:
        return self.status == Citation.Status.MISSING

    @property
    def listen_href(self) -> str:
        """The passage's page, its audio cued to the passage's start."""
        return f"{self.href}&listen=1" if self.time else ""


@dataclass
class EntryDocument:
    pk: int
    title: str
    status: str
    is_complete: bool
    fields: list[DocumentField]
    standards: list[tuple[str, str]]
    statements: list[tuple[str, str]]
    citations: list[CitationDoc]
    includes_private: bool
    # Comment threads on the standards and the quotations, on pages that show them.
    part_threads: dict = field(default_factory=dict)
    # The parts the packages above add, each built by the package that keeps it:
    # journal.review.document's SignOffDoc, journal.peer.document's PeerConfirmationDoc,
    # journal.evidence.document's EvidenceDocs, and journal.review.comment_docs' CommentDocs
    # (only in an export whose owner asked for their supervisors' comments).
    sign_off: object | None = None
    peer_confirmation: object | None = None
    evidence: list = field(default_factory=list)
    comments: list = field(default_factory=list)

    @property
    def standards_nested(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """Each standard (number, title) with the statements ticked under it, as the regulator
        numbers them (3.4 is under standard 3); a statement whose standard is not tagged comes
        last, under no standard ("", "")."""
        nested = [
            (number, title, [s for s in self.statements if s[0].split(".")[0] == number])
            for number, title in self.standards
        ]
        placed = {s for _, _, statements in nested for s in statements}
        loose = [s for s in self.statements if s not in placed]
        return [*nested, ("", "", loose)] if loose else nested

    def _value(self, name: str):
        return next((f.value for f in self.fields if f.name == name), None)

    @property
    def activity_type(self) -> str:
        return self._value("activity_type") or ""

    @property
    def activity_date(self) -> datetime.date:
        return self._value("activity_date")

    @property
    def facts(self) -> list[DocumentField]:
        return [
            f for f in self.fields if f.spec.kind in (Kind.CHOICE, Kind.DATE) and not _grouped(f)
        ]

    @property
    def reflection(self) -> list[DocumentField]:
        return [f for f in self.fields if f.spec.kind == Kind.TEXT and not _grouped(f)]

    @property
    def peer(self) -> list[DocumentField]:
        return [f for f in self.fields if f.spec.peer]

    @property
    def has_peer(self) -> bool:
        return any(f.value for f in self.peer)

    @property
    def private(self) -> list[DocumentField]:
        return [f for f in self.fields if f.spec.private and f.value]

    @property
    def regulator_fields(self) -> list[DocumentField]:
        """What the regulator's form asks, in its order; the peer part only if there is one."""
        return [
            f
            for f in self.fields
            if f.spec.form_label and not f.spec.private and (self.has_peer or not f.spec.peer)
        ]

    @property
    def slug(self) -> str:
        return f"{self.activity_date:%Y-%m-%d}-{slugify(self.title)[:60] or 'entry'}-{self.pk}"

    def with_threads(self, threads: dict) -> "EntryDocument":
        """Attach comment threads (field name -> top-level comments) for the review pages."""
        for document_field in self.fields:
            document_field.threads = threads.get(document_field.name, [])
        self.part_threads = {part: threads.get(part, []) for part in (STANDARDS, CITATIONS)}
        for citation in self.citations:
            citation.threads = threads.get(citation_part(citation.pk), [])
        return self


def _grouped(document_field: DocumentField) -> bool:
    return document_field.spec.peer or document_field.spec.private


# Quotations with where their passage starts in its episode's audio, in the same query.
CITATIONS_WITH_TIME = Citation.objects.annotate(passage_start=F("passage__start"))


def content_prefetches() -> list:
    """Everything content_document reads besides the owner, for entries already loaded."""
    return [
        "standards",
        Prefetch("statements", Statement.objects.select_related("standard")),
        Prefetch("citations", CITATIONS_WITH_TIME),
    ]


def content_queryset(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    """Everything content_document reads, in a constant number of queries."""
    return entries.select_related("owner").prefetch_related(*content_prefetches())


def _display(entry: Entry, spec: EntryField):
    display = getattr(entry, f"get_{spec.name}_display", None)
    return display() if display and spec.kind == Kind.CHOICE else getattr(entry, spec.name)


def content_document(
    entry: Entry, *, include_private: bool = False, absolute_links: bool = False
) -> EntryDocument:
    """The entry's own content as a document. `include_private` only for the owner's own eyes;
    `absolute_links` for a copy read away from the site."""
    site = settings.SITE_URL if absolute_links else ""
    fields = [
        DocumentField(spec, _display(entry, spec))
        for spec in ENTRY_FIELDS
        if spec.shown and spec.name != "title" and (include_private or not spec.private)
    ]
    citations = list(entry.citations.all())
    if citations and not hasattr(citations[0], "passage_start"):  # not read with the entry
        starts = passage_starts(c.passage_id for c in citations if c.passage_id)
        for citation in citations:
            citation.passage_start = starts.get(citation.passage_id)
    return EntryDocument(
        pk=entry.pk,
        title=entry.display_title,
        status="Complete" if entry.is_complete else "Draft",
        is_complete=entry.is_complete,
        fields=fields,
        standards=[(s.number, s.title) for s in entry.standards.all()],
        statements=[(s.number, s.summary) for s in entry.statements.all()],
        citations=[
            CitationDoc(
                pk=c.pk,
                quote=c.quote,
                speaker=c.speaker_name,
                source=c.source_title,
                episode=c.episode_title,
                date=c.source_date,
                href=c.permalink if c.is_own else site + c.permalink,
                status=c.status,
                own=c.is_own,
                time="" if c.passage_start is None else format_time(c.passage_start),
                address=c.address if c.is_own else site + c.address,
            )
            for c in citations
        ],
        includes_private=include_private,
    )
