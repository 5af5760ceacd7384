"""Saving a checked account file into the signed-in person's account, all or nothing.

History comes in as records, never as links: sign-offs, comments and supervision sessions
name their supervisor as the file does (CarriedOver: "Sam Okafor (earlier journal)"), peer
confirmations keep the peer's name and answer and cannot be answered again. What came in
before from the same account (its site and username) is not brought in twice.
"""

import hashlib
import io
import secrets

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from journal import audit
from journal.account.portable.archive import AccountFileError, Archive
from journal.account.portable.reading import Plan, PlannedEntry, plan_import
from journal.entries.models import fingerprint_of
from journal.evidence.filetypes import Refused, identify
from journal.evidence.models import Evidence
from journal.evidence.services import check_size, clean_name
from journal.evidence.storage import random_name
from journal.models import (
    AccountImport,
    AuditEvent,
    Citation,
    Comment,
    Entry,
    EntryVersion,
    PeerRequest,
    QuickNote,
    RenewalStep,
    User,
)


class AlreadyImported(Exception):
    """This very file was imported into this account before: `when` is that import."""

    def __init__(self, when: AccountImport):
        super().__init__(f"already imported on {when.created_at:%Y-%m-%d}")
        self.when = when


def import_account(*, user: User, archive: Archive) -> AccountImport:
    """Check the whole file, then save it in one transaction; files written to disk for a
    transaction that rolls back are removed again."""
    earlier = AccountImport.objects.filter(owner=user, digest=archive.digest).first()
    if earlier is not None:
        raise AlreadyImported(earlier)
    plan = plan_import(archive)
    written: list[str] = []
    try:
        with transaction.atomic():
            return _Writer(user, archive, plan, written).write()
    except IntegrityError:
        _remove(written)
        earlier = AccountImport.objects.filter(owner=user, digest=archive.digest).first()
        if earlier is not None:  # the same file, sent twice at once
            raise AlreadyImported(earlier) from None
        raise
    except BaseException:
        _remove(written)
        raise


def empty_summary() -> dict:
    """What an import counts: its summary page reads every key."""
    return {
        "entries": 0,
        "entries_already_here": 0,
        "versions": 0,
        "citations": 0,
        "citations_linked": 0,
        "citations_unlinked": [],
        "comments": 0,
        "sign_offs": 0,
        "peer_confirmations": 0,
        "evidence_files": 0,
        "quick_notes": 0,
        "supervision_sessions": 0,
        "renewal_steps": 0,
        "renewal_steps_already_ticked": 0,
    }


def _remove(names: list[str]) -> None:
    storage = Evidence._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


