"""Quick notes: saved once however often the phone sends them, and turned into entries.

A note becomes an entry through `entry_save`, the one path that writes entry content, so the
new draft has its first version and audit event like any other.
"""

import re
import uuid

from django.db import IntegrityError, transaction

from corpus.models import Passage
from journal.entries.services import EntryChange, entry_save
from journal.models import Entry, QuickNote, User

# "Priya (senior practitioner)" or "Priya, senior practitioner": who, then their role.
_NAME_AND_ROLE = re.compile(r"(?P<name>[^(),]+?)\s*(?:\((?P<bracketed>[^()]+)\)|,(?P<after>.+))")


def split_name_and_role(text: str) -> tuple[str, str]:
    """The name and the role in a note's "who you discussed it with"; the role is empty when
    none is given. An entry's peer reflection asks for the two apart."""
    text = text.strip()
    match = _NAME_AND_ROLE.fullmatch(text)
    if not match:
        return text, ""
    role = match["bracketed"] or match["after"]
    return match["name"].strip(), role.strip()


def note_save(*, user: User, client_id: uuid.UUID, fields: dict) -> tuple[QuickNote, bool]:
    """Store the note unless this phone already sent it; returns (note, created)."""
    existing = QuickNote.objects.filter(owner=user, client_id=client_id).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return QuickNote.objects.create(owner=user, client_id=client_id, **fields), True
    except IntegrityError:  # the same note, sent twice at the same moment
        return QuickNote.objects.get(owner=user, client_id=client_id), False


@transaction.atomic
def note_to_entry(*, note: QuickNote, user: User) -> Entry:
    """A draft entry holding the note's text in the right fields (and its passage cited).

    Turning the same note twice opens the entry made the first time.
    """
    note = QuickNote.objects.select_for_update().get(pk=note.pk)
    if note.entry_id and note.entry.deleted_at is None:
        return note.entry
    passages: list[Passage] = []
    if note.passage_id:
        passages = [Passage.objects.with_display().get(pk=note.passage_id)]
    activity_type = Entry.ActivityType.OTHER
    if passages:
        podcast = passages[0].source.kind == "podcast"
        activity_type = Entry.ActivityType.PODCAST if podcast else Entry.ActivityType.READING
    peer_name, peer_role = split_name_and_role(note.discussed_with)
    fields = {
        "title": note.headline,
        "activity_type": activity_type,
        "activity_date": note.activity_date,
        "description": note.what_i_did,
        "learning": note.what_struck_me,
        "peer_name": peer_name,
        "peer_role": peer_role,
    }
    version = entry_save(
        user=user,
        change=EntryChange(fields=fields, status=Entry.Status.DRAFT, cite=passages),
        form_key=note.client_id,
    )
    note.entry = version.entry
    note.save(update_fields=["entry"])
    return version.entry
