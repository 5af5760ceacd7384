"""A peer's confirmation as the entry document states it (journal.entries.document), and the
entry as the peer asked to confirm it reads it."""

import datetime
from dataclasses import dataclass, replace

from django.db.models import Prefetch

from journal.entries.document import EntryDocument, content_document
from journal.peer.models import PeerRequest


@dataclass
class PeerConfirmationDoc:
    """A peer's confirmation through a one-time link, as every rendering states it."""

    name: str
    role: str
    date: datetime.date
    kind: str

    @property
    def line(self) -> str:
        return f"Peer discussion confirmed by {self.name}, {self.role}, {self.date:%-d %B %Y}"


def confirmations_prefetch(entry=None) -> Prefetch:
    """What peer_confirmation reads, as `confirmed_peers`. Given one `entry` annotated with
    has_peer_confirmations (journal.peer.models.peer_flags), none is read without a query."""
    confirmed = PeerRequest.objects.filter(outcome=PeerRequest.Outcome.CONFIRMED)
    if entry is not None:
        confirmed = entry.read_if_any("has_peer_confirmations", confirmed)
    return Prefetch("peer_requests", confirmed, to_attr="confirmed_peers")


def peer_confirmation(entry) -> PeerConfirmationDoc | None:
    """The latest confirmation of the entry's peer discussion, if a peer confirmed it."""
    confirmed = getattr(entry, "confirmed_peers", None)
    if confirmed is None:
        confirmed = list(entry.peer_requests.filter(outcome=PeerRequest.Outcome.CONFIRMED))
    latest = max(confirmed, key=lambda r: (r.answered_at, r.pk), default=None)
    if latest is None:
        return None
    return PeerConfirmationDoc(
        name=latest.peer_name,
        role=latest.get_peer_role_display(),
        date=latest.discussion_date,
        kind=latest.get_discussion_kind_display(),
    )


def peer_document(entry) -> EntryDocument:
    """The entry as the peer asked to confirm it reads it: without private parts, the sign-off
    or the evidence files, since the supervisor's name and note and the files (which a peer
    cannot open) are not the peer's to see."""
    return replace(content_document(entry), peer_confirmation=peer_confirmation(entry))
