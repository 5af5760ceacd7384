"""Sharing an entry with a supervisor, submitting it for review, and stopping sharing."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from journal import audit, notifications, policy
from journal.errors import ReviewError
from journal.models import AuditEvent, Entry, ReviewState, Share, Supervision, User


@transaction.atomic
def entry_share(
    *,
    entry: Entry,
    supervision: Supervision,
    user: User,
    submit: bool = False,
    handed_over_from: str = "",
    waiting_since: datetime.datetime | None = None,
) -> Share:
    """Share an entry with one supervisor, or submit it for their review.

    Sharing again reuses the live share, so a supervisor never sees an entry twice.

    A hand-over (journal.review.departures) shares with a new supervisor who accepted it, so
    `handed_over_from` names the former supervisor in the audit line and no notification goes
    per entry. An entry that was waiting for the former one's review (`waiting_since`) waits
    for the new one from that same moment: no new submission, nothing sent.
    """
    if submit and waiting_since is not None:
        raise ValueError("An entry is either submitted now or still waiting since before.")
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
    if not entry.is_complete:
        raise ReviewError(
            "Drafts stay private. Fill in what the entry still needs and mark it complete "
            "before you share it.",
            "draft",
        )

    supervisor = supervision.supervisor
    review_url = reverse("journal:review_entry", args=[entry.pk])
    share = (
        Share.objects.select_for_update()
        .filter(entry=entry, supervision=supervision, revoked_at__isnull=True)
        .first()
    )
    note = f"With {supervisor.get_display_name()}"
    if handed_over_from:
        note += f", handed over from {handed_over_from}"
    if share is None:
        share = Share.objects.create(entry=entry, supervision=supervision)
        if waiting_since is not None:
            note += f", waiting for review since {timezone.localtime(waiting_since):%-d %B %Y}"
        audit.record(entry, user, AuditEvent.Action.SHARED, note)
        if not submit and not handed_over_from:
            notifications.notify(
                recipient=supervisor, event="shared", actor=user, url=review_url, entry=entry
            )
    if waiting_since is not None:
        _keep_waiting(share, entry, waiting_since)

    if submit:
        state = share.review_state(entry.signoffs.all(), entry.content_fingerprint())
        if state == ReviewState.SUBMITTED:
            return share  # already waiting; no second notification
        if state == ReviewState.SIGNED_OFF:
            raise ReviewError(
                f"{supervisor.get_display_name()} has already signed off this version. "
                "Edit the entry if you want it reviewed again.",
                "already_signed_off",
            )
        share.submitted_at = timezone.now()
        share.save(update_fields=["submitted_at"])
        audit.record(
            entry,
            user,
            AuditEvent.Action.SUBMITTED,
            f"To {supervisor.get_display_name()}",
        )
        # After a change request, submitting is sending back: the supervisor is told so.
        sent_back = state == ReviewState.CHANGES_REQUESTED
        notifications.notify(
            recipient=supervisor,
            event="sent_back" if sent_back else "submitted",
            actor=user,
            url=review_url,
            entry=entry,
        )
    return share


def _keep_waiting(share: Share, entry: Entry, since: datetime.datetime) -> None:
    """Mark a share waiting for review since `since`, unless its supervisor has already
    acted on the entry (submitted to, signed off, or asked for changes)."""
    if share.review_state(entry.signoffs.all(), entry.content_fingerprint()) != ReviewState.SHARED:
        return
    share.submitted_at = since
    share.save(update_fields=["submitted_at"])


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
