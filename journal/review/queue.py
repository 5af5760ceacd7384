"""The supervisor's review queue: what waits for their review, oldest first, and the rest
they were shared; stepping from one waiting entry to the next; the dashboard's desk.

The queue's one order: people by their longest-waiting entry (then by name), each person's
waiting entries oldest first, so the entry that has waited longest overall is at the top.

Read-only, through journal.policy's live shares.
"""

import datetime
import functools
from dataclasses import dataclass

from django.db.models import Expression, Func, IntegerField, OuterRef, Q, QuerySet, Subquery

from journal import navigation, policy
from journal.entries.models import current_fingerprint
from journal.models import Entry, ReviewState, Share, SignOff, Supervision, User
from journal.review.models import needs_review_condition, review_state_of


@dataclass
class QueuedEntry:
    """What the queue shows of an entry, read as plain values: a full team's queue is hundreds
    of rows, and building a model instance for each cost more than the rest of the page."""

    pk: int
    title: str
    activity_date: datetime.date
    owner_id: int
    owner: User | None = None  # set by whoever has the people at hand (review_queue, the desk)

    display_title = property(Entry.display_title.fget)  # the entry's own rule, on `title`


@dataclass
class QueueItem:
    entry: QueuedEntry
    state: ReviewState
    waiting_since: datetime.datetime


@dataclass
class QueueGroup:
    supervisee: User
    waiting: list[QueueItem]
    other: list[QueueItem]


def waiting_since(share: Share, state: ReviewState):
    """Since when the entry has waited for this supervisor: its last edit when it changed
    since their sign-off, else since it was submitted (or shared)."""
    return _waiting_since(
        state,
        updated_at=share.entry.updated_at,
        submitted_at=share.submitted_at,
        shared_at=share.created_at,
    )


def _waiting_since(state: ReviewState, *, updated_at, submitted_at, shared_at):
    if state.changed_since_sign_off:
        return updated_at
    return submitted_at or shared_at


def queue_items(supervisor: User, *, waiting_only: bool = False) -> list[QueueItem]:
    """Every entry the supervisor may review, as plain rows in two queries (one when there are
    none): ordered by the owner's username, then by share; each item's `entry.owner` is left
    for the caller.
    `waiting_only`: only those waiting for review (state.needs_review), chosen in SQL by its
    twin, needs_review_condition(), in one query.

    A signed-off entry edited since comes back as waiting: this supervisor's latest sign-off no
    longer covers the entry's current fingerprint, read in SQL (current_fingerprint) rather than
    from its tags and quotations. The state is review_state_of(), Share.review_state()'s rule.
    """
    shares = _reviewable_shares(supervisor)
    columns = [
        "entry_id",
        "entry__title",
        "entry__activity_date",
        "entry__owner_id",
        "entry__updated_at",
        "submitted_at",
        "changes_requested_at",
        "created_at",
    ]
    if waiting_only:
        # The rows needs_review_condition() keeps need only when this supervisor last signed
        # off: one they signed off last is one their sign-off no longer covers, or it would
        # not wait. So the time comes with the row, and no sign-off is read on its own.
        latest = (
            SignOff.objects.filter(entry=OuterRef("entry"), supervisor=supervisor)
            .order_by("-created_at", "-pk")  # latest_sign_off()'s order
            .values("created_at")[:1]
        )
        waiting = shares.filter(_waiting_condition()).annotate(signed_off_at=Subquery(latest))
        rows = list(
            waiting.order_by("entry__owner__username", "pk").values_list(*columns, "signed_off_at")
        )
        signed = {row[0]: (row[-1], False) for row in rows if row[-1] is not None}
    else:
        rows = list(shares.order_by("entry__owner__username", "pk").values_list(*columns))
        # Hundreds of entries: Django prepares each id of a list in some thirty calls, so the
        # shares' own query names them, as a subquery, in a few.
        signed = _latest_sign_offs(supervisor, shares.values("entry_id")) if rows else {}
    items = []
    for pk, title, day, owner_id, updated, submitted, requested, shared, *_ in rows:
        signed_off_at, covers = signed.get(pk, (None, False))
        state = review_state_of(
            submitted_at=submitted,
            changes_requested_at=requested,
            signed_off_at=signed_off_at,
            sign_off_covers=covers,
        )
        since = _waiting_since(state, updated_at=updated, submitted_at=submitted, shared_at=shared)
        items.append(QueueItem(QueuedEntry(pk, title, day, owner_id), state, since))
    return items


