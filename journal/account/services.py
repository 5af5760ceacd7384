"""A person's own data: everything in one ZIP, and deleting it all."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from journal.account.portable.export import account_document, account_entries
from journal.account.portable.format import DATA_NAME
from journal.exports.bundle import markdown_zip
from journal.exports.bundle_document import bundle_document
from journal.exports.markdown import evidence_path
from journal.models import SignOff, User
from journal.review import departures


def account_data_zip(*, user: User) -> bytes:
    """Everything of the account: `data.json` (journal.account.portable, the file another
    installation imports), the entries as Markdown and the evidence files beside them."""
    entries = list(account_entries(user))
    bundle = bundle_document(owner=user, entries=entries, year=None, include_private=True)
    paths = {file.pk: evidence_path(doc, file) for doc in bundle.entries for file in doc.evidence}
    data = account_document(user, entries=entries, evidence_paths=paths)
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
    return markdown_zip(bundle, extra={DATA_NAME: payload})


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Remove the person and everything that is theirs; cascades cover entries and links.

    Sign-offs protect the version they signed, so the ones on their own entries go first. The
    comments and sign-offs they wrote on other people's entries belong to those people's
    records: they stay, under the name the author had (models.former_name). Each person they
    supervise is told first, and may hand their history to a new supervisor
    (journal.review.departures).
    """
    departures.supervisor_leaves_everyone(supervisor=user)
    SignOff.objects.filter(entry__owner=user).delete()
    user.delete()
