"""Read-only queries every package's pages share: tags, the audit trail, notification titles.

Services write; selectors read. The selectors of one domain live in its package
(journal.review.selectors, journal.year.selectors).
"""

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet

from corpus.models import Standard
from journal import policy
from journal.models import AuditEvent, Entry, Notification, User


def attach_tags(entries: Iterable[Entry], standards: Sequence[Standard]) -> dict[int, set[int]]:
    """Set `entry.tagged_standards` (those of `standards`, in their order) on each entry from
    one query of the tags, not a prefetch per list; returns entry id -> standard ids.

    Each entry also gets its `standard_count` (tags of any framework), which Entry.is_complete
    reads, so the list's query needs no aggregate.
    """
    entries = list(entries)
    tags: dict[int, set[int]] = {}
    for entry_id, standard_id in Entry.standards.through.objects.filter(
        entry__in=[e.pk for e in entries]
    ).values_list("entry_id", "standard_id"):
        tags.setdefault(entry_id, set()).add(standard_id)
    for entry in entries:
        mine = tags.get(entry.pk, ())
        entry.tagged_standards = [s for s in standards if s.pk in mine]
        entry.standard_count = len(mine)
    return tags


def audit_trail(entry: Entry) -> QuerySet[AuditEvent]:
    return entry.audit_events.select_related("actor").order_by("-created_at", "-pk")


def attach_entry_titles(user: User, notes: Iterable[Notification]) -> None:
    """Set `note.entry_title` on each notification: the title of the entry it is about while
    `user` may still read it (a supervisor whose share was revoked no longer sees it), else
    "". One query for the page."""
    notes = list(notes)
    ids = {note.entry_id for note in notes if note.entry_id}
    readable = policy.entries_readable(user).filter(pk__in=ids).only("title") if ids else []
    titles = {entry.pk: entry.display_title for entry in readable}
    for note in notes:
        note.entry_title = titles.get(note.entry_id, "")