def _reviewable_shares(supervisor: User) -> QuerySet[Share]:
    """The shares the queue lists: live, of an entry neither in the bin nor a draft."""
    return policy.live_shares(supervisor).filter(
        ~Q(entry__status=Entry.Status.DRAFT), entry__deleted_at__isnull=True
    )


def shared_count(supervisor: User, owner: OuterRef) -> Subquery:
    """How many entries of `owner` (a reference to a user in the outer query) the queue lists
    for `supervisor`, waiting or not, as a subquery: a page that shows only the waiting items
    counts the rest without reading them.

    COUNT as a plain function, not the aggregate Count: with no GROUP BY the subquery has one
    row, nought when nothing is shared, so it needs neither a grouping nor a Coalesce."""
    counted = (
        _reviewable_shares(supervisor)
        .filter(entry__owner=owner)
        .order_by()
        .values(n=Func("pk", function="COUNT", output_field=IntegerField()))
    )
    return Subquery(counted)


@functools.cache
def _waiting_condition() -> Expression:
    """needs_review_condition() over the shares' entries, built once per process as
    review_flag_expressions() are: a query copies the expressions it uses and never changes
    them, and the desk and every review page ask for it."""
    return needs_review_condition(current_fingerprint("entry"))


def _latest_sign_offs(
    supervisor: User, entries: QuerySet
) -> dict[int, tuple[datetime.datetime, bool]]:
    """For each of `entries` (a query of their ids) this supervisor signed off: when they last
    did, and whether that sign-off covers the entry as it is now (SignOff.covers(), of the
    fingerprint in SQL).

    A query of its own over the entries the queue read, not a subquery per share."""
    sign_offs = (
        SignOff.objects.filter(supervisor=supervisor, entry__in=entries)
        .annotate(current=current_fingerprint("entry"))
        .order_by("created_at", "pk")  # latest_sign_off()'s order: the last one read wins
        .values_list("entry_id", "created_at", "fingerprint", "current")
    )
    return {pk: (at, fingerprint == current) for pk, at, fingerprint, current in sign_offs}


def review_queue(*, supervisor: User, waiting_only: bool = False) -> list[QueueGroup]:
    """The supervisor's entries, by supervisee: waiting for review (oldest first), then the rest.
    People with something waiting come first, the longest-waiting first; then the others, by name.
    `waiting_only`: only those waiting, as queue_items() reads them.

    Three queries, whatever the size of the team: the queue's rows, the sign-offs, the people.
    """
    items = queue_items(supervisor, waiting_only=waiting_only)
    # Only their names: the queue, its place on a review page and the team's counts show
    # nothing else of a person, and a whole user cost more to build than the rest.
    people = User.objects.only(*User.NAME_FIELDS).in_bulk({item.entry.owner_id for item in items})
    groups = by_person(items, people).values()
    waiting = sorted(
        (g for g in groups if g.waiting),
        key=lambda g: (
            g.waiting[0].waiting_since,
            g.supervisee.get_display_name().lower(),
            g.supervisee.pk,
        ),
    )
    rest = sorted(
        (g for g in groups if not g.waiting), key=lambda g: g.supervisee.get_display_name().lower()
    )
    return waiting + rest


