"""Read-only queries of supervision and review: links, comment threads, review states,
the queue, the supervisor's desk, sharing rows and what changed since a review.

Services write; selectors read. Every selector goes through journal.policy for what a person
may see.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects

from journal import navigation, policy
from journal.entries.content import PRIVATE_FIELD_NAMES, WHOLE_ENTRY, comment_targets, part_label
from journal.entries.diff import FieldChange, snapshot_changes
from journal.entries.models import current_fingerprint
from journal.models import (
    Comment,
    Entry,
    ReviewState,
    SessionAction,
    Share,
    SignOff,
    Supervision,
    SupervisionSession,
    User,
)
from journal.review.models import latest_sign_off


@dataclass
class SupervisionLinks:
    """One person's links, grouped the way the supervision page shows them."""

    invitations_received: list[Supervision]
    invitations_sent: list[Supervision]
    supervisors: list[Supervision]
    supervisees: list[Supervision]


def supervision_links(user: User) -> SupervisionLinks:
    links = list(
        policy.supervisions_of(user)
        .filter(status__in=[Supervision.Status.INVITED, Supervision.Status.ACTIVE])
        .select_related("supervisee", "supervisor")
    )
    invited, active = Supervision.Status.INVITED, Supervision.Status.ACTIVE
    return SupervisionLinks(
        invitations_received=[
            s for s in links if s.supervisor_id == user.pk and s.status == invited
        ],
        invitations_sent=[s for s in links if s.supervisee_id == user.pk and s.status == invited],
        supervisors=[s for s in links if s.supervisee_id == user.pk and s.status == active],
        supervisees=[s for s in links if s.supervisor_id == user.pk and s.status == active],
    )


def active_supervisions_for_sharing(owner: User) -> QuerySet[Supervision]:
    return Supervision.objects.filter(
        supervisee=owner, status=Supervision.Status.ACTIVE, supervisor__isnull=False
    ).select_related("supervisor")


def comment_threads(
    *, entry: Entry, user: User, reviewing: bool | None = None
) -> dict[str, list[Comment]]:
    """Top-level comments the user may see, keyed by field name ("entry" for the whole entry).

    Each comment carries `thread_replies`. One query, whatever the number of comments;
    `reviewing` as policy.comments_visible_to takes it.
    """
    threads: dict[str, list[Comment]] = {}
    replies: dict[int, list[Comment]] = {}
    if not entry.may_have("has_comments"):
        return threads
    comments = list(policy.comments_visible_to(user, entry, reviewing=reviewing))
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    owner = policy.is_owner(user, entry)
    for comment in comments:
        if comment.parent_id is None:
            comment.thread_replies = replies.get(comment.pk, [])
            comment.read_only = comment.closed_at is not None or (
                not owner and comment.author_id != user.pk
            )
            threads.setdefault(comment.field or WHOLE_ENTRY, []).append(comment)
    return threads


def shares_prefetch(prefix: str = "", *, entry: Entry | None = None) -> Prefetch:
    """An entry's shares with their supervision, in one query; for one `entry` annotated by
    EntryQuerySet.with_review_flags() and never shared, none, without a query."""
    shares = Share.objects.select_related("supervision")
    if entry is not None:
        shares = entry.read_if_any("has_shares", shares)
    return Prefetch(f"{prefix}shares", queryset=shares)


def review_prefetches(prefix: str = "") -> list:
    """What Entry.review_state() reads besides the fingerprint (see attach_review_states)."""
    return [
        shares_prefetch(prefix),
        Prefetch(f"{prefix}signoffs", queryset=SignOff.objects.select_related("supervisor")),
    ]


# What attach_review_states reads of EntryQuerySet.with_review_flags(), for a list to carry.
LIST_REVIEW_FLAGS = ("has_shares", "has_sign_offs")


def attach_review_states(entries: Iterable[Entry]) -> None:
    """Set `entry.state` (Entry.review_state()) on each of a list of entries, in a few queries.

    An entry never shared and never signed off is private without reading anything more, so a
    year of five hundred drafts costs one query; for the others the shares and sign-offs are
    prefetched, and the fingerprint's parts (tags, statements, quotations) only for entries
    with a sign-off, the one state that compares content.
    """
    entries = list(entries)
    if all(hasattr(e, flag) for e in entries for flag in LIST_REVIEW_FLAGS):
        seen = {e.pk for e in entries if e.has_shares or e.has_sign_offs}
    else:
        ids = [e.pk for e in entries]
        shared = Share.objects.filter(entry__in=ids).order_by().values_list("entry_id")
        signed = SignOff.objects.filter(entry__in=ids).order_by().values_list("entry_id")
        seen = {pk for (pk,) in shared.union(signed)}
    involved = [e for e in entries if e.pk in seen]
    prefetch_related_objects(involved, *review_prefetches())
    signed = [e for e in involved if e.signoffs.all()]
    prefetch_related_objects(signed, "standards", "statements", "citations")
    for entry in entries:
        entry.state = entry.review_state() if entry.pk in seen else ReviewState.PRIVATE


