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


def identifiers_in(data: dict, allowed: Iterable[str] = ()) -> set[str]:
    """Every identifier the privacy scan finds in a snapshot's text fields."""
    from journal.entries import privacy

    return {
        f.text
        for name in TEXT_FIELD_NAMES
        for f in privacy.scan(str(data.get(name) or ""), allowed_names=allowed)
    }


def fixed_findings(entry: Entry, *earlier: dict) -> list[str]:
    """Identifiers earlier snapshots held that the current text no longer does. The library's
    own speakers and authors are no identifiers; their names are read only when there are
    such findings to check against them."""
    current = entry.snapshot()

    def fixed(allowed: Iterable[str]) -> set[str]:
        held = set().union(*(identifiers_in(data, allowed) for data in earlier))
        return held - identifiers_in(current, allowed)

    found = fixed(())
    return sorted(fixed(library_names()) if found else found)


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
