"""A person's own data: everything in one ZIP, and deleting it all."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from journal.entries.document import bundle_document
from journal.exports.bundle import markdown_zip
from journal.models import SignOff, User
from journal.people.portable.export import account_document, evidence_path
from journal.people.portable.format import DATA_NAME


def account_data_zip(*, user: User) -> bytes:
    """Everything of the account: `data.json` (journal.people.portable, the format another
    installation imports), the evidence files under `files/`, and the entries as Markdown."""
    data, entries = account_document(user)
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
    files = {evidence_path(f): _read(f) for e in entries for f in e.evidence.all()}
    bundle = bundle_document(owner=user, entries=entries, year=None, include_private=True)
    return markdown_zip(bundle, extra={DATA_NAME: payload, **files})


def _read(evidence) -> bytes:
    with evidence.file.open("rb") as handle:
        return handle.read()


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Remove the person and everything that is theirs; cascades cover entries and links.

    Sign-offs protect the version they signed, so the ones on their own entries go first. The
    comments and sign-offs they wrote on other people's entries belong to those people's
    records: they stay, under the name the author had (models.former_name).
    """
    SignOff.objects.filter(entry__owner=user).delete()
    user.delete()
