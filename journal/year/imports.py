"""An import's database side: records that match what the journal already holds, and writing
the checked records, all of them or none, each through `entry_save`."""

import datetime
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from corpus.models import Standard
from journal.entries.models import dates_to_come
from journal.entries.services import EntryChange, entry_save
from journal.models import Entry, User
from journal.year.import_checks import TEXT_FIELDS, CheckedRecord


@dataclass(frozen=True)
class Match:
    """A record that seems to be in the journal already (or earlier in the same file)."""

    row: int
    title: str  # the entry's (or the earlier row's) title
    day: datetime.date | None  # its date of activity
    reason: str  # "same title and date", "same text"
    earlier_row: int | None = None  # set when the match is another row of the same file

    @property
    def message(self) -> str:
        where = (
            f"row {self.earlier_row} of this file"
            if self.earlier_row
            else f"“{self.title}” in your journal"
        )
        day = f" ({self.day:%-d %b %Y})" if self.day else ""
        return f"it has the {self.reason} as {where}{day}"


def _plain(text: str) -> str:
    return re.sub(r"\W+", " ", (text or "").casefold()).strip()


SAME_TITLE_AND_DATE = "same title and date"
SAME_TEXT = "same text"


def _keys(title: str, day, texts) -> list[tuple]:
    """The ways a record is the same as another: its title and date, or its text (each only
    when there is one)."""
    keys = []
    if _plain(title):
        keys.append((SAME_TITLE_AND_DATE, _plain(title), day))
    text = "\n".join(_plain(t) for t in texts)
    if text.strip():
        keys.append((SAME_TEXT, text))
    return keys


def find_matches(user: User, records: list[CheckedRecord]) -> dict[int, Match]:
    """Each record that matches one of the person's entries (not in the bin) or an earlier row
    of the same file, by its row; one query, whatever the journal holds."""
    seen: dict[tuple, Match] = {}
    entries = (
        Entry.objects.owned_by(user)
        .alive()
        .order_by("activity_date", "pk")
        .values_list("title", "activity_date", *TEXT_FIELDS)
    )
    for title, day, *texts in entries:
        for key in _keys(title, day, texts):
            seen.setdefault(key, Match(0, title, day, key[0]))
    matches: dict[int, Match] = {}
    for record in records:
        title, day = record.fields.get("title", ""), record.fields["activity_date"]
        keys = _keys(title, day, [record.fields.get(n, "") for n in TEXT_FIELDS])
        found = next((seen[key] for key in keys if key in seen), None)
        if found is not None:
            matches[record.row] = Match(
                record.row, found.title, found.day, found.reason, found.earlier_row
            )
        for key in keys:
            seen.setdefault(key, Match(0, title, day, key[0], earlier_row=record.row))
    return matches


@transaction.atomic
def import_records(*, user: User, records: list[CheckedRecord]) -> list[Entry]:
    """One entry per record, with its standards and statements, marked as imported and
    complete (a draft if dated after today); any failure rolls every one of them back."""
    now = timezone.now()
    standards = {s.number: s for s in Standard.objects.primary()}
    statements = {st.number: st for s in standards.values() for st in s.statement_list}
    entries = []
    for record in records:
        fields = dict(record.fields)
        # A record of something still to come (a mistyped year) waits as a draft, as the
        # editor would keep it: complete is one rule, the entry's.
        change = EntryChange(
            fields=fields,
            status=Entry.Status.DRAFT if dates_to_come(fields) else Entry.Status.MARKED_COMPLETE,
            standards=[standards[n] for n in record.standards],
            statements=[statements[n] for n in record.statements],
        )
        entries.append(entry_save(user=user, change=change).entry)
    Entry.objects.filter(pk__in=[e.pk for e in entries]).update(imported_at=now)
    return entries
