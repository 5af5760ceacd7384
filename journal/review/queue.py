"""The supervisor's review queue: what waits for their review, oldest first, and the rest
they were shared; stepping from one waiting entry to the next; the dashboard's desk.

Read-only, through journal.policy's live shares.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from journal import navigation, policy
from journal.entries.models import current_fingerprint
from journal.models import Entry, ReviewState, Share, SignOff, Supervision, User


@dataclass
class QueueItem:
    share: Share
    state: ReviewState
    waiting_since: object  # datetime

    @property
    def entry(self) -> Entry:
        return self.share.entry


@dataclass
class QueueGroup:
    supervisee: User
    waiting: list[QueueItem]
    other: list[QueueItem]


def waiting_since(share: Share, state: ReviewState):
    """Since when the entry has waited for this supervisor: its last edit when it changed
    since their sign-off, else since it was submitted (or shared)."""
    if state.changed_since_sign_off:
        return share.entry.updated_at
    return share.submitted_at or share.created_at


def review_queue(*, supervisor: User) -> list[QueueGroup]:
    """The supervisor's entries, by supervisee: waiting for review (oldest first), then the rest.

    A signed-off entry edited since comes back as waiting: its sign-off no longer covers the
    entry's current fingerprint, read in SQL (current_fingerprint) rather than from its tags and
    quotations. A constant number of queries.
    """
    shares = list(
        policy.live_shares(supervisor)
        .filter(entry__deleted_at__isnull=True)
        .exclude(entry__status=Entry.Status.DRAFT)
        .select_related("entry", "entry__owner", "supervision")
        .annotate(entry_fingerprint=current_fingerprint("entry"))
        .prefetch_related(
            Prefetch("entry__signoffs", queryset=SignOff.objects.filter(supervisor=supervisor)),
        )
        .order_by("entry__owner__username", "pk")
    )
    groups: dict[int, QueueGroup] = {}
    for share in shares:
        entry = share.entry
        state = share.review_state(entry.signoffs.all(), share.entry_fingerprint)
        item = QueueItem(share=share, state=state, waiting_since=waiting_since(share, state))
        owner = share.entry.owner
        group = groups.setdefault(owner.pk, QueueGroup(supervisee=owner, waiting=[], other=[]))
        (group.waiting if state.needs_review else group.other).append(item)
    for group in groups.values():
        group.waiting.sort(key=lambda item: item.waiting_since)
        group.other.sort(key=lambda item: item.entry.activity_date, reverse=True)
    return sorted(
        groups.values(),
        key=lambda g: (not g.waiting, g.supervisee.get_display_name().lower()),
    )


def _waiting(supervisor: User) -> list[QueueItem]:
    return [item for group in review_queue(supervisor=supervisor) for item in group.waiting]


def _neighbour(items: list[QueueItem], entry: Entry, step: int) -> Entry | None:
    ids = [item.entry.pk for item in items]
    if entry.pk in ids:
        index = ids.index(entry.pk) + step
        return items[index].entry if 0 <= index < len(items) else None
    same_person = [item for item in items if item.entry.owner_id == entry.owner_id]
    first = next(iter(same_person or items), None)
    return first.entry if first else None


def queue_neighbour(*, supervisor: User, entry: Entry, step: int) -> Entry | None:
    """The waiting entry after (step=1) or before (step=-1) `entry` in the queue's order.

    From an entry no longer waiting (just signed off, or reached from the other shared
    entries), the first still waiting from the same person, else the first in the queue.
    """
    return _neighbour(_waiting(supervisor), entry, step)


def next_after_sign_off(*, supervisor: User, entry: Entry) -> Entry | None:
    """The waiting entry to open once `entry` is signed off, read before the sign-off: the one
    its "Next waiting" link pointed to, else (it was the last) the first still waiting.

    Read afterwards, the signed-off entry would have left the queue and the step would restart
    from the person's first waiting entry, sending back to one the supervisor had skipped.
    """
    items = _waiting(supervisor)
    ids = [item.entry.pk for item in items]
    if entry.pk not in ids:
        return _neighbour(items, entry, 1)
    index = ids.index(entry.pk)
    rest = items[index + 1 :] + items[:index]
    return rest[0].entry if rest else None


def queue_neighbours(*, supervisor: User, entry: Entry) -> tuple[Entry | None, Entry | None]:
    """(previous, next) waiting around `entry`, reading the queue once: the review page shows
    a link only where there is somewhere to go."""
    items = _waiting(supervisor)
    if entry.pk not in {item.entry.pk for item in items}:
        return None, _neighbour(items, entry, 1)
    return _neighbour(items, entry, -1), _neighbour(items, entry, 1)


@dataclass
class SupervisorDesk:
    """What the dashboard shows of someone's supervising: invitations to answer, and the
    entries waiting for their review, oldest first."""

    invitations: list[Supervision]
    waiting: list[QueueItem]


def supervisor_desk(user: User) -> SupervisorDesk:
    """Nothing to read for someone who supervises nobody and is not invited to (most people:
    journal.navigation knows); for others, their links, and the queue if one is active."""
    user = navigation.of(user)
    if not (user.nav_supervises or user.nav_invited):
        return SupervisorDesk(invitations=[], waiting=[])
    links = list(
        Supervision.objects.filter(
            supervisor=user,
            status__in=[Supervision.Status.INVITED, Supervision.Status.ACTIVE],
        ).select_related("supervisee")
    )
    waiting = []
    if any(link.status == Supervision.Status.ACTIVE for link in links):
        waiting = sorted(
            (item for group in review_queue(supervisor=user) for item in group.waiting),
            key=lambda item: item.waiting_since,
        )
    invitations = [link for link in links if link.status == Supervision.Status.INVITED]
    return SupervisorDesk(invitations=invitations, waiting=waiting)
