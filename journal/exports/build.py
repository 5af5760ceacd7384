"""Choosing entries for an export and producing the file: shared by views, jobs and the command."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from journal import policy
from journal.exports.bundle import markdown_zip
from journal.exports.bundle_document import bundle_document
from journal.exports.markdown import entry_markdown, owner_front_matter
from journal.exports.pdf import render_pdf
from journal.exports.period import Period
from journal.models import Entry, SessionAction, User
from journal.review.document import document_queryset, entry_document
from journal.year.registration import RegistrationYear, default_year


def year_to_open(owner: User, today: datetime.date) -> RegistrationYear:
    """The year the export page opens on: default_year() (in December, the year just closed,
    for the record kept for renewal) when `owner` has entries in it; else the running year,
    so someone who began this December is not offered an empty export first."""
    year, current = default_year(today), RegistrationYear.current(today)
    if year != current and not policy.entries_owned(owner).between(year.start, year.end).exists():
        return current
    return year


@dataclass
class ExportResult:
    content: bytes
    file_name: str
    content_type: str
    count: int


CONTENT_TYPES = {"pdf": "application/pdf", "md": "application/zip"}


def select_entries(*, owner: User, params: dict) -> tuple[QuerySet[Entry], Period]:
    """Entries for an export, in its period; only ever the owner's own, never the bin."""
    period = Period.from_params(params)
    entries = period.filter(policy.entries_owned(owner), "activity_date")
    if params.get("standard"):
        entries = entries.filter(
            standards__number=params["standard"], standards__framework__is_primary=True
        )
    if params.get("ids"):
        entries = entries.filter(pk__in=params["ids"])
    if params.get("complete_only"):
        entries = entries.complete()
    return document_queryset(entries.order_by("activity_date", "pk").distinct()), period


def select_sessions(*, owner: User, period: Period) -> list:
    """The worker's recorded sessions in the export's period, with their actions: what the PDF
    shows of them is dates, who attended and actions, never what was discussed."""
    sessions = period.filter(policy.sessions_visible_to(owner).filter(supervisee=owner), "held_on")
    actions = SessionAction.objects.select_related(
        "session__supervisee", "session__supervisor", "done_in"
    )
    return list(
        sessions.select_related("supervisee", "supervisor")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("held_on", "pk")
    )


def export_for_params(
    *, owner: User, fmt: str, params: dict, progress: Callable[[int, int], None] | None = None
) -> ExportResult:
    """The file for an export's params: one entry's own file when they name an `entry`, else
    a bundle of the entries they choose."""
    private, comments = bool(params.get("private")), bool(params.get("comments"))
    if params.get("entry"):
        entry = policy.entries_owned(owner).get(pk=params["entry"])
        return export_entry(entry, fmt, include_private=private, include_comments=comments)
    entries, period = select_entries(owner=owner, params=params)
    entries = list(entries)
    bundle = bundle_document(
        owner=owner,
        entries=entries,
        year=period.year,
        title=period.title,
        include_private=private,
        include_comments=comments,
    )
    if params.get("sessions") and fmt == "pdf":
        bundle.sessions = select_sessions(owner=owner, period=period)
    if progress:
        progress(len(entries) // 2, len(entries))
    name = f"{period.stem}.{'pdf' if fmt == 'pdf' else 'zip'}"
    content = render_pdf(bundle) if fmt == "pdf" else markdown_zip(bundle)
    return ExportResult(content, name, CONTENT_TYPES[fmt], len(entries))


def export_entry(
    entry: Entry, fmt: str, *, include_private: bool = False, include_comments: bool = False
) -> ExportResult:
    """One entry; `include_private` adds private notes for the owner's personal copy,
    `include_comments` the supervisors' comments, when the owner chooses them."""
    entry = document_queryset(Entry.objects.filter(pk=entry.pk)).get()
    doc = entry_document(
        entry,
        include_private=include_private,
        absolute_links=True,
        include_comments=include_comments,
    )
    if fmt == "pdf":
        bundle = bundle_document(
            owner=entry.owner,
            entries=[entry],
            year=None,
            include_private=include_private,
            include_comments=include_comments,
        )
        return ExportResult(
            render_pdf(bundle, cover=False), f"{doc.slug}.pdf", "application/pdf", 1
        )
    return ExportResult(
        entry_markdown(doc, owner=owner_front_matter(entry.owner.registration_number)).encode(),
        f"{doc.slug}.md",
        "text/markdown; charset=utf-8",
        1,
    )
