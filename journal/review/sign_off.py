"""Sign-off: a supervisor's record of the exact version they read."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from journal import audit, notifications, policy
from journal.entries.services import version_of_current_content
from journal.errors import ReviewError
from journal.models import AuditEvent, Entry, ReviewState, SignOff, User


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
    if latest is not None and latest.covers(fingerprint):
        raise ReviewError("You have already signed off this version.", "already_signed_off")

    version = version_of_current_content(entry)
    sign_off = SignOff.objects.create(
        entry=entry,
        supervisor=supervisor,
        version=version,
        fingerprint=fingerprint,
        note=note.strip(),
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
        entry=entry,
    )
    return sign_off


def tell_who_signed_off(entry: Entry, signed: str) -> None:
    """The first change after a sign-off puts the entry back in the queue of each supervisor
    who signed that text (fingerprint `signed`) and still reads it: tell each of them, once.
    Later saves start from text that is already changed, so they tell no one until the next
    sign-off."""
    sign_offs = list(entry.signoffs.all())
    review_url = reverse("journal:review_entry", args=[entry.pk])
    for share in entry.shares.filter(revoked_at__isnull=True).select_related(
        "supervision__supervisor"
    ):
        if share.is_live and share.review_state(sign_offs, signed) == ReviewState.SIGNED_OFF:
            notifications.notify(
                recipient=share.supervision.supervisor,
                event="changed_since_sign_off",
                actor=entry.owner,
                url=review_url,
                entry=entry,
            )
