"""A person's own data: everything in one ZIP, and deleting it all."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from journal.entries.document import bundle_document, document_queryset
from journal.exports.bundle import markdown_zip
from journal.models import AuditEvent, Comment, Entry, QuickNote, SignOff, SupervisionSession, User
from journal.review import departures


def account_data_zip(*, user: User) -> bytes:
    """Every entry (the bin included), version, comment and citation as JSON, plus Markdown."""
    entries = list(document_queryset(Entry.objects.filter(owner=user)).prefetch_related("versions"))
    data = {
        "user": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "registration_number": user.registration_number,
            "role": user.role,
            "date_joined": user.date_joined,
        },
        "entries": [
            {
                "id": e.pk,
                **{name: getattr(e, name) for name in Entry.CONTENT_FIELDS},
                "status": e.status,
                "standards": [s.number for s in e.standards.all()],
                "statements": [s.number for s in e.statements.all()],
                "created_at": e.created_at,
                "updated_at": e.updated_at,
                "deleted_at": e.deleted_at,
                "citations": [
                    {
                        "quote": c.quote,
                        "source": c.source_title,
                        "source_slug": c.source_slug,
                        "anchor": c.anchor,
                        "speaker": c.speaker_name,
                        "status": c.status,
                    }
                    for c in e.citations.all()
                ],
                "versions": [
                    {"number": v.number, "kind": v.kind, "created_at": v.created_at, "data": v.data}
                    for v in e.versions.all()
                ],
            }
            for e in entries
        ],
        "quick_notes": list(
            QuickNote.objects.filter(owner=user).values(
                "client_id",
                "what_i_did",
                "what_struck_me",
                "discussed_with",
                "activity_date",
                "passage__source__slug",
                "passage__anchor",
                "entry_id",
                "created_at",
            )
        ),
        "comments": list(
            Comment.objects.filter(entry__owner=user).values(
                "entry_id",
                "author__username",
                "author_name",
                "field",
                "body",
                "requests_changes",
                "created_at",
            )
        ),
        "supervision_sessions": [
            {
                "held_on": session.held_on,
                "supervisor": session.supervisor_label,
                "attended": session.attended,
                "discussed": session.discussed,
                "status": session.status,
                "your_note": session.worker_note,
                "confirmed_at": session.confirmed_at,
                "actions": [
                    {"text": a.text, "owner": a.owner, "due_on": a.due_on, "done": not a.is_open}
                    for a in session.actions.all()
                ],
            }
            # A draft is the supervisor's preparation, not yet part of the record.
            for session in SupervisionSession.objects.filter(supervisee=user)
            .exclude(status=SupervisionSession.Status.DRAFT)
            .select_related("supervisor")
            .prefetch_related("actions")
        ],
        # Events that outlive an entry, e.g. the sign-off evidence of one purged from the bin.
        "account_events": list(
            AuditEvent.objects.filter(actor=user, entry__isnull=True).values(
                "action", "detail", "created_at"
            )
        ),
    }
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
    bundle = bundle_document(owner=user, entries=entries, year=None, include_private=True)
    return markdown_zip(bundle, extra={"data.json": payload})


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
