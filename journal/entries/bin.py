"""The bin: a deleted entry waits there 30 days, restorable, before it is purged for good."""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from journal import audit
from journal.models import AuditEvent, Entry, User

logger = logging.getLogger(__name__)

BIN_DAYS = 30


@transaction.atomic
def entry_move_to_bin(*, entry: Entry, user: User) -> None:
    entry.deleted_at = timezone.now()
    entry.save(update_fields=["deleted_at", "updated_at"])
    audit.record(entry, user, AuditEvent.Action.DELETED)


@transaction.atomic
def entry_restore(*, entry: Entry, user: User) -> None:
    entry.deleted_at = None
    entry.save(update_fields=["deleted_at", "updated_at"])
    audit.record(entry, user, AuditEvent.Action.RESTORED, "from the bin")


def bin_expiry(entry: Entry) -> datetime.datetime:
    return entry.deleted_at + datetime.timedelta(days=BIN_DAYS)


@dataclass
class PurgeResult:
    purged: int
    failed: list[int]


def purge_bin(*, now: datetime.datetime | None = None) -> PurgeResult:
    """Delete entries that have been in the bin for more than 30 days, one at a time.

    Each entry is deleted in its own transaction, so one that cannot be deleted is logged and
    left for the next run while everyone else's bin is still emptied.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=BIN_DAYS)
    result = PurgeResult(purged=0, failed=[])
    expired = Entry.objects.filter(deleted_at__lt=cutoff).order_by("pk")
    for pk in expired.values_list("pk", flat=True).iterator():
        try:
            with transaction.atomic():
                entry_purge(Entry.objects.select_for_update().get(pk=pk, deleted_at__lt=cutoff))
        except Entry.DoesNotExist:
            continue  # restored or purged since the list was read
        except Exception:
            logger.exception("Could not purge entry %s from the bin", pk)
            result.failed.append(pk)
        else:
            result.purged += 1
    return result


def entry_purge(entry: Entry) -> None:
    """Delete a binned entry for good, keeping the evidence of any sign-off.

    The owner chose to delete it, so its text goes; but a sign-off is evidence of supervision
    for their renewal, so who signed off which version, when, with which fingerprint, stays in
    the owner's audit trail (an event not tied to the deleted entry).
    """
    for sign_off in entry.signoffs.select_related("supervisor", "version").order_by("created_at"):
        audit.record(  # the evidence first: the detail is cut at 300 characters
            None,
            entry.owner,
            AuditEvent.Action.PURGED,
            f"Sign-off kept: version {sign_off.version.number}, fingerprint "
            f"{sign_off.fingerprint}, signed off by {sign_off.supervisor_label[:60]} on "
            f"{sign_off.created_at:%d %B %Y}; “{entry.title[:50]}” was deleted after "
            f"{BIN_DAYS} days in the bin",
        )
    if not entry.signoffs.exists():
        audit.record(
            None,
            entry.owner,
            AuditEvent.Action.PURGED,
            f"“{entry.title[:80]}”, deleted after {BIN_DAYS} days in the bin",
        )
    entry.signoffs.all().delete()  # they protect the versions they signed
    entry.delete()
