"""An entry's version history: restoring an earlier version, and removing from every version
an identifying detail the person has since fixed (and finding which those are).

Versions are written only by `entry_save` (services.py); restoring goes through it too.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction

from corpus.models import Standard, Statement
from corpus.selectors import library_names
from journal import audit
from journal.entries.content import FIELDS_BY_NAME, TEXT_FIELD_NAMES, Kind
from journal.entries.services import EntryChange, counted, entry_save
from journal.models import AuditEvent, Entry, EntryVersion, User

REMOVED = "[removed]"


@transaction.atomic
def versions_remove_detail(*, entry: Entry, text: str, user: User) -> int:
    """Remove an identifying detail the person has fixed from every earlier version.

    The current text must no longer hold it (fix it first). Versions keep their numbers and
    fingerprints, so a sign-off still points at the version it signed, and the audit trail says
    what was removed and from how many versions. Returns that number.
    """
    text = text.strip()
    if not text:
        return 0
    current = entry.snapshot()
    if any(text in str(current.get(name) or "") for name in TEXT_FIELD_NAMES):
        raise ValueError("The current text still contains it: change it there first.")
    changed = 0
    for version in entry.versions.select_for_update():
        data = dict(version.data)
        for name in TEXT_FIELD_NAMES:
            if isinstance(data.get(name), str) and text in data[name]:
                data[name] = data[name].replace(text, REMOVED)
        if data != version.data:
            version.data = data
            version.save(update_fields=["data"])
            changed += 1
    if changed:
        audit.record(
            entry,
            user,
            AuditEvent.Action.DETAIL_REMOVED,
            f"An identifying detail removed from {counted(changed, 'earlier version')}",
        )
    return changed


def _found(texts: Iterable[str], allowed: Iterable[str]) -> set[str]:
    """Every identifier the privacy scan finds in `texts`."""
    from journal.entries import privacy

    return {f.text for text in texts if text for f in privacy.scan(text, allowed_names=allowed)}


def _gone(texts: set[str], current: dict) -> list[str]:
    """Identifiers in `texts` that no text field of `current` holds any more: what
    versions_remove_detail would take out. The library's own speakers and authors are no
    identifiers; their names are read only when there are such findings to check."""
    now = [str(current.get(name) or "") for name in TEXT_FIELD_NAMES]

    def gone(allowed: Iterable[str]) -> set[str]:
        return {text for text in _found(texts, allowed) if not any(text in t for t in now)}

    found = gone(())
    return sorted(gone(library_names()) if found else found)


def fixed_findings(entry: Entry, *earlier: dict) -> list[str]:
    """Identifiers earlier snapshots held that the current text no longer does; each
    distinct text is scanned once, however many versions repeat it."""
    return _gone(
        {str(data.get(name) or "") for data in earlier for name in TEXT_FIELD_NAMES},
        entry.snapshot(),
    )


def held_in_history(entry: Entry) -> list[str]:
    """What any version of the entry still holds that its text no longer does. Reads every
    version: for a save's answer, not for each opening of the editor."""
    return fixed_findings(entry, *entry.versions.values_list("data", flat=True))


def removed_details(before: dict, after: dict) -> list[str]:
    """Identifiers a save took out of the text (`before` and `after` are snapshots, and
    every saved text is a version, so the history now holds them). Only the fields that
    changed are scanned, and nothing is read from the database unless something was found:
    cheap enough for every autosave."""
    changed = {
        str(before.get(name) or "")
        for name in TEXT_FIELD_NAMES
        if (before.get(name) or "") != (after.get(name) or "")
    }
    return _gone(changed, after) if changed else []


def version_restore(*, entry: Entry, version: EntryVersion, user: User) -> EntryVersion:
    """Make an earlier version the current text, as a new version (nothing is overwritten)."""
    fields = {}
    for name, spec in FIELDS_BY_NAME.items():
        value = version.data.get(name, "")
        if spec.kind == Kind.DATE:
            value = datetime.date.fromisoformat(value) if value else None
        fields[name] = value
    change = EntryChange(
        fields=fields,
        standards=Standard.objects.filter(
            framework__is_primary=True, number__in=version.data.get("standards", [])
        ),
        statements=Statement.objects.filter(
            standard__framework__is_primary=True, number__in=version.data.get("statements", [])
        ),
        reopen_signed_off=True,  # restoring is an explicit choice to change the text
    )
    return entry_save(
        user=user,
        entry=entry,
        change=change,
        expected_revision=entry.revision,
        kind=EntryVersion.Kind.RESTORE,
    )
