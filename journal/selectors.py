"""Read-only queries for the journal's pages: what each page shows, in few queries.

Services write; selectors read. Every selector goes through journal.policy for what a person
may see.
"""

import datetime
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)

from corpus.models import Standard
from journal import navigation, policy
from journal.entries.content import (
    ENTRY_FIELDS,
    PRIVATE_FIELD_NAMES,
    WHOLE_ENTRY,
    comment_targets,
    part_label,
)
from journal.models import (
    AuditEvent,
    Comment,
    Entry,
    Notification,
    ReviewState,
    Share,
    SignOff,
    Supervision,
    User,
    latest_sign_off,
)
from journal.year import readiness
from journal.year.readiness import EntryReadiness, YearReadiness
from journal.year.registration import (
    RegistrationYear,
    RequirementStatus,
    deadline_for,
    requirement_status,
)

# Editor aids that no one else reads (the reflective model): never part of a review diff.
HIDDEN_FIELD_NAMES = frozenset(f.name for f in ENTRY_FIELDS if not f.shown)


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
    for comment in comments:
        if comment.parent_id is None:
            comment.thread_replies = replies.get(comment.pk, [])
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


def attach_tags(entries: Iterable[Entry], standards: Sequence[Standard]) -> dict[int, set[int]]:
    """Set `entry.tagged_standards` (those of `standards`, in their order) on each entry from
    one query of the tags, not a prefetch per list; returns entry id -> standard ids.

    Each entry also gets its `standard_count` (tags of any framework), which Entry.is_complete
    reads, so the list's query needs no aggregate.
    """
    entries = list(entries)
    tags: dict[int, set[int]] = {}
    for entry_id, standard_id in Entry.standards.through.objects.filter(
        entry__in=[e.pk for e in entries]
    ).values_list("entry_id", "standard_id"):
        tags.setdefault(entry_id, set()).add(standard_id)
    for entry in entries:
        mine = tags.get(entry.pk, ())
        entry.tagged_standards = [s for s in standards if s.pk in mine]
        entry.standard_count = len(mine)
    return tags


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


def review_queue(*, supervisor: User) -> list[QueueGroup]:
    """The supervisor's entries, by supervisee: waiting for review (oldest first), then the rest.

    A signed-off entry edited since comes back as waiting. A constant number of queries.
    """
    shares = (
        policy.live_shares(supervisor)
        .filter(entry__deleted_at__isnull=True)
        .exclude(entry__status=Entry.Status.DRAFT)
        .select_related("entry", "entry__owner", "supervision")
        .prefetch_related(
            "entry__standards",
            "entry__statements",
            "entry__citations",
            Prefetch("entry__signoffs", queryset=SignOff.objects.filter(supervisor=supervisor)),
        )
        .order_by("entry__owner__username", "pk")
    )
    groups: dict[int, QueueGroup] = {}
    for share in shares:
        entry = share.entry
        state = share.review_state(entry.signoffs.all(), entry.content_fingerprint())
        if state == ReviewState.CHANGED_SINCE_SIGN_OFF:
            since = share.entry.updated_at
        else:
            since = share.submitted_at or share.created_at
        item = QueueItem(share=share, state=state, waiting_since=since)
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


def audit_trail(entry: Entry) -> QuerySet[AuditEvent]:
    return entry.audit_events.select_related("actor").order_by("-created_at", "-pk")


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


def year_readiness(
    user: User,
    years: list[RegistrationYear],
    *,
    today: datetime.date,
    review_flags: tuple[str, ...] = (),
) -> dict[RegistrationYear, YearReadiness]:
    """Readiness of each of `years` for `user`, with the year before each for the duplicates.

    One query, whatever the number of entries: the readiness rules read only the entry's own
    columns, its `standard_count` and its `changes_requested`. `review_flags`: these of
    with_review_flags() too (the dashboard's LIST_REVIEW_FLAGS, for attach_review_states).
    """
    earliest = min(years, key=lambda y: y.start).previous()
    latest = max(years, key=lambda y: y.end)
    entries = (
        policy.entries_owned(user)
        .between(earliest.start, latest.end)
        .with_standard_count()
        .order_by("activity_date", "pk")
    )
    # Whether a supervisor asked for changes, always: readiness.review_hints says so.
    flags = dict.fromkeys(("changes_requested", *review_flags))
    entries = list(entries.with_review_flags(*flags))
    result = {}
    for year in years:
        before = year.previous()
        deadline = deadline_for(year, month=user.renewal_month, day=user.renewal_day)
        result[year] = readiness.check_year(
            [e for e in entries if e.activity_date in year],
            [e for e in entries if e.activity_date in before],
            year=year,
            today=today,
            deadline=deadline,
        )
    return result


def entry_readiness(user: User, entry: Entry, *, today: datetime.date) -> EntryReadiness:
    """`entry`'s readiness within its own registration year, for its page: the other entries
    of that year and the year before are read only for the duplicates, lean (COMPARED_FIELDS)."""
    year = RegistrationYear.containing(entry.activity_date)
    before = year.previous()
    others = (
        policy.entries_owned(user)
        .between(before.start, year.end)
        .exclude(pk=entry.pk)
        .only("owner", *readiness.COMPARED_FIELDS)
        .order_by("activity_date", "pk")
    )
    others = list(others)
    return readiness.check_entry(
        entry,
        [e for e in others if e.activity_date in year],
        [e for e in others if e.activity_date in before],
        year=year,
        today=today,
    )


