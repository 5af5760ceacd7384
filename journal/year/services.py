"""The "copied to my Social Work England account" tick: the person's own record, audited.

Not content: ticking changes no text, so it writes no version and never needs a new sign-off;
the audit trail keeps every tick and untick with its date.
"""

import datetime

from django.db import transaction

from journal import audit
from journal.models import AuditEvent, Entry, User
from journal.year import clock


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
