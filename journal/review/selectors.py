"""Read-only queries of supervision and review: links, comment threads, review states,
sharing rows, why an entry was withdrawn and what changed since a review. The queue is in
queue.py, sessions in session_selectors.py.

Services write; selectors read. Every selector goes through journal.policy for what a person
may see.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from journal import policy
from journal.entries.content import PRIVATE_FIELD_NAMES, WHOLE_ENTRY, comment_targets, part_label
from journal.entries.diff import FieldChange, snapshot_changes
from journal.entries.models import current_fingerprint
from journal.models import (
    Comment,
    Entry,
    ReviewState,
    Share,
    SignOff,
    Supervision,
    User,
)
from journal.review.models import latest_sign_off
from journal.review.standing import review_state


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


def settle_requests(threads: dict[str, list[Comment]], sign_offs: Iterable[SignOff]) -> None:
    """Marks each change request whose author signed off the entry after it as settled: the
    sign-off answered it, so the owner's page keeps it as history, not as the next thing to do."""
    last: dict[int, datetime.datetime] = {}
    for sign_off in sign_offs:
        if sign_off.supervisor_id is not None:
            last[sign_off.supervisor_id] = max(
                sign_off.created_at, last.get(sign_off.supervisor_id, sign_off.created_at)
            )
    for comments in threads.values():
        for comment in comments:
            signed = last.get(comment.author_id)
            comment.settled = bool(
                comment.requests_changes and signed and signed > comment.created_at
            )


def shares_prefetch(prefix: str = "", *, entry: Entry | None = None) -> Prefetch:
    """An entry's shares with their supervision, in one query; for one `entry` annotated by
    review's flags (journal.review.flags) and never shared, none, without a query."""
    shares = Share.objects.select_related("supervision")
    if entry is not None:
        shares = entry.read_if_any("has_shares", shares)
    return Prefetch(f"{prefix}shares", queryset=shares)


def review_prefetches(prefix: str = "") -> list:
    """What standing.review_state() reads besides the fingerprint, with each sign-off's
    supervisor, for a page about one entry that names them (a list's states read only who
    signed off: attach_review_states prefetches the sign-offs alone)."""
    return [
        shares_prefetch(prefix),
        Prefetch(f"{prefix}signoffs", queryset=SignOff.objects.select_related("supervisor")),
    ]


# What attach_review_states reads of review's flags (review_flags_named()), for a list to carry.
LIST_REVIEW_FLAGS = ("has_shares", "has_sign_offs")


def attach_review_states(entries: Iterable[Entry]) -> None:
    """Set `entry.state` (standing.review_state()) on each of a list of entries, in a few queries.

    An entry never shared and never signed off is private without reading anything more, so a
    year of five hundred drafts costs one query; for the others the shares and sign-offs are
    prefetched (the sign-offs without their supervisors: a state reads only who), and for
    entries with a sign-off, the one state that compares content, their fingerprint is read in
    SQL (current_fingerprint) rather than worked out from their tags, statements and quotations.
    """
    entries = list(entries)
    if all(hasattr(e, flag) for e in entries for flag in LIST_REVIEW_FLAGS):
        seen = {e.pk for e in entries if e.has_shares or e.has_sign_offs}
        may_be_signed = {e.pk for e in entries if e.has_sign_offs}
    else:
        ids = [e.pk for e in entries]
        shared = Share.objects.filter(entry__in=ids).order_by().values_list("entry_id")
        signed = SignOff.objects.filter(entry__in=ids).order_by().values_list("entry_id")
        seen = may_be_signed = {pk for (pk,) in shared.union(signed)}
    involved = [e for e in entries if e.pk in seen]
    prefetch_related_objects(involved, shares_prefetch())
    # Sign-offs only for the entries that may have one: shared but never signed off (most
    # shared entries) costs no query of sign-offs.
    prefetch_related_objects([e for e in involved if e.pk in may_be_signed], "signoffs")
    none = Prefetch("signoffs", queryset=SignOff.objects.none())
    prefetch_related_objects([e for e in involved if e.pk not in may_be_signed], none)
    signed = [e.pk for e in involved if e.signoffs.all()]
    fingerprints = dict(
        Entry.objects.filter(pk__in=signed)
        .annotate(fingerprint=current_fingerprint())
        .values_list("pk", "fingerprint")
        if signed
        else ()
    )
    for entry in entries:
        if entry.pk in seen:
            entry.state = review_state(entry, fingerprints.get(entry.pk, ""))
        else:
            entry.state = ReviewState.PRIVATE


def fields_changed_since(sign_off: SignOff, entry: Entry) -> list[str]:
    """Labels of the shared parts of the entry that differ from the signed-off version."""
    before, after = sign_off.version.data, entry.snapshot()
    return [
        part_label(name)
        for name in after
        if name not in PRIVATE_FIELD_NAMES and before.get(name) != after.get(name)
    ]


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


def entry_review_context(*, entry: Entry, user: User) -> dict:
    """What the entry page needs to show review feedback beside the fields.

    For the owner's detail page: `{% include "journal/includes/comments.html" with
    threads=comment_threads.learning %}` beside each field, "entry" for the whole entry.
    """
    return {
        "review_state": review_state(entry),
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
    # Only a complete entry is shared or submitted: a draft stays private.
    entry_complete: bool = True

    @property
    def supervisor(self) -> User:
        return self.supervision.supervisor

    @property
    def can_submit(self) -> bool:
        return self.state not in (ReviewState.SUBMITTED, ReviewState.SIGNED_OFF)

    @property
    def offers_share(self) -> bool:
        """ "Share for reading" is offered: the entry is complete and not shared with them."""
        return self.entry_complete and self.share is None

    @property
    def offers_submit(self) -> bool:
        """A button that puts the entry in their queue is offered (submit, send back, again)."""
        return self.entry_complete and self.can_submit


def entry_sharing(entry: Entry) -> list[SharingRow]:
    """For the owner: every active supervisor, with the live share of this entry if any.

    Reads `entry.shares` (prefetch them with shares_prefetch(): review_state() needs them
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
        rows.append(SharingRow(supervision, share, state, entry_complete=entry.is_complete))
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
