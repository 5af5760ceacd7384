"""The worker's own ticks: "copied to my Social Work England account" on a piece (audited),
and the parts of a year's renewal done.

Not content: ticking changes no text, so it writes no version and never needs a new sign-off;
the audit trail keeps every copied tick and untick with its date.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from journal import audit, clock
from journal.models import AuditEvent, Entry, RenewalStep, User


@transaction.atomic
def entry_mark_copied(
    *, entry: Entry, user: User, copied: bool, on: datetime.date | None = None
) -> None:
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if copied:
        day = on or clock.today()
        entry.copied_on = day
        action, detail = AuditEvent.Action.COPIED, f"copied on {day:%-d %B %Y}"
    else:
        if entry.copied_on is None:
            return
        entry.copied_on = None
        action, detail = AuditEvent.Action.UNCOPIED, ""
    # update_fields keeps updated_at as it is: the text did not change.
    Entry.objects.filter(pk=entry.pk).update(copied_on=entry.copied_on)
    audit.record(entry, user, action, detail)


def renewal_step_tick(
    *, user: User, year: int, part: str, done: bool, on: datetime.date | None = None
) -> None:
    """Tick one part of a year's renewal as done on a day (today by default), or untick it."""
    if done:
        RenewalStep.objects.update_or_create(
            owner=user,
            year=year,
            part=part,
            defaults={"done_on": on or clock.today(), "ticked_at": timezone.now()},
        )
    else:
        RenewalStep.objects.filter(owner=user, year=year, part=part).delete()