class _Writer:
    def __init__(self, user: User, archive: Archive, plan: Plan, written: list[str]):
        self.user, self.archive, self.plan, self.written = user, archive, plan, written
        earlier = AccountImport.objects.filter(owner=user, origin=plan.origin)
        self.known = {"entries": {}, "sessions": {}}
        for record in earlier:
            for kind in self.known:
                self.known[kind].update(record.imported.get(kind, {}))
        self.summary = empty_summary()
        self.tags: dict[str, list[tuple[int, int]]] = {"standards": [], "statements": []}

    def write(self) -> AccountImport:
        self.record = AccountImport.objects.create(
            owner=self.user,
            digest=self.archive.digest,
            origin=self.plan.origin[:400],
            exported_at=self.plan.exported_at or None,
        )
        entries = {}
        for planned in self.plan.entries:
            if str(planned.key) in self.known["entries"]:
                self.summary["entries_already_here"] += 1
                continue
            entries[str(planned.key)] = self.entry(planned).pk
        for name, column in (("standards", "standard_id"), ("statements", "statement_id")):
            through = getattr(Entry, name).through
            through.objects.bulk_create(
                [through(entry_id=e, **{column: t}) for e, t in self.tags[name]]
            )
        sessions = self.sessions()
        self.notes({**self.known["entries"], **entries})
        self.steps()
        self.record.imported = {"entries": entries, "sessions": sessions}
        self.record.summary = self.summary
        self.record.save(update_fields=["imported", "summary"])
        return self.record

    def entry(self, planned: PlannedEntry) -> Entry:
        entry = planned.entry
        times = {"created_at": entry.created_at, "updated_at": entry.updated_at}
        entry.owner, entry.account_import = self.user, self.record
        entry.save()
        Entry.objects.filter(pk=entry.pk).update(**{k: v for k, v in times.items() if v})
        # The entry is new: its tags are rows to add, written together at the end.
        self.tags["standards"] += [(entry.pk, s.pk) for s in planned.standards]
        self.tags["statements"] += [(entry.pk, s.pk) for s in planned.statements]
        for citation in planned.citations:
            citation.entry = entry
            when = citation.created_at
            citation.save()
            if when:
                Citation.objects.filter(pk=citation.pk).update(created_at=when)
            self.summary["citations"] += 1
            self.summary["citations_linked"] += citation.passage_id is not None
        self.summary["citations_unlinked"] += [
            {"entry": entry.display_title, "source": c.source_title, "quote": c.quote[:120]}
            for c in planned.citations
            if not c.is_own and c.passage_id is None
        ]
        versions = {}
        for version in planned.versions:
            version.entry, version.author = entry, self.user
            version.fingerprint = version.fingerprint or fingerprint_of(version.data)
        for version in EntryVersion.objects.bulk_create(planned.versions):
            versions[version.number] = version
        self.summary["versions"] += len(versions)
        self.comments(entry, planned)
        for number, sign_off in planned.sign_offs:
            sign_off.entry, sign_off.version, sign_off.account_import = (
                entry,
                versions[number],
                self.record,
            )
            sign_off.save()
        self.summary["sign_offs"] += len(planned.sign_offs)
        for peer in planned.peers:
            # A record of an answer given elsewhere: no link to it exists, so none can work.
            peer.entry, peer.token_hash = entry, PeerRequest.hash_token(secrets.token_urlsafe(32))
            peer.expires_at = peer.answered_at or timezone.now()
            peer.save()
        self.summary["peer_confirmations"] += len(planned.peers)
        for path, item in planned.evidence:
            self.evidence(entry, path, item)
        self.summary["evidence_files"] += len(planned.evidence)
        audit.record(
            entry, self.user, AuditEvent.Action.ACCOUNT_IMPORTED, f"from {self.plan.origin}"
        )
        self.summary["entries"] += 1
        return entry

    def evidence(self, entry: Entry, path: str, item: Evidence) -> None:
        """A file as the evidence page would take it: the same checks of type and size."""
        item.name = clean_name(item.name)
        try:
            # The size the file declares (checked against the ZIP's) before a byte is read.
            check_size(item.size, owner=self.user, name=item.name)
            content = self.archive.zip.read(path)
            if hashlib.sha256(content).hexdigest() != item.sha256:
                raise Refused(f"“{item.name}”: its content is damaged.")
            kind = identify(io.BytesIO(content), item.name)
        except Refused as refused:
            raise AccountFileError([f"“{entry.display_title}”, file {refused}"]) from None
        item.entry, item.content_type = entry, kind.content_type
        item.file.save(random_name(item, item.name), ContentFile(content), save=False)
        self.written.append(item.file.name)
        item.save()

    def comments(self, entry: Entry, planned: PlannedEntry) -> None:
        made: dict = {}
        for key, reply_to, comment in sorted(planned.comments, key=lambda c: c[0] or 0):
            comment.entry, comment.account_import = entry, self.record
            comment.parent = made.get(reply_to)
            when = comment.created_at
            comment.save()
            if when:
                Comment.objects.filter(pk=comment.pk).update(created_at=when)
            made[key] = comment
        self.summary["comments"] += len(made)

    def sessions(self) -> dict:
        made = {}
        for planned in self.plan.sessions:
            if str(planned.key) in self.known["sessions"]:
                continue
            session = planned.session
            session.supervisee, session.account_import = self.user, self.record
            session.save()
            made[planned.key] = session
        for planned in self.plan.sessions:
            if planned.key not in made:
                continue
            for done_in, action in planned.actions:
                action.session = made[planned.key]
                action.done_in = made.get(done_in)
                action.save()
        self.summary["supervision_sessions"] += len(made)
        return {str(k): s.pk for k, s in made.items()}

    def notes(self, entries: dict) -> None:
        have = set(QuickNote.objects.filter(owner=self.user).values_list("client_id", flat=True))
        for entry_key, note in self.plan.notes:
            if note.client_id in have:
                continue
            note.owner = self.user
            note.entry_id = entries.get(str(entry_key))
            note.save()
            self.summary["quick_notes"] += 1

    def steps(self) -> None:
        ticked = set(RenewalStep.objects.filter(owner=self.user).values_list("year", "part"))
        for step in self.plan.steps:
            if (step.year, step.part) in ticked:
                self.summary["renewal_steps_already_ticked"] += 1
                continue
            step.owner = self.user
            step.save()
            self.summary["renewal_steps"] += 1
