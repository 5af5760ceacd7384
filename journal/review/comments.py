"""Comments on an entry, replies, and change requests."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from journal import audit, notifications, policy
from journal.entries.content import WHOLE_ENTRY, comment_targets, part_label
from journal.errors import ReviewError
from journal.models import AuditEvent, Comment, Entry, User


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
    field = "" if field == WHOLE_ENTRY else field
    if field and field not in dict(comment_targets(entry.citations.all())):
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
    where = f"“{part_label(field)}”" if field else "the whole entry"
    if requests_changes:
        policy.live_shares(author).filter(entry=entry).update(
            changes_requested_at=comment.created_at
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
                entry=entry,
            )
    else:
        event = "changes_requested" if requests_changes else "commented"
        notifications.notify(
            recipient=entry.owner,
            event=event,
            actor=author,
            url=reverse("journal:entry_share", args=[entry.pk]),
            entry=entry,
        )
    return comment


def entry_request_changes(*, entry: Entry, supervisor: User, body: str, field: str = "") -> Comment:
    return comment_add(
        entry=entry, author=supervisor, body=body, field=field, requests_changes=True
    )
