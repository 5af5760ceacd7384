"""Supervision workflows: invitations, shares, comments, change requests and sign-off.

Each service is one transaction. It re-checks the rule it depends on (a view cannot forget
to), records an audit event on the entry and notifies the other side. Whether an entry has
changed since it was signed off is never stored: it is computed from content fingerprints,
so it stays right however the entry was edited.
"""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from journal import audit, notifications, policy
from journal.models import (
    AuditEvent,
    Comment,
    Entry,
    EntryVersion,
    Share,
    SignOff,
    Supervision,
    User,
)

ENTRY_WIDE = "entry"  # key for whole-entry comments in comment_threads()


class ReviewError(Exception):
    """A request the rules refuse; the message is written for the person who asked."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code

    def as_validation_error(self) -> ValidationError:
        return ValidationError(self.message, code=self.code)


def field_label(name: str) -> str:
    """ "learning" -> "What I learnt": the wording the entry form uses."""
    if not name or name == ENTRY_WIDE:
        return "The whole entry"
    if name in ("standards", "statements", "citations"):
        return name.capitalize()
    label = str(Entry._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


# Supervision links -----------------------------------------------------------------------


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


def _find_user(identifier: str) -> User | None:
    if "@" in identifier:
        # Only a verified address names an account; anything else gets an emailed invitation
        # that waits for whoever verifies that address (supervision_claim_invitations).
        address = (
            EmailAddress.objects.filter(
                email__iexact=identifier, verified=True, user__is_active=True
            )
            .select_related("user")
            .first()
        )
        return address.user if address else None
    return User.objects.filter(username__iexact=identifier, is_active=True).first()


def _signup_path() -> str:
    try:
        return reverse("account_signup")
    except NoReverseMatch:
        return "/accounts/signup/"


def _check_invitations_today(supervisee: User) -> None:
    limit = settings.INVITATIONS_PER_DAY
    since = timezone.now() - datetime.timedelta(days=1)
    if Supervision.objects.filter(supervisee=supervisee, created_at__gte=since).count() >= limit:
        raise ReviewError(
            f"You have sent {limit} invitations in the last 24 hours, the most we allow in a "
            "day. Try again tomorrow; your earlier invitations are still waiting below.",
            "too_many_invitations",
        )


@transaction.atomic
def supervision_invite(*, supervisee: User, identifier: str) -> Supervision:
    """Invite a supervisor by username or email address.

    Someone without an account is emailed an invitation that waits for them to sign up
    with that address (see supervision_claim_invitations).
    """
    identifier = identifier.strip()
    _check_invitations_today(supervisee)
    invitee = _find_user(identifier)
    if invitee is None and "@" not in identifier:
        raise ReviewError(
            f"We could not find anyone with the username “{identifier}”. "
            "Check the spelling, or invite them by email address instead.",
            "unknown_user",
        )
    if invitee == supervisee or identifier.lower() == supervisee.email.lower():
        raise ReviewError("You cannot invite yourself to be your own supervisor.", "self")

    open_links = Supervision.objects.filter(
        supervisee=supervisee,
        status__in=[Supervision.Status.INVITED, Supervision.Status.ACTIVE],
    )
    if invitee is not None:
        open_links = open_links.filter(supervisor=invitee)
    else:
        open_links = open_links.filter(supervisor__isnull=True, invited_email__iexact=identifier)
    existing = open_links.first()
    if existing is not None:
        if existing.is_active:
            raise ReviewError("This person already supervises you.", "already_linked")
        raise ReviewError("You have already invited this person.", "already_invited")

    link = Supervision.objects.create(
        supervisee=supervisee,
        supervisor=invitee,
        # Shown on the inviter's pending list instead of the account's name, so inviting an
        # address never reveals who (if anyone) has an account with it.
        invited_email=identifier if "@" in identifier else "",
    )
    if invitee is not None:
        notifications.notify(
            recipient=invitee, event="invited", actor=supervisee, url=reverse("journal:supervision")
        )
    else:
        notifications.email_invitation(
            email=identifier, actor=supervisee, signup_path=_signup_path()
        )
    return link


@transaction.atomic
def supervision_claim_invitations(*, user: User, email: str) -> int:
    """Attach email invitations sent to `email` before it named an account to `user`.

    Called only once `user` has verified `email` (journal.accounts.receivers), so nobody can
    take over an invitation by typing someone else's address.
    """
    if not email:
        return 0
    pending = Supervision.objects.filter(
        supervisor__isnull=True,
        status=Supervision.Status.INVITED,
        invited_email__iexact=email,
    ).exclude(supervisee=user)
    claimed = 0
    for link in pending.select_for_update():
        already = Supervision.objects.filter(
            supervisee=link.supervisee,
            supervisor=user,
            status__in=[Supervision.Status.INVITED, Supervision.Status.ACTIVE],
        ).exists()
        if already:
            continue
        link.supervisor = user
        link.save(update_fields=["supervisor"])
        claimed += 1
    return claimed


def _respond(supervision: Supervision, user: User, status: str) -> Supervision:
    link = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if link.supervisor_id != user.pk:
        raise PermissionDenied("Only the person invited can answer an invitation.")
    if link.status != Supervision.Status.INVITED:
        raise ReviewError("This invitation is no longer open.", "not_pending")
    link.status = status
    link.responded_at = timezone.now()
    link.save(update_fields=["status", "responded_at"])
    return link


@transaction.atomic
def supervision_accept(*, supervision: Supervision, user: User) -> Supervision:
    link = _respond(supervision, user, Supervision.Status.ACTIVE)
    notifications.notify(
        recipient=link.supervisee,
        event="invitation_accepted",
        actor=user,
        url=reverse("journal:supervision"),
    )
    return link


@transaction.atomic
def supervision_decline(*, supervision: Supervision, user: User) -> Supervision:
    link = _respond(supervision, user, Supervision.Status.DECLINED)
    notifications.notify(
        recipient=link.supervisee,
        event="invitation_declined",
        actor=user,
        url=reverse("journal:supervision"),
    )
    return link


@transaction.atomic
def supervision_revoke(*, supervision: Supervision, user: User) -> Supervision:
    """Either side ends a link (or the inviter cancels an invitation).

    Every share through the link is revoked with it, so nothing stays visible.
    """
    link = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if user.pk not in (link.supervisee_id, link.supervisor_id):
        raise PermissionDenied("Only the two people in a supervision link can end it.")
    if link.status not in (Supervision.Status.INVITED, Supervision.Status.ACTIVE):
        raise ReviewError("This link has already ended.", "not_open")
    was_active = link.is_active
    link.status = Supervision.Status.REVOKED
    link.responded_at = link.responded_at or timezone.now()
    link.save(update_fields=["status", "responded_at"])

    now = timezone.now()
    supervisor_name = link.supervisor.get_display_name() if link.supervisor else "a supervisor"
    for share in link.shares.filter(revoked_at__isnull=True).select_related("entry"):
        share.revoked_at = now
        share.save(update_fields=["revoked_at"])
        audit.record(
            share.entry,
            user,
            AuditEvent.Action.UNSHARED,
            f"Supervision with {supervisor_name} ended",
        )

    other = link.supervisor if user.pk == link.supervisee_id else link.supervisee
    if other is not None and (was_active or other == link.supervisor):
        notifications.notify(
            recipient=other,
            event="supervision_ended",
            actor=user,
            url=reverse("journal:supervision"),
        )
    return link


# Shares -------------------------------------------------------------------------------


def active_supervisions_for_sharing(owner: User) -> QuerySet[Supervision]:
    return Supervision.objects.filter(
        supervisee=owner, status=Supervision.Status.ACTIVE, supervisor__isnull=False
    ).select_related("supervisor")


@transaction.atomic
def entry_share(
    *, entry: Entry, supervision: Supervision, user: User, submit: bool = False
) -> Share:
    """Share an entry with one supervisor, or submit it for their review.

    Sharing again reuses the live share, so a supervisor never sees an entry twice.
    """
    if not policy.is_owner(user, entry):
        raise PermissionDenied("Only the author of an entry can share it.")
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if supervision.supervisee_id != entry.owner_id or not supervision.is_active:
        raise ReviewError(
            "You can only share with a supervisor who has accepted your invitation.",
            "inactive_supervision",
        )
    if entry.is_in_bin:
        raise ReviewError("Restore the entry from the bin before sharing it.", "in_bin")
    if entry.status == Entry.Status.DRAFT:
        raise ReviewError(
            "Drafts stay private. Mark the entry as complete before you share it.", "draft"
        )

    supervisor = supervision.supervisor
    review_url = reverse("journal:review_entry", args=[entry.pk])
    share = (
        Share.objects.select_for_update()
        .filter(entry=entry, supervision=supervision, revoked_at__isnull=True)
        .first()
    )
    if share is None:
        share = Share.objects.create(entry=entry, supervision=supervision)
        audit.record(entry, user, AuditEvent.Action.SHARED, f"With {supervisor.get_display_name()}")
        if not submit:
            notifications.notify(recipient=supervisor, event="shared", actor=user, url=review_url)

    if submit:
        state = share_review_state(share)
        if share.review_status == Share.ReviewStatus.SUBMITTED and state.needs_review:
            return share  # already waiting; no second notification
        if state.key == "signed_off":
            raise ReviewError(
                f"{supervisor.get_display_name()} has already signed off this version. "
                "Edit the entry if you want it reviewed again.",
                "already_signed_off",
            )
        share.review_status = Share.ReviewStatus.SUBMITTED
        share.submitted_at = timezone.now()
        share.save(update_fields=["review_status", "submitted_at"])
        audit.record(
            entry,
            user,
            AuditEvent.Action.SUBMITTED,
            f"To {supervisor.get_display_name()}",
        )
        notifications.notify(recipient=supervisor, event="submitted", actor=user, url=review_url)
    return share


@transaction.atomic
def share_revoke(*, share: Share, user: User) -> Share:
    """Stop sharing: the supervisor loses sight of the entry on their next request."""
    share = (
        Share.objects.select_for_update().select_related("entry", "supervision").get(pk=share.pk)
    )
    if not policy.is_owner(user, share.entry):
        raise PermissionDenied("Only the author of an entry can stop sharing it.")
    if share.revoked_at is not None:
        return share
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    supervisor = share.supervision.supervisor
    name = supervisor.get_display_name() if supervisor else "a supervisor"
    audit.record(share.entry, user, AuditEvent.Action.UNSHARED, f"From {name}")
    return share


# Comments and change requests ------------------------------------------------------------


@transaction.atomic
def comment_add(
    *,
    entry: Entry,
    author: User,
    body: str,
    field: str = "",
    parent: Comment | None = None,
    requests_changes: bool = False,
) -> Comment:
    """A supervisor's comment on the entry or one field, or a reply in a thread.

    The owner only replies. A change request is a supervisor's top-level comment that
    also puts their share back to "changes requested".
    """
    body = body.strip()
    if not body:
        raise ReviewError("Write your comment before sending it.", "empty")
    field = "" if field == ENTRY_WIDE else field
    if field and field not in Entry.CONTENT_FIELDS:
        raise ReviewError("Choose a part of the entry to comment on.", "unknown_field")
    if not policy.can_comment(author, entry):
        raise PermissionDenied("You cannot comment on this entry.")
    owner_is_author = policy.is_owner(author, entry)

    if parent is not None:
        parent = policy.get_comment_for_reply(author, entry, parent.pk)
        field = parent.field
        if requests_changes:
            raise ReviewError("Ask for changes in a new comment, not a reply.", "reply_changes")
    elif owner_is_author:
        raise ReviewError("You can reply to your supervisor's comments.", "owner_top_level")
    if requests_changes and owner_is_author:
        raise PermissionDenied("Only a supervisor can ask for changes.")

    comment = Comment.objects.create(
        entry=entry,
        author=author,
        field=field,
        parent=parent,
        body=body,
        requests_changes=requests_changes,
    )
    where = field_label(field).lower() if field else "the whole entry"
    if requests_changes:
        policy.live_shares(author).filter(entry=entry).update(
            review_status=Share.ReviewStatus.CHANGES_REQUESTED
        )
        audit.record(entry, author, AuditEvent.Action.CHANGES_REQUESTED, f"On {where}")
    else:
        audit.record(entry, author, AuditEvent.Action.COMMENTED, f"On {where}")

    if owner_is_author:
        # The owner replied: tell the supervisor who started the thread.
        if parent.author_id != author.pk:
            notifications.notify(
                recipient=parent.author,
                event="replied",
                actor=author,
                url=reverse("journal:review_entry", args=[entry.pk]),
            )
    else:
        event = "changes_requested" if requests_changes else "commented"
        notifications.notify(
            recipient=entry.owner,
            event=event,
            actor=author,
            url=reverse("journal:entry_share", args=[entry.pk]),
        )
    return comment


def entry_request_changes(*, entry: Entry, supervisor: User, body: str, field: str = "") -> Comment:
    return comment_add(
        entry=entry, author=supervisor, body=body, field=field, requests_changes=True
    )


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
            threads.setdefault(comment.field or ENTRY_WIDE, []).append(comment)
    return threads


# Sign-off and the review state ------------------------------------------------------------


def _version_for_current_content(entry: Entry, fingerprint: str) -> EntryVersion:
    """The latest version if it holds exactly this content, else a new snapshot version."""
    latest = entry.versions.order_by("-number").first()
    if latest is not None and latest.fingerprint == fingerprint:
        return latest
    number = (entry.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return EntryVersion.objects.create(
        entry=entry,
        number=number,
        author=entry.owner,
        kind=EntryVersion.Kind.SAVE,
        data=entry.snapshot(),
        fingerprint=fingerprint,
    )


@transaction.atomic
def entry_sign_off(
    *,
    entry: Entry,
    supervisor: User,
    note: str = "",
    expected_fingerprint: str | None = None,
) -> SignOff:
    """Sign off the exact content the supervisor read: who, when, which version, fingerprint.

    `expected_fingerprint` is the fingerprint of the page the supervisor read; if the entry
    changed since, nothing is signed and they are asked to read it again.
    """
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if not policy.entries_shared_with(supervisor).filter(pk=entry.pk).exists():
        raise PermissionDenied("Only a supervisor the entry is shared with can sign it off.")
    fingerprint = entry.content_fingerprint()
    if expected_fingerprint and expected_fingerprint != fingerprint:
        raise ReviewError(
            "The entry changed while you were reading it. Read the latest version, then sign off.",
            "stale",
        )
    latest = entry.signoffs.filter(supervisor=supervisor).order_by("-created_at", "-pk").first()
    if latest is not None and latest.fingerprint == fingerprint:
        raise ReviewError("You have already signed off this version.", "already_signed_off")

    version = _version_for_current_content(entry, fingerprint)
    sign_off = SignOff.objects.create(
        entry=entry,
        supervisor=supervisor,
        version=version,
        fingerprint=fingerprint,
        note=note.strip(),
    )
    policy.live_shares(supervisor).filter(entry=entry).update(
        review_status=Share.ReviewStatus.SIGNED_OFF
    )
    audit.record(
        entry,
        supervisor,
        AuditEvent.Action.SIGNED_OFF,
        f"Version {version.number}, fingerprint {sign_off.short_fingerprint}",
    )
    notifications.notify(
        recipient=entry.owner,
        event="signed_off",
        actor=supervisor,
        url=reverse("journal:entry_share", args=[entry.pk]),
    )
    return sign_off


STATE_LABELS = {
    "private": "Not shared",
    "shared": "Shared for reading",
    "submitted": "Waiting for review",
    "changes_requested": "Changes requested",
    "signed_off": "Signed off",
    "changed_since_sign_off": "Changed since sign-off",
}


@dataclass(frozen=True)
class ReviewState:
    """Where an entry stands in review, derived from live shares and sign-off fingerprints."""

    key: str
    sign_off: SignOff | None = None

    @property
    def label(self) -> str:
        return STATE_LABELS[self.key]

    @property
    def needs_review(self) -> bool:
        return self.key in ("submitted", "changed_since_sign_off")

    @property
    def changed_since_sign_off(self) -> bool:
        return self.key == "changed_since_sign_off"

    @property
    def is_signed_off(self) -> bool:
        return self.key == "signed_off"


def _state(
    entry: Entry, shares: list[Share], sign_offs: list[SignOff], fingerprint: str | None = None
) -> ReviewState:
    latest = max(sign_offs, key=lambda s: (s.created_at, s.pk), default=None)
    statuses = {share.review_status for share in shares}
    if latest is not None and latest.fingerprint != (fingerprint or entry.content_fingerprint()):
        return ReviewState("changed_since_sign_off", latest)
    if Share.ReviewStatus.CHANGES_REQUESTED in statuses:
        return ReviewState("changes_requested", latest)
    if Share.ReviewStatus.SUBMITTED in statuses:
        return ReviewState("submitted", latest)
    if latest is not None:
        return ReviewState("signed_off", latest)
    if shares:
        return ReviewState("shared", latest)
    return ReviewState("private")


def entry_review_state(entry: Entry) -> ReviewState:
    """The entry's state across all its supervisors, for the owner's pages.

    Uses `entry.shares`, `entry.signoffs` and the fingerprint's relations, so prefetch
    those (see review_prefetches) when listing many entries.
    """
    shares = [s for s in entry.shares.all() if s.is_live]
    return _state(entry, shares, list(entry.signoffs.all()))


def share_review_state(share: Share) -> ReviewState:
    """One supervisor's view: only their share and their own sign-offs count."""
    supervisor_id = share.supervision.supervisor_id
    sign_offs = [s for s in share.entry.signoffs.all() if s.supervisor_id == supervisor_id]
    live = [share] if share.is_live else []
    return _state(share.entry, live, sign_offs)


def review_prefetches(prefix: str = "") -> list:
    """Prefetches that make entry_review_state/share_review_state cost no query per entry."""
    return [
        f"{prefix}standards",
        f"{prefix}statements",
        f"{prefix}citations",
        Prefetch(f"{prefix}shares", queryset=Share.objects.select_related("supervision")),
        Prefetch(f"{prefix}signoffs", queryset=SignOff.objects.select_related("supervisor")),
    ]


def fields_changed_since(sign_off: SignOff, entry: Entry) -> list[str]:
    """Labels of the parts of the entry that differ from the signed-off version."""
    before, after = sign_off.version.data, entry.snapshot()
    return [field_label(name) for name in after if before.get(name) != after.get(name)]


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
        state = share_review_state(share)
        if state.key == "changed_since_sign_off":
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
        "review_state": entry_review_state(entry),
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
        state = _state(entry, [share] if share else [], own, fingerprint)
        rows.append(SharingRow(supervision, share, state))
    return rows
