"""One "entry as document" structure feeding the PDF, the Markdown and the regulator-form page.

Fields follow the order of Social Work England's online CPD form, so every export reads the same.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from corpus.models import Standard
from journal.models import Entry, SignOff, User
from journal.registration import (
    RegistrationYear,
    RequirementStatus,
    requirement_status,
    standards_coverage,
)


@dataclass
class CitationDoc:
    quote: str
    speaker: str
    source: str
    episode: str
    date: datetime.date | None
    url: str
    status: str

    @property
    def source_line(self) -> str:
        parts = [self.speaker, self.episode, self.source]
        line = ", ".join(p for p in parts if p)
        if self.date:
            line += f" ({self.date:%B %Y})"
        return line


@dataclass
class SignOffDoc:
    supervisor: str
    signed_at: datetime.datetime
    fingerprint: str
    version: int
    current: bool


@dataclass
class FormField:
    name: str
    label: str
    text: str


@dataclass
class EntryDocument:
    pk: int
    title: str
    activity_type: str
    activity_date: datetime.date
    status: str
    fields: list[FormField]
    peer: dict | None
    notes: str
    standards: list[tuple[str, str]]
    statements: list[str]
    citations: list[CitationDoc]
    sign_off: SignOffDoc | None

    @property
    def slug(self) -> str:
        from django.utils.text import slugify

        return f"{self.activity_date:%Y-%m-%d}-{slugify(self.title)[:60] or 'entry'}-{self.pk}"


# The regulator's form: the type of activity, a description and why it is relevant, the date,
# what was learnt, and the impact on practice and on people; then the peer reflection.
FORM_FIELDS = (
    ("description", "Description of the activity and why it is relevant"),
    ("learning", "What I learnt"),
    ("impact", "The impact on my practice and the people I work with"),
)


def export_queryset(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    return entries.select_related("owner").prefetch_related(
        "standards",
        "statements",
        "citations",
        Prefetch("signoffs", SignOff.objects.select_related("supervisor", "version")),
    )


def entry_document(entry: Entry) -> EntryDocument:
    site = settings.SITE_URL
    latest = entry.signoffs.all()[0] if entry.signoffs.all() else None
    sign_off = None
    if latest is not None:
        sign_off = SignOffDoc(
            supervisor=latest.supervisor_label,
            signed_at=latest.created_at,
            fingerprint=latest.short_fingerprint,
            version=latest.version.number,
            current=latest.fingerprint == entry.content_fingerprint(),
        )
    peer = None
    if entry.peer_name or entry.peer_learning:
        peer = {
            "name": entry.peer_name,
            "role": entry.peer_role,
            "date": entry.peer_date,
            "learning": entry.peer_learning,
        }
    return EntryDocument(
        pk=entry.pk,
        title=entry.title,
        activity_type=entry.get_activity_type_display(),
        activity_date=entry.activity_date,
        status="Complete" if entry.is_complete else "Draft",
        fields=[FormField(name, label, getattr(entry, name)) for name, label in FORM_FIELDS],
        peer=peer,
        notes=entry.notes,
        standards=[(s.number, s.title) for s in entry.standards.all()],
        statements=[s.number for s in entry.statements.all()],
        citations=[
            CitationDoc(
                quote=c.quote,
                speaker=c.speaker_name,
                source=c.source_title,
                episode=c.episode_title,
                date=c.source_date,
                url=site + c.permalink,
                status=c.status,
            )
            for c in entry.citations.all()
        ],
        sign_off=sign_off,
    )


@dataclass
class BundleDocument:
    owner_name: str
    registration_number: str
    title: str
    year: RegistrationYear | None
    status: RequirementStatus | None
    coverage: list[tuple[Standard, int]]
    entries: list[EntryDocument] = field(default_factory=list)
    generated_at: datetime.datetime = field(default_factory=datetime.datetime.now)


def bundle_document(
    *, owner: User, entries: Iterable[Entry], year: RegistrationYear | None
) -> BundleDocument:
    entries = list(entries)
    standards = list(Standard.objects.filter(framework__is_primary=True).order_by("order"))
    title = f"CPD record {year.label}" if year else "CPD record"
    return BundleDocument(
        owner_name=owner.get_display_name(),
        registration_number=owner.registration_number,
        title=title,
        year=year,
        status=requirement_status(entries, year) if year else None,
        coverage=standards_coverage(entries, standards),
        entries=[entry_document(e) for e in entries],
    )
