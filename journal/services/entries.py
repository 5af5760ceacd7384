"""Writing entries so that nothing a person wrote is ever lost.

Every save keeps an EntryVersion; a save from a stale form never overwrites a newer one
(optimistic concurrency on Entry.revision) but is kept as a "conflict" version; deleting
moves an entry to a bin it can be restored from for 30 days.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from corpus.models import Passage, Standard, Statement
from journal import audit
from journal.models import AuditEvent, Citation, Entry, EntryVersion, User

logger = logging.getLogger(__name__)

BIN_DAYS = 30
AUTOSAVE_COLLAPSE = datetime.timedelta(minutes=5)
CONTEXT_CHARS = 200


class EditConflict(Exception):
    """The entry changed since the form was opened; the submitted text was kept as a version."""

    def __init__(self, entry: Entry, kept: EntryVersion):
        super().__init__("The entry was saved elsewhere since this form was opened.")
        self.entry = entry
        self.kept = kept


def _apply(entry: Entry, data: dict) -> None:
    for name in Entry.CONTENT_FIELDS:
        if name in data:
            value = data[name]
            setattr(entry, name, "" if value is None and name != "peer_date" else value)
    if data.get("status") in Entry.Status.values:
        entry.status = data["status"]
    if "privacy_acknowledged" in data:
        entry.privacy_acknowledged = data["privacy_acknowledged"]
    if not entry.title.strip():
        entry.title = "Untitled draft"


def _write_version(entry: Entry, *, user: User | None, kind: str) -> EntryVersion:
    latest = entry.versions.order_by("-number").first()
    now = timezone.now()
    if (
        kind == EntryVersion.Kind.AUTOSAVE
        and latest is not None
        and latest.kind == EntryVersion.Kind.AUTOSAVE
        and latest.author_id == getattr(user, "pk", None)
        and now - latest.created_at < AUTOSAVE_COLLAPSE
        and not latest.signoffs.exists()
    ):
        # Keystroke-level history is noise: one autosave version per few minutes of typing.
        latest.data = entry.snapshot()
        latest.fingerprint = entry.content_fingerprint()
        latest.created_at = now
        latest.save(update_fields=["data", "fingerprint", "created_at"])
        return latest
    number = (entry.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return EntryVersion.objects.create(
        entry=entry,
        number=number,
        author=user,
        kind=kind,
        data=entry.snapshot(),
        fingerprint=entry.content_fingerprint(),
        created_at=now,
    )


def _set_tags(
    entry: Entry, standards: Iterable[Standard] | None, statements: Iterable[Statement] | None
) -> None:
    if standards is not None:
        entry.standards.set(standards)
    if statements is not None:
        entry.statements.set(statements)


@transaction.atomic
def entry_create(
    *,
    owner: User,
    data: dict,
    standards: Iterable[Standard] | None = None,
    statements: Iterable[Statement] | None = None,
    passages: Iterable[Passage] = (),
    kind: str = EntryVersion.Kind.SAVE,
) -> Entry:
    entry = Entry(owner=owner)
    _apply(entry, data)
    entry.save()
    _set_tags(entry, standards, statements)
    for passage in passages:
        cite_passage(entry=entry, passage=passage)
    _write_version(entry, user=owner, kind=kind)
    audit.record(entry, owner, AuditEvent.Action.CREATED)
    return entry


def entry_update(
    *,
    entry: Entry,
    data: dict,
    user: User,
    expected_revision: int,
    standards: Iterable[Standard] | None = None,
    statements: Iterable[Statement] | None = None,
    kind: str = EntryVersion.Kind.SAVE,
) -> EntryVersion:
    """Save a form over the entry, unless someone saved it since the form was opened.

    On a conflict nothing is overwritten; the submitted text is kept as a "conflict"
    version (in its own transaction, so it survives) and EditConflict is raised.
    """
    with transaction.atomic():
        current = Entry.objects.select_for_update().get(pk=entry.pk)
        if current.revision == expected_revision:
            _apply(current, data)
            current.revision = F("revision") + 1
            current.save()
            current.refresh_from_db()
            _set_tags(current, standards, statements)
            version = _write_version(current, user=user, kind=kind)
            if kind != EntryVersion.Kind.AUTOSAVE:
                audit.record(current, user, AuditEvent.Action.EDITED, f"version {version.number}")
            entry.refresh_from_db()
            return version
    kept = _keep_conflicting_text(current, data, user=user)
    raise EditConflict(current, kept)


@transaction.atomic
def _keep_conflicting_text(current: Entry, data: dict, *, user: User) -> EntryVersion:
    snapshot = current.snapshot()
    for name in Entry.CONTENT_FIELDS:
        if name in data:
            value = data[name]
            snapshot[name] = value.isoformat() if isinstance(value, datetime.date) else value
    number = (current.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return EntryVersion.objects.create(
        entry=current,
        number=number,
        author=user,
        kind=EntryVersion.Kind.CONFLICT,
        data=snapshot,
        fingerprint="",
    )


@transaction.atomic
def version_restore(*, entry: Entry, version: EntryVersion, user: User) -> EntryVersion:
    data = {name: version.data.get(name, "") for name in Entry.CONTENT_FIELDS}
    for name in ("activity_date", "peer_date"):
        data[name] = datetime.date.fromisoformat(data[name]) if data.get(name) else None
    if data["activity_date"] is None:
        data["activity_date"] = entry.activity_date
    standards = Standard.objects.filter(
        framework__is_primary=True, number__in=version.data.get("standards", [])
    )
    statements = Statement.objects.filter(
        standard__framework__is_primary=True, number__in=version.data.get("statements", [])
    )
    restored = entry_update(
        entry=entry,
        data=data,
        user=user,
        expected_revision=entry.revision,
        standards=standards,
        statements=statements,
        kind=EntryVersion.Kind.RESTORE,
    )
    audit.record(entry, user, AuditEvent.Action.RESTORED, f"version {version.number}")
    return restored


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


def _neighbour_text(passage: Passage, offset: int) -> str:
    neighbour = (
        Passage.objects.filter(source=passage.source_id, position=passage.position + offset)
        .only("text")
        .first()
    )
    if neighbour is None:
        return ""
    text = neighbour.text
    return text[-CONTEXT_CHARS:] if offset < 0 else text[:CONTEXT_CHARS]


def cite_passage(*, entry: Entry, passage: Passage) -> Citation:
    """Keep the passage verbatim, with enough context to find it again after a re-import."""
    existing = entry.citations.filter(
        source_slug=passage.source.slug, anchor=passage.anchor
    ).first()
    if existing:
        return existing
    position = (entry.citations.aggregate(n=Max("position"))["n"] or 0) + 1
    return Citation.objects.create(
        entry=entry,
        passage=passage,
        source_slug=passage.source.slug,
        anchor=passage.anchor,
        quote=passage.text,
        context_before=_neighbour_text(passage, -1),
        context_after=_neighbour_text(passage, 1),
        speaker_name=passage.speaker.name if passage.speaker_id else "",
        source_title=passage.source.title,
        episode_title=passage.episode.title if passage.episode_id else "",
        source_date=(passage.episode.published if passage.episode_id else None)
        or passage.source.published,
        position=position,
    )


def passage_from_reference(reference: str) -> Passage | None:
    """'<source-slug>:<anchor>' as used by "Reflect on this" links, or None."""
    slug, _, anchor = (reference or "").partition(":")
    if not slug or not anchor:
        return None
    return Passage.objects.with_display().filter(source__slug=slug, anchor=anchor).first()
