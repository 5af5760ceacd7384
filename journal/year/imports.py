"""Writing checked records from an import: all of them or none, each through `entry_save`."""

from django.db import transaction
from django.utils import timezone

from journal.entries.models import dates_to_come
from journal.entries.services import EntryChange, entry_save
from journal.models import Entry, User
from journal.year.spreadsheets import CheckedRecord


@transaction.atomic
def import_records(*, user: User, records: list[CheckedRecord]) -> list[Entry]:
    """One entry per record, marked as imported and complete (a draft if dated after today);
    any failure rolls every one of them back."""
    now = timezone.now()
    entries = []
    for record in records:
        fields = dict(record.fields)
        if not fields.get("title"):
            fields["title"] = (fields.get("description") or "Imported record")[:80]
        # A record of something still to come (a mistyped year) waits as a draft, as the
        # editor would keep it: complete is one rule, the entry's.
        status = Entry.Status.DRAFT if dates_to_come(fields) else Entry.Status.COMPLETE
        version = entry_save(user=user, change=EntryChange(fields=fields, status=status))
        entries.append(version.entry)
    Entry.objects.filter(pk__in=[e.pk for e in entries]).update(imported_at=now)
    return entries
