"""Choosing entries for an export and producing the file: shared by views, jobs and the command."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch

from journal import policy
from journal.entries.document import document_queryset, entry_document
from journal.exports.bundle import markdown_zip
from journal.exports.bundle_document import bundle_document
from journal.exports.markdown import entry_markdown, owner_front_matter
from journal.exports.pdf import render_pdf
from journal.models import Entry, SessionAction, User
from journal.year.registration import RegistrationYear


@dataclass
class ExportResult:
    content: bytes
    file_name: str
    content_type: str
    count: int


CONTENT_TYPES = {"pdf": "application/pdf", "md": "application/zip"}


def select_entries(*, owner: User, params: dict):
    """Entries for an export; only ever the owner's own, never the bin."""
    entries = policy.entries_owned(owner)
    year = None
    if params.get("year"):
        year = RegistrationYear.ending_in(int(params["year"]))
        entries = entries.between(year.start, year.end)
    if params.get("start"):
        entries = entries.filter(activity_date__gte=datetime.date.fromisoformat(params["start"]))
    if params.get("end"):
        entries = entries.filter(activity_date__lte=datetime.date.fromisoformat(params["end"]))
    if params.get("standard"):
        entries = entries.filter(
            standards__number=params["standard"], standards__framework__is_primary=True
        )
    if params.get("ids"):
        entries = entries.filter(pk__in=params["ids"])
    if params.get("complete_only"):
        entries = entries.complete()
    return document_queryset(entries.order_by("activity_date", "pk").distinct()), year


def select_sessions(*, owner: User, params: dict, year: RegistrationYear | None) -> list:
    """The worker's recorded sessions in the export's dates, with their actions: what the PDF
    shows of them is dates, who attended and actions, never what was discussed."""
    sessions = policy.sessions_visible_to(owner).filter(supervisee=owner)
    if year:
        sessions = sessions.filter(held_on__range=(year.start, year.end))
    if params.get("start"):
        sessions = sessions.filter(held_on__gte=datetime.date.fromisoformat(params["start"]))
    if params.get("end"):
        sessions = sessions.filter(held_on__lte=datetime.date.fromisoformat(params["end"]))
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
    entries, year = select_entries(owner=owner, params=params)
    entries = list(entries)
    bundle = bundle_document(
        owner=owner,
        entries=entries,
        year=year,
        include_private=private,
        include_comments=comments,
    )
    if params.get("sessions") and fmt == "pdf":
        bundle.sessions = select_sessions(owner=owner, params=params, year=year)
    if progress:
        progress(len(entries) // 2, len(entries))
    stem = f"cpd-{year.label.replace('–', '-')}" if year else "cpd-export"
    if fmt == "pdf":
        return ExportResult(render_pdf(bundle), f"{stem}.pdf", CONTENT_TYPES["pdf"], len(entries))
    return ExportResult(markdown_zip(bundle), f"{stem}.zip", CONTENT_TYPES["md"], len(entries))


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
