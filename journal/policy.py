"""Who may see or do what: the one place these rules live.

Every view, export and API gets entries, their evidence files, quick notes and notifications through these functions. Another person's
entry answers 404 (its existence is not revealed); a supervisor who can read an entry
but tries to change it gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from journal.models import (
    AccountImport,
    Comment,
    Entry,
    Evidence,
    Handover,
    Notification,
    QuickNote,
    Share,
    Supervision,
    SupervisionSession,
    User,
)
from journal.review.document import document_flags
from journal.review.flags import review_flags_named


def live_shares(user: User) -> QuerySet[Share]:
    """Shares that currently let `user` read an entry as a supervisor."""
    return Share.objects.filter(
        revoked_at__isnull=True,
        supervision__supervisor=user,
        supervision__status=Supervision.Status.ACTIVE,
    )


def entries_owned(user: User, *, include_bin: bool = False) -> QuerySet[Entry]:
    if not user.is_authenticated:
        return Entry.objects.none()
    entries = user.entries.all()  # each entry knows its owner without another query
    return entries if include_bin else entries.alive()


def entries_shared_with(user: User) -> QuerySet[Entry]:
    """Entries a supervisor may read: shared with them, not a draft, not in the bin."""
    if not user.is_authenticated:
        return Entry.objects.none()
    shared = live_shares(user).filter(entry=OuterRef("pk"))
    return Entry.objects.alive().filter(Exists(shared)).exclude(status=Entry.Status.DRAFT)


def entries_readable(user: User) -> QuerySet[Entry]:
    if not user.is_authenticated:
        return Entry.objects.none()
    return Entry.objects.alive().filter(
        Q(owner=user) | Q(pk__in=entries_shared_with(user).values("pk"))
    )


def get_entry_for_owner(
    user: User, pk: int, *, include_bin: bool = False, review_flags: tuple[str, ...] = ()
) -> Entry:
    """The owner's own entry, for editing, deleting, sharing and exporting.

    A supervisor who can read the entry gets 403 (they know it exists); anyone else 404.
    `review_flags`: with these of review's flags, journal.review.flags (the editor).
    """
    entries = entries_owned(user, include_bin=include_bin)
    if review_flags:
        entries = entries.annotate(**review_flags_named(*review_flags))
    try:
        return entries.get(pk=pk)
    except Entry.DoesNotExist:
        if user.is_authenticated and entries_shared_with(user).filter(pk=pk).exists():
            raise PermissionDenied("Only the author of an entry can change it.") from None
        raise Http404("No entry found.") from None


def get_entry_for_reader(user: User, pk: int) -> Entry:
    """An entry the user may read: their own, or one shared with them as supervisor."""
    try:
        return entries_readable(user).get(pk=pk)
    except Entry.DoesNotExist:
        raise Http404("No entry found.") from None


def get_entry_for_reviewer(
    user: User, pk: int, *, review_flags: bool = False
) -> tuple[Entry, Share]:
    """An entry shared with this supervisor, with the share that allows it.

    `review_flags`: the entry comes with journal.review.document.document_flags() as a
    supervisor's page reads them, in the same query, so the page need not read it again to
    learn them."""
    shares = live_shares(user)
    flags = document_flags("entry", for_owner=False) if review_flags else {}
    if flags:
        shares = shares.annotate(**{f"entry_{name}": flag for name, flag in flags.items()})
    share = (
        shares.select_related("entry__owner", "supervision")
        .filter(entry__pk=pk, entry__deleted_at__isnull=True)
        .exclude(entry__status=Entry.Status.DRAFT)
        .first()
    )
    if share is None:
        raise Http404("No entry found.")
    for name in flags:
        setattr(share.entry, name, getattr(share, f"entry_{name}"))
    return share.entry, share


def get_withdrawn_share(user: User, pk: int) -> Share:
    """The latest share `user` once had of an entry they may no longer read (call after
    get_entry_for_reviewer refused): the page that says what happened. Anyone who never had
    a share gets 404, as before, so nothing is revealed to them."""
    if not user.is_authenticated:
        raise Http404("No entry found.")
    share = (
        Share.objects.filter(entry__pk=pk, supervision__supervisor=user)
        .select_related("entry__owner", "supervision")
        .order_by("-created_at", "-pk")
        .first()
    )
    if share is None:
        raise Http404("No entry found.")
    return share


def is_owner(user: User, entry: Entry) -> bool:
    return user.is_authenticated and entry.owner_id == user.pk


def can_review(user: User, entry: Entry) -> bool:
    return live_shares(user).filter(entry=entry).exists()


# Supervision links, comments and notifications (added with the review area).


def get_handover_for_worker(user: User, pk: int) -> Handover:
    """A former supervisor's hand-over: only the person they supervised sees it."""
    if not user.is_authenticated:
        raise Http404("No hand-over found.")
    try:
        return Handover.objects.select_related("supervisor", "successor").get(
            pk=pk, supervisee=user
        )
    except Handover.DoesNotExist:
        raise Http404("No hand-over found.") from None


