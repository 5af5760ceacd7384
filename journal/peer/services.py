"""Asking a peer, who needs no account, to confirm a peer discussion through a one-time link.

The token is random (secrets.token_urlsafe) and only its SHA-256 is stored, so the database
never holds a working link. A link works once, for 30 days, until the worker revokes it.
Every step is on the entry's audit trail; a refused attempt changes nothing but that record.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from journal import audit, notifications, policy
from journal.entries.services import EntryChange, SignedOffEntry, entry_save
from journal.errors import ReviewError
from journal.models import AuditEvent, Entry, PeerAttempt, PeerRequest, User

# Submissions allowed per hour: to one link, and from one address to any link.
PER_LINK_PER_HOUR = 10
PER_ADDRESS_PER_HOUR = 20
RATE_WINDOW = datetime.timedelta(hours=1)

REFUSALS = {
    "revoked": "The person who sent this link has withdrawn it.",
    "used": "This link has already been used. Each link can be answered once.",
    "expired": "This link has expired. Links last 30 days.",
    "unknown": "This link is not valid. Check that you copied all of it.",
}


class RateLimited(Exception):
    """Too many submissions to one link or from one address; try again later."""


@dataclass
class PeerAnswer:
    discussion_date: datetime.date
    discussion_kind: str
    peer_name: str
    peer_role: str
    takeaway: str


def peer_link_path(token: str) -> str:
    return reverse("journal:peer_confirm", args=[token])


@transaction.atomic
def peer_request_create(
    *, entry: Entry, user: User, summary: str, show_entry: bool = False, peer_email: str = ""
) -> tuple[PeerRequest, str]:
    """Make a link; the raw token is returned once and never stored."""
    if not policy.is_owner(user, entry):
        raise PermissionDenied("Only the author of an entry can ask a peer to confirm it.")
    if entry.is_in_bin:
        raise ReviewError("Restore the entry from the bin first.", "in_bin")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    peer_request = PeerRequest.objects.create(
        entry=entry,
        summary=summary,
        show_entry=show_entry,
        peer_email=peer_email,
        token_hash=PeerRequest.hash_token(token),
        created_at=now,
        expires_at=now + PeerRequest.LIFETIME,
    )
    detail = f"Link sent to {peer_email}" if peer_email else "Link made to copy"
    if show_entry:
        detail += "; the peer may read the entry"
    audit.record(entry, user, AuditEvent.Action.PEER_ASKED, detail)
    if peer_email:
        context = {
            "actor_name": user.get_display_name(),
            "link": notifications.absolute_url(peer_link_path(token)),
            "expires": peer_request.expires_at,
        }
        transaction.on_commit(
            lambda: notifications.send_email("peer-request", to=peer_email, context=context)
        )
    return peer_request, token


@transaction.atomic
def peer_request_revoke(*, peer_request: PeerRequest, user: User) -> PeerRequest:
    peer_request = (
        PeerRequest.objects.select_for_update().select_related("entry").get(pk=peer_request.pk)
    )
    if not policy.is_owner(user, peer_request.entry):
        raise PermissionDenied("Only the author of an entry can withdraw its peer link.")
    if peer_request.refusal():
        raise ReviewError("This link is no longer open.", "not_open")
    peer_request.revoked_at = timezone.now()
    peer_request.save(update_fields=["revoked_at"])
    audit.record(peer_request.entry, user, AuditEvent.Action.PEER_REVOKED, "Link withdrawn")
    return peer_request


def peer_request_for_token(token: str) -> PeerRequest | None:
    if not token or len(token) > 200:
        return None
    return (
        PeerRequest.objects.select_related("entry", "entry__owner")
        .filter(token_hash=PeerRequest.hash_token(token))
        .first()
    )


def address_hash(address: str) -> str:
    """Addresses are kept only as a keyed hash, and only for rate limiting."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def peer_attempt(*, peer_request: PeerRequest | None, address: str) -> None:
    """Count one submission; RateLimited when the link or the address has had too many."""
    since = timezone.now() - RATE_WINDOW
    hashed = address_hash(address)
    PeerAttempt.objects.filter(created_at__lt=timezone.now() - 24 * RATE_WINDOW).delete()
    by_address = PeerAttempt.objects.filter(address_hash=hashed, created_at__gte=since).count()
    by_link = (
        PeerAttempt.objects.filter(request=peer_request, created_at__gte=since).count()
        if peer_request
        else 0
    )
    PeerAttempt.objects.create(request=peer_request, address_hash=hashed)
    if by_address >= PER_ADDRESS_PER_HOUR or by_link >= PER_LINK_PER_HOUR:
        raise RateLimited


def peer_record_refusal(*, peer_request: PeerRequest, reason: str) -> None:
    """An answer sent to a closed link: on the audit trail, and nothing else changes."""
    audit.record(peer_request.entry, None, AuditEvent.Action.PEER_REFUSED, f"Link {reason}")