def by_person(items: list[QueueItem], people: dict[int, User]) -> dict[int, QueueGroup]:
    """queue_items() grouped by their owner, one of `people` (keyed by id): waiting oldest
    first, the rest by activity date, newest first."""
    groups: dict[int, QueueGroup] = {}
    for item in items:
        owner = item.entry.owner = people[item.entry.owner_id]
        group = groups.setdefault(owner.pk, QueueGroup(supervisee=owner, waiting=[], other=[]))
        (group.waiting if item.state.needs_review else group.other).append(item)
    for group in groups.values():
        group.waiting.sort(key=lambda item: item.waiting_since)
        group.other.sort(key=lambda item: item.entry.activity_date, reverse=True)
    return groups


def _waiting(supervisor: User) -> list[QueueItem]:
    """The items waiting, in the queue page's order: its groups in turn, oldest first in each."""
    groups = review_queue(supervisor=supervisor, waiting_only=True)
    return [item for group in groups for item in group.waiting]


def _neighbour(items: list[QueueItem], entry, step: int) -> QueuedEntry | None:
    ids = [item.entry.pk for item in items]
    if entry.pk in ids:
        index = ids.index(entry.pk) + step
        return items[index].entry if 0 <= index < len(items) else None
    same_person = [item for item in items if item.entry.owner_id == entry.owner_id]
    first = next(iter(same_person or items), None)
    return first.entry if first else None


def queue_neighbour(*, supervisor: User, entry: Entry, step: int) -> QueuedEntry | None:
    """The waiting entry after (step=1) or before (step=-1) `entry` in the queue's order.

    From an entry no longer waiting (just signed off, or reached from the other shared
    entries), the first still waiting from the same person, else the first in the queue.
    """
    return _neighbour(_waiting(supervisor), entry, step)


def next_after_sign_off(*, supervisor: User, entry: Entry) -> QueuedEntry | None:
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


@dataclass
class QueuePlace:
    """Where an entry stands among those waiting: the entries either side, and its position
    ("2 of 5 waiting"); `position` is None for an entry that is not waiting."""

    previous: QueuedEntry | None
    next: QueuedEntry | None
    position: int | None
    waiting: int


def queue_place(*, supervisor: User, entry: Entry) -> QueuePlace:
    """Previous and next waiting around `entry`, and its place, reading the queue once: the
    review page shows a link only where there is somewhere to go."""
    items = _waiting(supervisor)
    ids = [item.entry.pk for item in items]
    if entry.pk not in ids:
        return QueuePlace(None, _neighbour(items, entry, 1), None, len(items))
    return QueuePlace(
        _neighbour(items, entry, -1),
        _neighbour(items, entry, 1),
        ids.index(entry.pk) + 1,
        len(items),
    )


@dataclass
class SupervisorDesk:
    """What the dashboard shows of someone's supervising: invitations to answer, and the
    entries waiting for their review, oldest first."""

    invitations: list[Supervision]
    waiting: list[QueueItem]


def supervisor_desk(user: User) -> SupervisorDesk:
    """Nothing to read for someone who supervises nobody and is not invited to (most people:
    journal.navigation knows); for others, their links, and the queue if one is active."""
    user = navigation.for_dashboard(user)
    if not (user.nav_supervises or user.nav_invited):
        return SupervisorDesk(invitations=[], waiting=[])
    links = list(
        Supervision.objects.filter(
            supervisor=user,
            status__in=[Supervision.Status.INVITED, Supervision.Status.ACTIVE],
        ).select_related("supervisee")
    )
    waiting = []
    people = {link.supervisee_id: link.supervisee for link in links if link.is_active}
    if people:
        waiting = queue_items(user, waiting_only=True)
        for item in waiting:
            item.entry.owner = people[item.entry.owner_id]
        # Oldest first; ties as the queue page orders them (by person, then share).
        waiting.sort(
            key=lambda item: (item.waiting_since, item.entry.owner.get_display_name().lower())
        )
    invitations = [link for link in links if link.status == Supervision.Status.INVITED]
    return SupervisorDesk(invitations=invitations, waiting=waiting)
