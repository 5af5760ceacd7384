"""When a supervisor leaves: their account is deleted, or either side ends the supervision.

The worker is told (in the app, and by email as every notification is), the supervisor's open
change requests are closed with a note the worker reads, and a Handover keeps what the
supervisor left, so that the worker can invite a new supervisor carrying the history they
choose. Nothing the worker or the supervisor wrote is changed or lost.
"""

from collections import Counter

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from journal import audit, notifications
from journal.entries.models import current_fingerprint
from journal.errors import ReviewError
from journal.models import (
    AuditEvent,
    Comment,
    Entry,
    Handover,
    HandoverWait,
    ReviewState,
    Share,
    SignOff,
    Supervision,
    SupervisionSession,
    User,
)
from journal.review import sharing
from journal.review.queue import waiting_since


def closed_note(name: str) -> str:
    """What the worker reads under a change request whose supervisor left."""
    return f"{name} left before you replied, so this request is closed. Your entry is unchanged."


def _review_states(link: Supervision) -> list[tuple[Share, ReviewState]]:
    """Each live share of the link with its supervisor's review state, the entry's fingerprint
    read in SQL (current_fingerprint), as the queue reads it."""
    shares = (
        link.shares.filter(revoked_at__isnull=True)
        .select_related("entry", "supervision")
        .annotate(entry_fingerprint=current_fingerprint("entry"))
        .prefetch_related(
            Prefetch("entry__signoffs", queryset=SignOff.objects.filter(supervisor=link.supervisor))
        )
    )
    return [
        (share, share.review_state(share.entry.signoffs.all(), share.entry_fingerprint))
        for share in shares
    ]


def _open_change_requests(link: Supervision, states) -> list[Comment]:
    """The supervisor's change requests the worker has not answered by sending the entry back."""
    requests = []
    for share, state in states:
        if state != ReviewState.CHANGES_REQUESTED:
            continue
        asked = share.entry.comments.filter(
            author=link.supervisor, requests_changes=True, parent__isnull=True, closed_at=None
        )
        if share.submitted_at is not None:
            asked = asked.filter(created_at__gt=share.submitted_at)
        requests += list(asked)
    return requests


def supervisor_left(*, link: Supervision, reason: str) -> Handover:
    """Record that `link`'s supervisor left its supervisee, close their open change requests
    and tell the worker (unless the worker ended it themselves).

    Call it inside the transaction that ends the link, before its shares are revoked or the
    supervisor's account is deleted: it reads both.
    """
    supervisor, worker = link.supervisor, link.supervisee
    name = supervisor.get_display_name()
    handover = Handover.objects.create(supervisee=worker, supervisor=supervisor, reason=reason)
    live = link.shares.filter(revoked_at__isnull=True).values("entry")
    handover.shared_entries.set(Entry.objects.filter(pk__in=live, owner=worker))
    handover.sign_offs.set(SignOff.objects.filter(entry__owner=worker, supervisor=supervisor))
    handover.threads.set(
        Comment.objects.filter(entry__owner=worker, author=supervisor, parent__isnull=True)
    )
    handover.sessions.set(SupervisionSession.objects.held().filter(supervision=link))

    states = _review_states(link)
    # What waited for their review waits for a successor too, from the same moment.
    HandoverWait.objects.bulk_create(
        HandoverWait(handover=handover, entry=share.entry, since=waiting_since(share, state))
        for share, state in states
        if state.needs_review and share.entry.owner_id == worker.pk
    )
    now = timezone.now()
    requests = _open_change_requests(link, states)
    for comment in requests:
        comment.closed_at, comment.closed_note = now, closed_note(name)
        comment.save(update_fields=["closed_at", "closed_note"])
        # By the supervisor who left ("A deleted account" once their account has gone).
        audit.record(
            comment.entry,
            supervisor,
            AuditEvent.Action.REQUEST_CLOSED,
            f"{name} left before a reply",
        )
    handover.requests_closed = len(requests)
    handover.save(update_fields=["requests_closed"])
    audit.record(
        None, worker, AuditEvent.Action.SUPERVISOR_LEFT, f"{name} {handover.get_reason_display()}"
    )

    if reason != Handover.Reason.ENDED_BY_WORKER:
        event = (
            "supervisor_left" if reason == Handover.Reason.ACCOUNT_DELETED else "supervision_ended"
        )
        notifications.notify(
            recipient=worker,
            event=event,
            actor=supervisor,
            url=reverse("journal:handover", args=[handover.pk]),
        )
    return handover


@transaction.atomic
def supervisor_leaves_everyone(*, supervisor: User) -> list[Handover]:
    """Before a supervisor's account is deleted: a Handover for each person they supervise."""
    links = Supervision.objects.filter(
        supervisor=supervisor, status=Supervision.Status.ACTIVE
    ).select_related("supervisee", "supervisor")
    return [supervisor_left(link=link, reason=Handover.Reason.ACCOUNT_DELETED) for link in links]


def carry_history(*, link: Supervision) -> int:
    """Once a new supervisor accepts a hand-over invitation (or at once, when they already
    supervise the worker), share the entries the worker chose with them; how many were shared.

    Through the one sharing service, so its rule holds: an entry since moved to the bin or no
    longer complete is skipped, and the hand-over counts it for the worker's page. An entry
    that was waiting for the former supervisor's review waits for the new one, since the same
    moment. Each hand-over is carried once.
    """
    shared = 0
    for handover in Handover.objects.filter(successor=link, carried_at__isnull=True):
        waits = dict(handover.waits.values_list("entry", "since"))
        carried, skipped = 0, Counter()
        for entry in handover.carried_entries.filter(owner=link.supervisee).order_by("pk"):
            try:
                sharing.entry_share(
                    entry=entry,
                    supervision=link,
                    user=link.supervisee,
                    handed_over_from=handover.supervisor_label,
                    waiting_since=waits.get(entry.pk),
                )
            except ReviewError as refused:
                skipped[refused.code] += 1
            else:
                carried += 1
        handover.carried_at = timezone.now()
        handover.entries_carried = carried
        handover.skipped_in_bin = skipped["in_bin"]
        handover.skipped_incomplete = skipped["draft"]
        handover.save(
            update_fields=["carried_at", "entries_carried", "skipped_in_bin", "skipped_incomplete"]
        )
        shared += carried
    return shared


def release(*, link: Supervision) -> None:
    """A hand-over invitation declined or cancelled: the worker may offer the history again."""
    Handover.objects.filter(successor=link).update(successor=None)