def fields_changed_since(sign_off: SignOff, entry: Entry) -> list[str]:
    """Labels of the shared parts of the entry that differ from the signed-off version."""
    before, after = sign_off.version.data, entry.snapshot()
    return [
        part_label(name)
        for name in after
        if name not in PRIVATE_FIELD_NAMES and before.get(name) != after.get(name)
    ]


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


def queue_neighbours(*, supervisor: User, entry: Entry) -> tuple[Entry | None, Entry | None]:
    """(previous, next) waiting around `entry`, reading the queue once: the review page shows
    a link only where there is somewhere to go."""
    items = _waiting(supervisor)
    if entry.pk not in {item.entry.pk for item in items}:
        return None, _neighbour(items, entry, 1)
    return _neighbour(items, entry, -1), _neighbour(items, entry, 1)


@dataclass(frozen=True)
class Withdrawal:
    """Why a supervisor can no longer read an entry, without a word of its content."""

    headline: str
    detail: str


def withdrawal(share: Share) -> Withdrawal:
    """What happened to an entry once shared with this supervisor: the supervision ended, the
    owner moved it to the bin or back to a draft, or stopped sharing it."""
    entry, name = share.entry, share.entry.owner.get_display_name()
    if not share.supervision.is_active:
        on = f" on {share.revoked_at:%-d %B %Y}" if share.revoked_at else ""
        return Withdrawal(
            f"Your supervision of {name} has ended",
            f"The supervision ended{on}, so the entries {name} shared with you are no longer "
            "visible to you. Your comments and sign-offs stay in their record.",
        )
    if entry.deleted_at is not None:
        return Withdrawal(
            f"{name} moved this entry to their bin on {entry.deleted_at:%-d %B %Y}",
            "You cannot read it while it is there. If they restore it within 30 days, while "
            "it is still shared with you, it comes back to your queue.",
        )
    if share.revoked_at is None and entry.status == Entry.Status.DRAFT:
        return Withdrawal(
            f"{name} made this entry a draft again",
            "Drafts are never shared. It comes back to you when they complete it.",
        )
    on = f" on {share.revoked_at:%-d %B %Y}" if share.revoked_at else ""
    return Withdrawal(
        f"{name} stopped sharing this entry with you",
        f"They stopped sharing it{on}. Your comments and sign-offs stay in their record.",
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


def entry_review_context(*, entry: Entry, user: User) -> dict:
    """What the entry page needs to show review feedback beside the fields.

    For the owner's detail page: `{% include "journal/includes/comments.html" with
    threads=comment_threads.learning %}` beside each field, "entry" for the whole entry.
    """
    return {
        "review_state": entry.review_state(),
        "comment_threads": comment_threads(entry=entry, user=user),
        "can_reply": policy.can_comment(user, entry),
    }


@dataclass
class SharingRow:
    """One of the owner's supervisors and how this entry stands with them."""

    supervision: Supervision
    share: Share | None
    state: ReviewState
    # Changes were asked for and the entry's shared text is as it was then (owner_sharing).
    unchanged_since_request: bool = False

    @property
    def supervisor(self) -> User:
        return self.supervision.supervisor

    @property
    def can_submit(self) -> bool:
        return self.state not in (ReviewState.SUBMITTED, ReviewState.SIGNED_OFF)


def entry_sharing(entry: Entry) -> list[SharingRow]:
    """For the owner: every active supervisor, with the live share of this entry if any.

    Reads `entry.shares` (prefetch them with shares_prefetch(): Entry.review_state needs them
    too)."""
    supervisions = list(active_supervisions_for_sharing(entry.owner))
    shares = {share.supervision_id: share for share in entry.shares.all() if share.is_live}
    sign_offs = list(entry.signoffs.all())
    fingerprint = entry.content_fingerprint() if sign_offs else None
    rows = []
    for supervision in supervisions:
        share = shares.get(supervision.pk)
        own = [s for s in sign_offs if s.supervisor_id == supervision.supervisor_id]
        state = share.review_state(own, fingerprint) if share else ReviewState.PRIVATE
        rows.append(SharingRow(supervision, share, state))
    return rows


def owner_sharing(entry: Entry) -> list[SharingRow]:
    """entry_sharing() for the owner's sharing page: a row whose supervisor asked for changes
    also says whether the entry is still as it was then, so submitting it again unchanged is
    a choice made knowingly (one query per such row, and there are seldom any)."""
    rows = entry_sharing(entry)
    for row in rows:
        if row.state == ReviewState.CHANGES_REQUESTED:
            diff = changes_since_review(share=row.share, entry=entry, supervisor=row.supervisor)
            row.unchanged_since_request = diff is not None and not diff.changes
    return rows


def open_comments(*, entry: Entry | None, user: User) -> dict[str, list[Comment]]:
    """For the owner's editor: supervisors' comments not yet answered by a new submission.

    A comment is open while it is newer than the entry's last submission to that supervisor;
    submitting again closes it. Keyed by every comment target, so a template can look up any
    part of the entry.
    """
    if entry is None:
        return {name: [] for name, _ in comment_targets()}
    result = {name: [] for name, _ in comment_targets(entry.citations.all())}
    threads = comment_threads(entry=entry, user=user)
    if not threads:  # most entries: nothing more to read
        return result
    submitted = dict(
        entry.shares.filter(revoked_at__isnull=True).values_list(
            "supervision__supervisor_id", "submitted_at"
        )
    )
    for part, comments in threads.items():
        for comment in comments:
            if comment.author_id == entry.owner_id or comment.author_id not in submitted:
                continue
            since = submitted[comment.author_id]
            if since is None or comment.created_at > since:
                result.setdefault(part, []).append(comment)
    return result


def changes_requested_rows(entry: Entry) -> list["SharingRow"]:
    """The owner's supervisors who asked for changes: each gets a "Send back for review".

    Changes are requested on a share, so an entry with no such share (most of them) is
    answered by one small query rather than the whole sharing table."""
    shares = entry.shares.all()  # often prefetched; one small query when not
    if not any(s.changes_requested_at and s.revoked_at is None for s in shares):
        return []
    return [row for row in entry_sharing(entry) if row.state == ReviewState.CHANGES_REQUESTED]


@dataclass
class ReviewDiff:
    since: object  # datetime of the supervisor's last review
    reason: str  # "signed off" or "asked for changes"
    version: int
    changes: list[FieldChange]


def changes_since_review(*, share: Share, entry: Entry, supervisor: User) -> ReviewDiff | None:
    """What changed since this supervisor last signed off or asked for changes; None if never."""
    own = [s for s in entry.signoffs.all() if s.supervisor_id == supervisor.pk]
    sign_off = latest_sign_off(own)
    requested = share.changes_requested_at
    if sign_off is not None and (requested is None or sign_off.created_at >= requested):
        data, since, reason = sign_off.version.data, sign_off.created_at, "signed off"
        number = sign_off.version.number
    elif requested is not None:
        version = (
            entry.versions.filter(created_at__lte=requested).order_by("-created_at", "-number")
        ).first()
        if version is None:
            return None
        data, since, reason, number = version.data, requested, "asked for changes", version.number
    else:
        return None
    return ReviewDiff(
        since=since,
        reason=reason,
        version=number,
        changes=snapshot_changes(data, entry.snapshot()),
    )


# Supervision sessions --------------------------------------------------------------------


# Open actions are listed soonest due first, those without a date last, on either database.
ACTIONS_ORDER = (F("due_on").asc(nulls_last=True), "session__held_on", "pk")
# What SessionAction.owner_name reads.
ACTION_NAMES = ("session__supervisee", "session__supervisor")


def open_actions(link: Supervision, *, session: SupervisionSession | None = None):
    """The pair's actions still open from earlier sessions, oldest due first.

    With `session`: not its own actions, and with those ticked off in it (so its record shows
    them ticked).
    """
    actions = SessionAction.objects.filter(session__supervision=link).exclude(
        session__status=SupervisionSession.Status.DRAFT
    )
    if session is None:
        actions = actions.filter(done_in__isnull=True)
    else:
        actions = actions.exclude(session=session).filter(
            Q(done_in__isnull=True) | Q(done_in=session)
        )
    return list(actions.select_related(*ACTION_NAMES).order_by(*ACTIONS_ORDER))


@dataclass
class SessionHistory:
    """A pair's sessions as either of them reads them, newest first, and when the next is due."""

    link: Supervision
    sessions: list[SupervisionSession]  # recorded or confirmed
    draft: SupervisionSession | None  # the supervisor's, only ever given to the supervisor
    open_actions: list[SessionAction]

    @property
    def last(self) -> SupervisionSession | None:
        return self.sessions[0] if self.sessions else None

    @property
    def next_due(self) -> datetime.date | None:
        return self.link.next_session_due(self.last.held_on if self.last else None)


def past_sessions(user: User) -> list[SupervisionSession]:
    """The worker's sessions with supervisors they no longer have (the link ended or the
    supervisor's account was deleted): still part of their record, listed on the supervision
    page since no current link leads to them."""
    return list(
        policy.sessions_visible_to(user)
        .filter(supervisee=user)
        .exclude(supervision__status=Supervision.Status.ACTIVE)
        .select_related("supervisor")
        .order_by("-held_on", "-pk")
    )


def session_history(*, link: Supervision, user: User) -> SessionHistory:
    """Sessions of one link that `user` may read (journal.policy), with their actions."""
    sessions = list(
        policy.sessions_visible_to(user)
        .filter(supervision=link)
        .prefetch_related("actions")
        .order_by("-held_on", "-pk")
    )
    return SessionHistory(
        link=link,
        sessions=[s for s in sessions if not s.is_draft],
        draft=next((s for s in sessions if s.is_draft), None),
        open_actions=open_actions(link),
    )