# The feedback loop ---------------------------------------------------------------------------


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


def attach_entry_titles(user: User, notes: Iterable[Notification]) -> None:
    """Set `note.entry_title` on each notification: the title of the entry it is about while
    `user` may still read it (a supervisor whose share was revoked no longer sees it), else
    "". One query for the page."""
    notes = list(notes)
    ids = {note.entry_id for note in notes if note.entry_id}
    readable = policy.entries_readable(user).filter(pk__in=ids).only("title") if ids else []
    titles = {entry.pk: entry.display_title for entry in readable}
    for note in notes:
        note.entry_title = titles.get(note.entry_id, "")


def changes_requested_rows(entry: Entry) -> list["SharingRow"]:
    """The owner's supervisors who asked for changes: each gets a "Send back for review".

    Changes are requested on a share, so an entry with no such share (most of them) is
    answered by one small query rather than the whole sharing table."""
    shares = entry.shares.all()  # often prefetched; one small query when not
    if not any(s.changes_requested_at and s.revoked_at is None for s in shares):
        return []
    return [row for row in entry_sharing(entry) if row.state == ReviewState.CHANGES_REQUESTED]


@dataclass
class FieldChange:
    label: str
    # (kind, text) pieces: "same", "removed" or "added", word by word.
    pieces: list[tuple[str, str]]

    @property
    def before(self) -> str:
        return "".join(text for kind, text in self.pieces if kind != "added")

    @property
    def after(self) -> str:
        return "".join(text for kind, text in self.pieces if kind != "removed")


@dataclass
class ReviewDiff:
    since: object  # datetime of the supervisor's last review
    reason: str  # "signed off" or "asked for changes"
    version: int
    changes: list[FieldChange]


def _as_text(value) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)


def _word_pieces(before: str, after: str) -> list[tuple[str, str]]:
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(old[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("removed", "".join(old[a1:a2])))
        if b2 > b1:
            pieces.append(("added", "".join(new[b1:b2])))
    return [piece for piece in pieces if piece[1]]


def snapshot_changes(before: dict, after: dict) -> list[FieldChange]:
    """Field by field, in the form's order, what differs between two snapshots (shared parts)."""
    changes = []
    for name in after:
        if name in PRIVATE_FIELD_NAMES or name in HIDDEN_FIELD_NAMES:
            continue
        old, new = _as_text(before.get(name)), _as_text(after.get(name))
        if old != new:
            changes.append(FieldChange(label=part_label(name), pieces=_word_pieces(old, new)))
    return changes


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


# The supervisor's team -----------------------------------------------------------------------


@dataclass
class TeamMember:
    """One accepted supervisee's year, as their supervisor may see it: counts, never content."""

    link: Supervision
    status: RequirementStatus
    waiting: list[QueueItem]
    shared: list[QueueItem]  # shared with this supervisor and not waiting for them
    # Complete pieces the person has ticked as copied to their Social Work England account.
    copied: int = 0

    @property
    def supervisee(self) -> User:
        return self.link.supervisee

    @property
    def shared_count(self) -> int:
        """Every entry shared with this supervisor, waiting for them or not."""
        return len(self.waiting) + len(self.shared)


def team(*, supervisor: User, year: RegistrationYear) -> list[TeamMember]:
    """Every accepted supervisee with their year's readiness, in a constant number of queries.

    Readiness is counted from the supervisee's entries without loading their text; the only
    entries named are those shared with this supervisor (through the review queue).
    """
    links = list(
        Supervision.objects.filter(supervisor=supervisor, status=Supervision.Status.ACTIVE)
        .select_related("supervisee")
        .order_by("supervisee__display_name", "supervisee__username")
    )
    by_owner: dict[int, list[Entry]] = {link.supervisee_id: [] for link in links}
    if by_owner:
        entries = (
            Entry.objects.alive()
            .filter(owner_id__in=by_owner)
            .between(year.start, year.end)
            .with_completeness()
            .only("id", "owner_id", "activity_date", "deleted_at", "status", "copied_on")
            .annotate(
                peer_filled=ExpressionWrapper(
                    ~Q(peer_name="") & ~Q(peer_learning=""), output_field=BooleanField()
                )
            )
        )
        for entry in entries:
            by_owner[entry.owner_id].append(entry)
    queue = {group.supervisee.pk: group for group in review_queue(supervisor=supervisor)}
    members = []
    for link in links:
        group = queue.get(link.supervisee_id)
        members.append(
            TeamMember(
                link=link,
                status=requirement_status(_PeerCounted.wrap(by_owner[link.supervisee_id]), year),
                waiting=group.waiting if group else [],
                shared=group.other if group else [],
                copied=sum(
                    1 for e in by_owner[link.supervisee_id] if e.is_complete and e.copied_on
                ),
            )
        )
    return members


class _PeerCounted:
    """An entry loaded without its text: the peer reflection is known from an annotation."""

    def __init__(self, entry: Entry):
        self._entry = entry

    def __getattr__(self, name):
        return getattr(self._entry, name)

    @property
    def has_peer_reflection(self) -> bool:
        return bool(self._entry.peer_filled)

    @classmethod
    def wrap(cls, entries: list[Entry]) -> list["_PeerCounted"]:
        return [cls(entry) for entry in entries]
