"""Writing entries so that nothing a person wrote is ever lost.

`entry_save` is the one path every change to an entry's content takes: the editor's form,
autosave, restoring a version, citing a passage, removing a citation. In one transaction it
applies the change, writes exactly one version and one audit event (an autosave may extend
the draft version it wrote a moment ago instead, when that loses no text), and refuses:

- a save from a stale form: the submitted text is kept as a "conflict" version in its own
  transaction and EditConflict is raised (optimistic concurrency on Entry.revision);
- a change to signed-off content the person has not chosen to reopen (SignedOffEntry, raised
  by review on signals.signed_off_text_changed: whether the text is still signed is review's).

The bin is in bin.py; restoring a version and cleaning the history are in versions.py.
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from corpus.models import Passage, Standard, Statement
from journal import audit
from journal.entries.citing import QuotePart, cite, cite_key, cite_own, quote_part, requote
from journal.entries.content import FIELDS_BY_NAME, TEXT_FIELD_NAMES, Kind
from journal.entries.models import fingerprint_of
from journal.entries.signals import signed_off_text_changed
from journal.models import AuditEvent, Citation, Entry, EntryVersion, User

AUTOSAVE_COLLAPSE = datetime.timedelta(minutes=5)


class EditConflict(Exception):
    """The entry changed since the form was opened; the submitted text was kept as a version."""

    def __init__(self, entry: Entry, kept: EntryVersion):
        super().__init__("The entry was saved elsewhere since this form was opened.")
        self.entry = entry
        self.kept = kept


class SignedOffEntry(Exception):
    """The change would alter signed-off content and the person has not chosen to reopen it."""

    def __init__(self, entry: Entry):
        super().__init__(
            "This entry is signed off. Choose “Edit and ask for a new sign-off” before changing it."
        )
        self.entry = entry


@dataclass
class EntryChange:
    """One change to an entry, whichever page it comes from. None means "leave as it is"."""

    fields: dict = field(default_factory=dict)
    status: str | None = None
    standards: Iterable[Standard] | None = None
    statements: Iterable[Statement] | None = None
    cite: Sequence["Passage | QuotePart"] = ()
    # Sources not in the library, each a dict of title, author, date, url and quote.
    own_sources: Sequence[dict] = ()
    # The citations to keep, by id; None keeps them all. Anything not listed is removed.
    keep_citations: Iterable[int] | None = None
    # Citations to quote other words of their passage in, by id ("Trim this quote").
    requote: dict[int, QuotePart] = field(default_factory=dict)
    privacy_acknowledged: list | None = None
    # The person chose to edit a signed-off entry and ask for a new sign-off.
    reopen_signed_off: bool = False


_AUDIT_ACTIONS = {
    EntryVersion.Kind.SAVE: AuditEvent.Action.EDITED,
    EntryVersion.Kind.AUTOSAVE: AuditEvent.Action.AUTOSAVED,
    EntryVersion.Kind.RESTORE: AuditEvent.Action.RESTORED,
}


def entry_save(
    *,
    user: User | None,
    change: EntryChange,
    entry: Entry | None = None,
    expected_revision: int | None = None,
    kind: str = EntryVersion.Kind.SAVE,
    form_key: uuid.UUID | None = None,
    client_key: uuid.UUID | None = None,
) -> EntryVersion:
    """Apply `change` to `entry` (or create the entry) and record it; returns the version.

    `form_key` identifies the editor page a new entry came from: a second submission from the
    same page (a double tap, a reload, autosave racing the button) updates the entry the first
    one created. `expected_revision` is the revision the form was opened at; None skips the
    check (a new entry, or the same page's own follow-up save). `user` is None only for a
    change made by someone without an account: a peer's confirmation filling the peer part. `client_key` is made by the
    device for one save: a save queued offline and sent again is applied once.
    """
    with transaction.atomic():
        if entry is None and form_key is not None:
            entry = Entry.objects.filter(owner=user, form_key=form_key).first()
        if entry is None:
            return _create(user=user, change=change, kind=kind, form_key=form_key, key=client_key)
        current = _locked(entry)
        done = current.versions.filter(client_key=client_key).first() if client_key else None
        if done is not None and done.kind != EntryVersion.Kind.CONFLICT:
            return done
        if done is None and expected_revision in (None, current.revision):
            version = _update(current, user=user, change=change, kind=kind, key=client_key)
            entry.refresh_from_db()
            return version
        # Numbered inside the row lock, like every other version, so that any number of
        # tabs saving at once each keep their text.
        kept = done or _keep_conflicting_text(current, change, user=user, key=client_key)
    raise EditConflict(current, kept)


def _locked(entry: Entry) -> Entry:
    """The entry's row, locked until the transaction ends, with the tags every snapshot
    reads (unordered: a snapshot sorts them). Whether it has any sign-off is on the row itself
    (ever_signed_off, set as review keeps one): the lock asks no other table."""
    current = Entry.objects.select_for_update().get(pk=entry.pk)
    prefetch_related_objects(
        [current],
        Prefetch("standards", Standard.objects.order_by()),
        Prefetch("statements", Statement.objects.order_by()),
    )
    return current


def _create(*, user: User, change: EntryChange, kind: str, form_key, key) -> EntryVersion:
    entry = Entry(owner=user, form_key=form_key)
    _apply_fields(entry, change)
    entry.save()
    details = _apply_relations(entry, change)
    version = _write_version(entry, user=user, kind=kind, key=key)
    audit.record(entry, user, AuditEvent.Action.CREATED, _detail(version, details))
    return version


def _update(
    entry: Entry, *, user: User | None, change: EntryChange, kind: str, key
) -> EntryVersion:
    """The change, on the locked row; the snapshot after it is built once and serves the
    sign-off check, the version and its fingerprint."""
    # The text as it is before this change, when a sign-off may stand on it: review's to judge.
    before = entry.content_fingerprint() if entry.ever_signed_off else ""
    _apply_fields(entry, change)
    entry.revision += 1  # the row is locked: no one else moves it meanwhile
    entry.save()
    details = _apply_relations(entry, change)
    snapshot = entry.snapshot()
    fingerprint = fingerprint_of(snapshot)
    if before and fingerprint != before:
        signed_off_text_changed.send(
            sender=Entry, entry=entry, before=before, reopen=change.reopen_signed_off
        )  # review raises SignedOffEntry, rolling it all back, unless the owner reopened it
    latest = entry.versions.order_by("-number").first()
    if key is None and _can_extend(latest, entry, snapshot, user=user, kind=kind):
        # Keystroke-level history is noise: one autosave version per few minutes of typing,
        # as long as the newer text still holds everything the older one did.
        latest.data = snapshot
        latest.fingerprint = fingerprint
        latest.created_at = timezone.now()
        latest.save(update_fields=["data", "fingerprint", "created_at"])
        return latest
    version = _write_version(entry, user=user, kind=kind, snapshot=snapshot, key=key)
    audit.record(entry, user, _AUDIT_ACTIONS[kind], _detail(version, details))
    return version


def _apply_fields(entry: Entry, change: EntryChange) -> None:
    for name, value in change.fields.items():
        spec = FIELDS_BY_NAME[name]  # a KeyError here is a programming mistake, not input
        if value is None and spec.kind != Kind.DATE:
            value = ""
        if name == "activity_date" and value is None:
            continue  # the activity always has a date; keep the one it has
        setattr(entry, name, value)
    if change.status in Entry.Status.values:
        entry.status = change.status
    if change.privacy_acknowledged is not None:
        entry.privacy_acknowledged = change.privacy_acknowledged


def _apply_relations(entry: Entry, change: EntryChange) -> list[str]:
    """Tags and citations; returns plain words for the audit trail."""
    if change.standards is not None:
        _set_tags(entry.standards, change.standards)
    if change.statements is not None:
        _set_tags(entry.statements, change.statements)
    details = []
    if change.keep_citations is not None:
        # A passage the same change cites again is kept, whatever the list says.
        citing = {cite_key(p) for p in change.cite}
        doomed = [
            c.pk
            for c in entry.citations.exclude(pk__in=list(change.keep_citations))
            if (c.source_slug, c.anchor, c.quote) not in citing
        ]
        if doomed:
            entry.citations.filter(pk__in=doomed).delete()
            details.append(f"removed {counted(len(doomed), 'citation')}")
    trimmed = sum(
        requote(citation, change.requote[citation.pk])
        for citation in entry.citations.filter(pk__in=list(change.requote))
    )
    if trimmed:
        details.append(f"trimmed {counted(trimmed, 'quote')}")
    added = sum(cite(entry, passage) for passage in change.cite)
    if added:
        details.append(f"cited {counted(added, 'passage')}")
    for source in change.own_sources:
        cite_own(entry, source)
    if change.own_sources:
        details.append(f"added {counted(len(change.own_sources), 'own source')}")
    return details


def _set_tags(tags, chosen: Iterable) -> None:
    """Write the tags only when they change: most saves leave them as they were. `chosen` holds
    rows or their ids, as `set()` takes them."""
    chosen = list(chosen)
    if {getattr(tag, "pk", tag) for tag in chosen} != {tag.pk for tag in tags.all()}:
        tags.set(chosen)


def counted(n: int, noun: str) -> str:
    """'1 citation', '2 citations': the audit trail's counts."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _detail(version: EntryVersion, details: list[str]) -> str:
    return "; ".join([f"version {version.number}", *details])


def _keeps_all_text(old: dict, new: dict) -> bool:
    """True when every character of every text field in `old` is still in `new`, in order
    (the older text is a subsequence of the newer: typing only added). Linear in the text,
    so it costs nothing on an autosave however long the entry."""
    for name in TEXT_FIELD_NAMES:
        newer = iter(new.get(name) or "")
        if not all(char in newer for char in old.get(name) or ""):
            return False
    return set(old.get("citations", [])) <= set(new.get("citations", []))


def _can_extend(
    latest: EntryVersion | None, entry: Entry, snapshot: dict, *, user: User | None, kind: str
) -> bool:
    return (
        kind == EntryVersion.Kind.AUTOSAVE
        and latest is not None
        and latest.kind == EntryVersion.Kind.AUTOSAVE
        and user is not None
        and latest.author_id == user.pk
        and timezone.now() - latest.created_at < AUTOSAVE_COLLAPSE
        and not (entry.ever_signed_off and latest.signoffs.exists())
        and _keeps_all_text(latest.data, snapshot)
    )


def _write_version(
    entry: Entry,
    *,
    user: User | None,
    kind: str,
    snapshot: dict | None = None,
    key: uuid.UUID | None = None,
) -> EntryVersion:
    snapshot = entry.snapshot() if snapshot is None else snapshot
    return EntryVersion.objects.create(
        entry=entry,
        number=EntryVersion.objects.next_number(entry),
        author=user,
        kind=kind,
        data=snapshot,
        fingerprint=fingerprint_of(snapshot),
        client_key=key,
    )


def version_of_current_content(entry: Entry) -> EntryVersion:
    """The newest version holding exactly the entry's current content (what a sign-off signs).

    Every save writes one, so it exists; entries saved before that rule get one written now.
    """
    fingerprint = entry.content_fingerprint()
    version = entry.versions.filter(fingerprint=fingerprint).order_by("-number").first()
    return version or _write_version(entry, user=entry.owner, kind=EntryVersion.Kind.SAVE)


def _keep_conflicting_text(
    current: Entry, change: EntryChange, *, user: User, key: uuid.UUID | None
) -> EntryVersion:
    """The text of a save that lost the race, as a version: call inside the row lock."""
    snapshot = current.snapshot()
    for name, value in change.fields.items():
        snapshot[name] = value.isoformat() if isinstance(value, datetime.date) else value
    version = EntryVersion.objects.create(
        entry=current,
        number=EntryVersion.objects.next_number(current),
        author=user,
        kind=EntryVersion.Kind.CONFLICT,
        data=snapshot,
        fingerprint="",
        client_key=key,
    )
    audit.record(current, user, AuditEvent.Action.CONFLICT_KEPT, f"version {version.number}")
    return version


class TrimRefused(ValueError):
    """The words chosen are not part of the quotation's passage; nothing was changed."""


def citation_trim(
    *,
    user: User,
    entry: Entry,
    citation: Citation,
    start: int,
    end: int,
    expected_revision: int | None,
    reopen_signed_off: bool = False,
) -> EntryVersion:
    """Quote only passage.text[start:end] in an existing citation, through `entry_save`: one
    version, the sign-off and stale-form checks, and the quote still verbatim from the passage.
    """
    if citation.entry_id != entry.pk:
        raise Citation.DoesNotExist  # a programming mistake: views look it up in the entry
    if citation.passage_id is None or citation.status == Citation.Status.MISSING:
        raise TrimRefused(
            "This quotation is no longer in the library, so it is kept as you cited it."
        )
    part = quote_part(citation.passage, start, end)
    if part is None:
        raise TrimRefused(
            "Those words are not part of the passage. Select some words inside it, then try again."
        )
    return entry_save(
        user=user,
        entry=entry,
        change=EntryChange(requote={citation.pk: part}, reopen_signed_off=reopen_signed_off),
        expected_revision=expected_revision,
    )
