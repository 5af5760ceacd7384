"""Attaching and removing evidence files: the only code that writes them."""

import hashlib
import re

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat

from journal import audit
from journal.evidence.filetypes import FileType, Refused
from journal.models import AuditEvent, Entry, Evidence, User

NAME_CHARS = 200
# Control characters and the separators of paths on any system: a name is only ever a label.
UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def clean_name(name: str) -> str:
    """The name a person gave the file, safe to show and to offer back as a download's name:
    no folders, no control characters, at most NAME_CHARS with its ending kept."""
    name = UNSAFE_IN_NAME.sub("_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip(" .")
    if len(name) > NAME_CHARS:
        stem, dot, ending = name.rpartition(".")
        ending = f".{ending[:10]}" if dot else ""
        name = (stem if dot else name)[: NAME_CHARS - len(ending)] + ending
    return name or "evidence"


def check_size(size: int, *, owner: User, name: str) -> None:
    """Refused unless a file of `size` bytes fits both limits: each file's and the account's."""
    largest = settings.EVIDENCE_MAX_FILE_BYTES
    if size > largest:
        raise Refused(
            f"“{name}” is {filesizeformat(size)}; each file can be at most "
            f"{filesizeformat(largest)}. Try a smaller copy (a PDF printed again, or a photo "
            "at a lower size)."
        )
    kept = Evidence.objects.owned_by(owner).total_size()
    allowed = settings.EVIDENCE_MAX_ACCOUNT_BYTES
    if kept + size > allowed:
        raise Refused(
            f"“{name}” would take your evidence files past {filesizeformat(allowed)} in all "
            f"(you keep {filesizeformat(kept)}). Remove a file you no longer need, then try again."
        )


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def evidence_add(
    *, entry: Entry, user: User, upload: UploadedFile, kind: FileType, description: str = ""
) -> Evidence:
    """Keep `upload` (its type already told by filetypes.identify) with the owner's entry.

    The owner's row is locked while the account's total is checked again, so two uploads at
    once cannot both squeeze under the limit. A file written to disk but not recorded is
    deleted again: nothing is stored when anything fails.
    """
    name = clean_name(upload.name or "")
    with transaction.atomic():
        User.objects.select_for_update().only("pk").get(pk=entry.owner_id)
        check_size(upload.size, owner=entry.owner, name=name)
        evidence = Evidence(
            entry=entry,
            name=name,
            description=description.strip(),
            content_type=kind.content_type,
            size=upload.size,
            sha256=_sha256(upload),
        )
        evidence.file.save(name, upload, save=False)
        try:
            evidence.save()
            audit.record(
                entry,
                user,
                AuditEvent.Action.EVIDENCE_ADDED,
                f"{name} ({filesizeformat(upload.size)})",
            )
        except BaseException:
            evidence.file.storage.delete(evidence.file.name)
            raise
    return evidence


def evidence_remove(*, evidence: Evidence, user: User) -> None:
    """Remove one file from its entry; the file leaves the disk when this commits."""
    with transaction.atomic():
        audit.record(evidence.entry, user, AuditEvent.Action.EVIDENCE_REMOVED, evidence.name)
        evidence.delete()