def supervisions_of(user: User) -> QuerySet[Supervision]:
    """Every supervision link `user` is a party to, on either side."""
    if not user.is_authenticated:
        return Supervision.objects.none()
    return Supervision.objects.filter(Q(supervisee=user) | Q(supervisor=user))


def get_supervision_for_member(user: User, pk: int) -> Supervision:
    """A link either party may end (or the inviter may cancel); anyone else gets 404."""
    try:
        return supervisions_of(user).select_related("supervisee", "supervisor").get(pk=pk)
    except Supervision.DoesNotExist:
        raise Http404("No supervision link found.") from None


def get_invitation_for_invitee(user: User, pk: int) -> Supervision:
    """A pending invitation addressed to `user`: only they may accept or decline it."""
    if not user.is_authenticated:
        raise Http404("No invitation found.")
    try:
        return Supervision.objects.select_related("supervisee").get(
            pk=pk, supervisor=user, status=Supervision.Status.INVITED
        )
    except Supervision.DoesNotExist:
        raise Http404("No invitation found.") from None


def get_link_for_supervisor(user: User, pk: int) -> Supervision:
    """An active link in which `user` supervises: their agenda and sessions for that person."""
    if not user.is_authenticated:
        raise Http404("No supervision link found.")
    try:
        return Supervision.objects.select_related("supervisee", "supervisor").get(
            pk=pk, supervisor=user, status=Supervision.Status.ACTIVE
        )
    except Supervision.DoesNotExist:
        raise Http404("No supervision link found.") from None


def team_links(user: User) -> QuerySet[Supervision]:
    """The links that make `user`'s team: those they supervise now and those that ended after
    being accepted (their history: dates and counts, never the person's content)."""
    if not user.is_authenticated:
        return Supervision.objects.none()
    return Supervision.objects.filter(supervisor=user).filter(
        Q(status=Supervision.Status.ACTIVE) | Q(ended_at__isnull=False)
    )


def require_team(user: User, links: list[Supervision] | None = None) -> None:
    """404 for anyone who has never had a team: a team's printouts are only its supervisor's.

    `links`: team_links(user), when the page read them already (the team view does)."""
    if not (team_links(user).exists() if links is None else links):
        raise Http404("You have no team.")


def get_link_for_sessions(user: User, pk: int) -> Supervision:
    """A link whose sessions `user` may read: the worker's always (their record outlives the
    link), the supervisor's while the link is active."""
    if not user.is_authenticated:
        raise Http404("No supervision link found.")
    links = Supervision.objects.filter(
        Q(supervisee=user, supervisor__isnull=False)
        | Q(supervisor=user, status=Supervision.Status.ACTIVE)
    ).exclude(status__in=[Supervision.Status.INVITED, Supervision.Status.DECLINED])
    try:
        return links.select_related("supervisee", "supervisor").get(pk=pk)
    except Supervision.DoesNotExist:
        raise Http404("No supervision link found.") from None


def sessions_visible_to(user: User) -> QuerySet[SupervisionSession]:
    """Supervision sessions are private to the pair: the worker reads every recorded one of
    theirs; the supervisor reads (and drafts) those of a link they still supervise."""
    if not user.is_authenticated:
        return SupervisionSession.objects.none()
    as_worker = Q(supervisee=user) & ~Q(status=SupervisionSession.Status.DRAFT)
    as_supervisor = Q(supervision__supervisor=user, supervision__status=Supervision.Status.ACTIVE)
    # A former supervisor's sessions, read-only, when the worker handed them over to `user`.
    carried = Handover.objects.carried_to(user).filter(carry_sessions=True).values("sessions")
    return SupervisionSession.objects.filter(as_worker | as_supervisor | Q(pk__in=carried))


