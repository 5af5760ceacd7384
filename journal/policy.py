"""Who may see or do what with an entry: the one place these rules live.

Every view, export and API gets entries through these functions. Another person's
entry answers 404 (its existence is not revealed); a supervisor who can read an entry
but tries to change it gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from journal.models import Entry, Share, Supervision, User


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
    entries = Entry.objects.filter(owner=user)
    return entries if include_bin else entries.alive()


def entries_shared_with(user: User) -> QuerySet[Entry]:
    """Entries a supervisor may read: shared with them, not a draft, not in the bin."""
    if not user.is_authenticated:
        return Entry.objects.none()
    shared = live_shares(user).filter(entry=OuterRef("pk"))
    return (
        Entry.objects.alive()
        .filter(Exists(shared))
        .exclude(status=Entry.Status.DRAFT)
    )


def entries_readable(user: User) -> QuerySet[Entry]:
    if not user.is_authenticated:
        return Entry.objects.none()
    return Entry.objects.alive().filter(
        Q(owner=user) | Q(pk__in=entries_shared_with(user).values("pk"))
    )


def get_entry_for_owner(user: User, pk: int, *, include_bin: bool = False) -> Entry:
    """The owner's own entry, for editing, deleting, sharing and exporting.

    A supervisor who can read the entry gets 403 (they know it exists); anyone else 404.
    """
    try:
        return entries_owned(user, include_bin=include_bin).get(pk=pk)
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


def get_entry_for_reviewer(user: User, pk: int) -> tuple[Entry, Share]:
    """An entry shared with this supervisor, with the share that allows it."""
    share = (
        live_shares(user)
        .select_related("entry", "supervision")
        .filter(entry__pk=pk, entry__deleted_at__isnull=True)
        .exclude(entry__status=Entry.Status.DRAFT)
        .first()
    )
    if share is None:
        raise Http404("No entry found.")
    return share.entry, share


def is_owner(user: User, entry: Entry) -> bool:
    return user.is_authenticated and entry.owner_id == user.pk


def can_review(user: User, entry: Entry) -> bool:
    return live_shares(user).filter(entry=entry).exists()