def _open_request(peer_request: PeerRequest) -> PeerRequest:
    """Lock the row and re-check it: two tabs answering at once get one answer."""
    locked = PeerRequest.objects.select_for_update().select_related("entry").get(pk=peer_request.pk)
    reason = locked.refusal()
    if reason:
        peer_record_refusal(peer_request=locked, reason=reason)
        raise ReviewError(REFUSALS[reason], reason)
    return locked


@transaction.atomic
def peer_confirm(*, peer_request: PeerRequest, answer: PeerAnswer) -> PeerRequest:
    peer_request = _open_request(peer_request)
    peer_request.outcome = PeerRequest.Outcome.CONFIRMED
    peer_request.answered_at = timezone.now()
    peer_request.discussion_date = answer.discussion_date
    peer_request.discussion_kind = answer.discussion_kind
    peer_request.peer_name = answer.peer_name
    peer_request.peer_role = answer.peer_role
    peer_request.takeaway = answer.takeaway
    peer_request.save()
    audit.record(
        peer_request.entry,
        None,
        AuditEvent.Action.PEER_CONFIRMED,
        f"By {answer.peer_name}, {peer_request.get_peer_role_display()}",
    )
    _fill_peer_reflection(peer_request)
    _tell_owner(peer_request, "confirmed the peer discussion on your entry")
    return peer_request


def _fill_peer_reflection(peer_request: PeerRequest) -> None:
    """A confirmation counts at once: when the entry's peer reflection has no learning yet,
    the peer's takeaway fills it, with their name, role and date where those are empty too,
    as a version the worker can edit or undo.

    Nothing the worker wrote is replaced: with their own learning written, the entry is left
    alone and "Add this takeaway" on the entry page offers it. So is a signed-off entry (the
    peer cannot reopen a sign-off).
    """
    entry = Entry.objects.select_for_update().get(pk=peer_request.entry_id)
    if entry.peer_learning.strip():
        return
    try:
        entry_save(
            user=None,
            entry=entry,
            change=EntryChange(fields=_still_empty(entry, _peer_part(peer_request))),
            expected_revision=entry.revision,
        )
    except SignedOffEntry:
        return
    peer_request.taken_at = peer_request.answered_at
    peer_request.save(update_fields=["taken_at"])
    audit.record(entry, None, AuditEvent.Action.PEER_TAKEN, f"From {peer_request.peer_name}")


def _peer_part(peer_request: PeerRequest) -> dict:
    """The entry's peer reflection as the peer gave it."""
    return {
        "peer_name": peer_request.peer_name,
        "peer_role": peer_request.get_peer_role_display(),
        "peer_date": peer_request.discussion_date,
        "peer_learning": peer_request.takeaway,
    }


def _still_empty(entry: Entry, given: dict) -> dict:
    """The values of `given` whose field on the entry is still empty."""
    return {
        name: value for name, value in given.items() if not str(getattr(entry, name) or "").strip()
    }


@transaction.atomic
def peer_decline(*, peer_request: PeerRequest) -> PeerRequest:
    peer_request = _open_request(peer_request)
    peer_request.outcome = PeerRequest.Outcome.DECLINED
    peer_request.answered_at = timezone.now()
    peer_request.save(update_fields=["outcome", "answered_at"])
    audit.record(peer_request.entry, None, AuditEvent.Action.PEER_DECLINED, "The peer declined")
    _tell_owner(peer_request, "declined to confirm the peer discussion on your entry")
    return peer_request


def _tell_owner(peer_request: PeerRequest, what: str) -> None:
    from journal.models import Notification

    who = peer_request.peer_name or "Your peer"
    Notification.objects.create(
        recipient=peer_request.entry.owner,
        message=f"{who} {what}"[:300],
        url=reverse("journal:entry_detail", args=[peer_request.entry.pk]),
    )


@transaction.atomic
def peer_takeaway_use(*, peer_request: PeerRequest, user: User) -> Entry:
    """Put the peer's takeaway into the entry's peer reflection, through the one save path.

    What the worker already wrote is kept: the takeaway is added after it, and the peer's
    name, role and date fill only the fields still empty.
    """
    peer_request = (
        PeerRequest.objects.select_for_update().select_related("entry").get(pk=peer_request.pk)
    )
    entry = peer_request.entry
    if not policy.is_owner(user, entry):
        raise PermissionDenied("Only the author of an entry can change it.")
    if not peer_request.is_confirmed:
        raise ReviewError("Only a confirmed discussion has a takeaway to use.", "not_confirmed")
    fields = _still_empty(entry, _peer_part(peer_request))
    existing = entry.peer_learning.strip()
    if peer_request.takeaway not in existing:
        fields["peer_learning"] = (
            f"{existing}\n\n{peer_request.takeaway}" if existing else peer_request.takeaway
        )
    if fields:
        entry_save(
            user=user,
            entry=entry,
            change=EntryChange(fields=fields),
            expected_revision=entry.revision,
        )
    peer_request.taken_at = timezone.now()
    peer_request.save(update_fields=["taken_at"])
    audit.record(entry, user, AuditEvent.Action.PEER_TAKEN, f"From {peer_request.peer_name}")
    entry.refresh_from_db()
    return entry
