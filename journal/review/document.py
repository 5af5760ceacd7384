"""The whole entry document: the entry's content (journal.entries.document) with what the
packages above it keep about the entry, the sign-off, the peer's confirmation, the evidence
files and, in an export that asks for them, the supervisors' comments. Built here, the lowest
package that may read all of them; the pages and exports of an entry all render this.
"""

import datetime
from dataclasses import dataclass, replace

from django.db.models import Prefetch, QuerySet

from journal.entries.document import EntryDocument, content_document, content_prefetches
from journal.evidence.document import evidence_docs, evidence_prefetch
from journal.evidence.models import evidence_flags
from journal.models import Entry, SignOff
from journal.peer.document import confirmations_prefetch, peer_confirmation
from journal.peer.models import peer_flags
from journal.review.comment_docs import comment_docs
from journal.review.flags import review_flag_expressions
from journal.review.models import latest_sign_off


@dataclass
class SignOffDoc:
    supervisor: str
    signed_at: datetime.datetime
    fingerprint: str
    version: int
    note: str
    # True while the entry still holds the signed-off content.
    current: bool
    changed_at: datetime.datetime


def sign_off_doc(entry: Entry) -> SignOffDoc | None:
    """The entry's latest sign-off, and whether the entry still holds what it signed."""
    latest = latest_sign_off(entry.signoffs.all())
    if latest is None:
        return None
    return SignOffDoc(
        supervisor=latest.supervisor_label,
        signed_at=latest.created_at,
        fingerprint=latest.short_fingerprint,
        version=latest.version.number,
        note=latest.note,
        current=latest.covers(entry.content_fingerprint()),
        changed_at=entry.updated_at,
    )


# Review's flags only the owner's page of an entry reads: its readiness hints read a change
# request, its sharing rows the shares. A supervisor's page reads neither.
OWNER_ONLY_FLAGS = ("changes_requested", "has_shares")


def document_flags(entry: str = "pk", *, for_owner: bool = True) -> dict:
    """Everything a page about one entry reads with it, in its own query: review's flags
    (journal.review.flags), evidence's and peer's, so that document_prefetches(entry) reads
    only the parts it has. `entry` names the entry's key in the outer query ("entry" from a
    share); `for_owner=False`: for a supervisor's page, without OWNER_ONLY_FLAGS (an entry
    read without a flag may have anything: Entry.may_have)."""
    review = review_flag_expressions(entry)
    if not for_owner:
        review = {name: flag for name, flag in review.items() if name not in OWNER_ONLY_FLAGS}
    return {**review, **evidence_flags(entry), **peer_flags(entry)}


def document_prefetches(entry: Entry | None = None) -> list:
    """Everything entry_document reads besides the owner, for entries already loaded.

    Given one `entry` annotated with document_flags(), what it has none of is set empty
    without a query.
    """
    sign_offs = SignOff.objects.select_related("supervisor", "version")
    if entry is not None:
        sign_offs = entry.read_if_any("has_sign_offs", sign_offs)
    return [
        *content_prefetches(),
        Prefetch("signoffs", sign_offs),
        confirmations_prefetch(entry),
        evidence_prefetch(entry),
    ]


def document_queryset(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    """Everything entry_document reads, in a constant number of queries."""
    return entries.select_related("owner").prefetch_related(*document_prefetches())


def entry_document(
    entry: Entry,
    *,
    include_private: bool = False,
    absolute_links: bool = False,
    include_comments: bool = False,
) -> EntryDocument:
    """The entry as a document. `include_private` only for the owner's own eyes;
    `include_comments` for an export whose owner chose to print their supervisors' comments."""
    return replace(
        content_document(entry, include_private=include_private, absolute_links=absolute_links),
        sign_off=sign_off_doc(entry),
        peer_confirmation=peer_confirmation(entry),
        evidence=evidence_docs(entry),
        comments=comment_docs(entry) if include_comments else [],
    )
