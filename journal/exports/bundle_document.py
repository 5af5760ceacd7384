"""A CPD record as one document: the owner's entries (a registration year's, or all of them),
with the year's status, readiness and standards coverage, as the exports and the account's data
print it. Each entry in it is journal.review.document's whole EntryDocument."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

from corpus.models import Standard
from journal import clock
from journal.entries.document import EntryDocument
from journal.models import Entry, User
from journal.review.comment_docs import COMMENTS_PREFETCH
from journal.review.document import entry_document
from journal.year.coverage import standards_coverage
from journal.year.readiness import YearReadiness
from journal.year.registration import RegistrationYear, RequirementStatus, requirement_status


@dataclass
class BundleDocument:
    owner_name: str
    registration_number: str
    title: str
    year: RegistrationYear | None
    status: RequirementStatus | None
    coverage: list[tuple[Standard, int]]
    # The year's readiness: what is ready to copy and what was ticked as copied.
    readiness: "YearReadiness | None" = None
    entries: list[EntryDocument] = field(default_factory=list)
    # Supervision sessions, when the worker asks for them (journal.exports.build).
    sessions: list = field(default_factory=list)
    generated_at: datetime.datetime = field(default_factory=datetime.datetime.now)


def year_readiness(owner: User, years: list, *, today: datetime.date) -> dict:
    from journal.year.selectors import year_readiness as select  # selectors read; imports one way

    return select(owner, years, today=today)


def bundle_document(
    *,
    owner: User,
    entries: Iterable[Entry],
    year: RegistrationYear | None,
    include_private: bool = False,
    include_comments: bool = False,
    title: str = "",
) -> BundleDocument:
    entries = list(entries)
    if include_comments:
        prefetch_related_objects(entries, COMMENTS_PREFETCH)
    standards = Standard.objects.primary()
    title = title or (f"CPD record {year.label}" if year else "CPD record")
    return BundleDocument(
        owner_name=owner.get_display_name(),
        registration_number=owner.registration_number,
        title=title,
        year=year,
        status=requirement_status(entries, year) if year else None,
        readiness=(year_readiness(owner, [year], today=clock.today())[year] if year else None),
        coverage=standards_coverage(entries, standards),
        entries=[
            entry_document(
                e,
                include_private=include_private,
                absolute_links=True,
                include_comments=include_comments,
            )
            for e in entries
        ],
    )
