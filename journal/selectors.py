"""Read-only queries for the journal's pages: what each page shows, in few queries.

Services write; selectors read. Every selector goes through journal.policy for what a person
may see.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from journal import policy, readiness
from journal.content import PRIVATE_FIELD_NAMES, WHOLE_ENTRY, part_label
from journal.models import (
    AuditEvent,
    Comment,
    Entry,
    ReviewState,
    Share,
    SignOff,
    Supervision,
    User,
)
from journal.readiness import YearReadiness
from journal.registration import RegistrationYear, deadline_for


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


def comment_threads(*, entry: Entry, user: User) -> dict[str, list[Comment]]:
    """Top-level comments the user may see, keyed by field name ("entry" for the whole entry).

    Each comment carries `thread_replies`. One query, whatever the number of comments.
    """
    threads: dict[str, list[Comment]] = {}
    replies: dict[int, list[Comment]] = {}
    comments = list(policy.comments_visible_to(user, entry))
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    for comment in comments:
        if comment.parent_id is None:
            comment.thread_replies = replies.get(comment.pk, [])
            threads.setdefault(comment.field or WHOLE_ENTRY, []).append(comment)
    return threads


def review_prefetches(prefix: str = "") -> list:
    """Prefetches that make Entry.review_state() and Share.review_state() cost no query."""
    return [
        f"{prefix}standards",
        f"{prefix}statements",
        f"{prefix}citations",
        Prefetch(f"{prefix}shares", queryset=Share.objects.select_related("supervision")),
        Prefetch(f"{prefix}signoffs", queryset=SignOff.objects.select_related("supervisor")),
    ]


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

    @property
    def supervisor(self) -> User:
        return self.supervision.supervisor

    @property
    def can_submit(self) -> bool:
        return self.state not in (ReviewState.SUBMITTED, ReviewState.SIGNED_OFF)


def entry_sharing(entry: Entry) -> list[SharingRow]:
    """For the owner: every active supervisor, with the live share of this entry if any."""
    supervisions = active_supervisions_for_sharing(entry.owner)
    shares = {
        share.supervision_id: share
        for share in entry.shares.filter(
            revoked_at__isnull=True, supervision__in=supervisions
        ).select_related("supervision")
    }
    sign_offs = list(entry.signoffs.all())
    fingerprint = entry.content_fingerprint() if sign_offs else None
    rows = []
    for supervision in supervisions:
        share = shares.get(supervision.pk)
        own = [s for s in sign_offs if s.supervisor_id == supervision.supervisor_id]
        state = share.review_state(own, fingerprint) if share else ReviewState.PRIVATE
        rows.append(SharingRow(supervision, share, state))
    return rows


def year_readiness(
    user: User, years: list[RegistrationYear], *, today: datetime.date
) -> dict[RegistrationYear, YearReadiness]:
    """Readiness of each of `years` for `user`, with the year before each for the duplicates.

    One query, whatever the number of entries: the readiness rules read only the entry's own
    columns and the `with_completeness()` annotations.
    """
    earliest = min(years, key=lambda y: y.start).previous()
    latest = max(years, key=lambda y: y.end)
    entries = list(
        policy.entries_owned(user)
        .between(earliest.start, latest.end)
        .with_completeness()
        .order_by("activity_date", "pk")
    )
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