def get_session_for_member(user: User, pk: int) -> SupervisionSession:
    try:
        return (
            sessions_visible_to(user)
            .select_related("supervisee", "supervisor", "supervision")
            .get(pk=pk)
        )
    except SupervisionSession.DoesNotExist:
        raise Http404("No supervision session found.") from None


def get_session_for_supervisor(user: User, pk: int) -> SupervisionSession:
    """A session its supervisor may write; the worker, who may read it, gets 403."""
    session = get_session_for_member(user, pk)
    if session.supervision is None or session.supervision.supervisor_id != user.pk:
        raise PermissionDenied("Only the supervisor writes the record of a session.")
    return session


def get_session_for_worker(user: User, pk: int) -> SupervisionSession:
    """A session its worker may confirm or annotate; the supervisor gets 403."""
    session = get_session_for_member(user, pk)
    if session.supervisee_id != user.pk:
        raise PermissionDenied("Only the person supervised confirms the record of a session.")
    return session


def get_share_for_owner(user: User, entry: Entry, pk: int) -> Share:
    """One of the owner's shares of their own entry (call after get_entry_for_owner)."""
    if not is_owner(user, entry):
        raise Http404("No share found.")
    try:
        return entry.shares.select_related("supervision__supervisor").get(pk=pk)
    except Share.DoesNotExist:
        raise Http404("No share found.") from None


def can_comment(user: User, entry: Entry) -> bool:
    """The owner (to reply) and any supervisor the entry is currently shared with."""
    return is_owner(user, entry) or can_review(user, entry)


def comments_visible_to(
    user: User, entry: Entry, *, reviewing: bool | None = None
) -> QuerySet[Comment]:
    """The owner sees every comment; a supervisor only the threads they started, and those of a
    former supervisor the owner handed over to them (read-only: get_comment_for_reply).

    Two supervisors of the same person never read each other's feedback. `reviewing`: whether
    `user` may review the entry, when the caller already holds the live share that says so.
    """
    comments = entry.comments.select_related("author")
    if is_owner(user, entry):
        return comments
    if not (can_review(user, entry) if reviewing is None else reviewing):
        return comments.none()
    carried = (
        Handover.objects.carried_to(user)
        .filter(carry_comments=True, carried_entries=entry)
        .values("threads")
    )
    return comments.filter(
        Q(author=user, parent__isnull=True)
        | Q(parent__author=user)
        | Q(pk__in=carried)
        | Q(parent__in=carried)
    )


def get_comment_for_reply(user: User, entry: Entry, pk: int) -> Comment:
    """A top-level comment `user` may reply to: on an entry they may comment on; a supervisor
    only in a thread they started (a handed-over thread is read-only)."""
    if not can_comment(user, entry):
        raise Http404("No comment found.")
    comments = comments_visible_to(user, entry)
    if not is_owner(user, entry):
        comments = comments.filter(author=user)
    try:
        return comments.get(pk=pk, parent__isnull=True)
    except Comment.DoesNotExist:
        raise Http404("No comment found.") from None


def notifications_for(user: User) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def notes_owned(user: User) -> QuerySet[QuickNote]:
    """A person's quick notes: nobody else's, not even a supervisor's."""
    if not user.is_authenticated:
        return QuickNote.objects.none()
    return QuickNote.objects.filter(owner=user)


def get_note_for_owner(user: User, pk: int) -> QuickNote:
    try:
        return notes_owned(user).get(pk=pk)
    except QuickNote.DoesNotExist:
        raise Http404("No note found.") from None


def get_account_import_for_owner(user: User, pk: int) -> AccountImport:
    """What a person brought in from another journal: theirs only."""
    if not user.is_authenticated:
        raise Http404("No import found.")
    try:
        return AccountImport.objects.get(owner=user, pk=pk)
    except AccountImport.DoesNotExist:
        raise Http404("No import found.") from None


def get_evidence_for_reader(user: User, entry_pk: int, pk: int) -> Evidence:
    """An evidence file of an entry `user` may read: theirs, or shared with them as supervisor."""
    entry = get_entry_for_reader(user, entry_pk)
    try:
        return entry.evidence.get(pk=pk)
    except Evidence.DoesNotExist:
        raise Http404("No file found.") from None


def get_evidence_for_owner(user: User, entry_pk: int, pk: int) -> Evidence:
    """An evidence file its owner may remove; a supervisor who can read it gets 403."""
    entry = get_entry_for_owner(user, entry_pk)
    try:
        return entry.evidence.select_related("entry").get(pk=pk)
    except Evidence.DoesNotExist:
        raise Http404("No file found.") from None
