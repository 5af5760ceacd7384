"""The account as one JSON document: everything needed to carry it to another installation.

People are named, never linked: a supervisor or a peer is a name and a role here, since
their accounts stay behind. A citation carries its passage's identity (source slug, anchor,
permalink) and its words, so the other side can find the passage again or keep the quote.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from journal.account.portable.format import FORMAT, FORMAT_VERSION
from journal.models import (
    AuditEvent,
    Citation,
    Comment,
    Entry,
    PeerRequest,
    QuickNote,
    RenewalStep,
    SupervisionSession,
    User,
)
from journal.review.document import document_queryset


def account_entries(user: User):
    """Every entry of the person (the bin too) with everything the document reads."""
    return (
        document_queryset(Entry.objects.filter(owner=user))
        .order_by("pk")
        .prefetch_related(
            "standards__framework",
            "statements__standard__framework",
            "versions",
            Prefetch("comments", Comment.objects.select_related("author").order_by("pk")),
            Prefetch("peer_requests", PeerRequest.objects.order_by("pk")),
        )
    )


def _citation(c: Citation) -> dict:
    return {
        "kind": c.kind,
        "quote": c.quote,
        "context_before": c.context_before,
        "context_after": c.context_after,
        "source": c.source_title,
        "source_slug": c.source_slug,
        "episode": c.episode_title,
        "source_date": c.source_date,
        "anchor": c.anchor,
        "permalink": "" if c.is_own else settings.SITE_URL + c.address,
        "url": c.url,
        "speaker": c.speaker_name,
        "status": c.status,
        "position": c.position,
        "created_at": c.created_at,
    }


def _entry(e: Entry, evidence_paths: dict[int, str]) -> dict:
    return {
        "id": e.pk,
        **{name: getattr(e, name) for name in Entry.CONTENT_FIELDS},
        "status": e.status,
        "standards": [s.number for s in e.standards.all()],
        "statements": [s.number for s in e.statements.all()],
        "frameworks": sorted(
            {s.framework.slug for s in e.standards.all()}
            | {s.standard.framework.slug for s in e.statements.all()}
        ),
        "revision": e.revision,
        "privacy_acknowledged": e.privacy_acknowledged,
        "copied_on": e.copied_on,
        "imported_at": e.imported_at,
        "created_at": e.created_at,
        "updated_at": e.updated_at,
        "deleted_at": e.deleted_at,
        "citations": [_citation(c) for c in e.citations.all()],
        "versions": [
            {
                "number": v.number,
                "kind": v.kind,
                "created_at": v.created_at,
                "fingerprint": v.fingerprint,
                "data": v.data,
            }
            for v in sorted(e.versions.all(), key=lambda v: v.number)
        ],
        "comments": [
            {
                "id": c.pk,
                "reply_to": c.parent_id,
                "author": c.author_label,
                "field": c.field,
                "body": c.body,
                "requests_changes": c.requests_changes,
                "created_at": c.created_at,
            }
            for c in e.comments.all()
        ],
        "sign_offs": [
            {
                "supervisor": s.supervisor_label,
                "version": s.version.number,
                "fingerprint": s.fingerprint,
                "note": s.note,
                "created_at": s.created_at,
            }
            for s in sorted(e.signoffs.all(), key=lambda s: (s.created_at, s.pk))
        ],
        # Only answered requests: a waiting one is a live link that stays behind.
        "peer_confirmations": [
            {
                "outcome": p.outcome,
                "summary": p.summary,
                "peer_name": p.peer_name,
                "peer_role": p.peer_role,
                "discussion_kind": p.discussion_kind,
                "discussion_date": p.discussion_date,
                "takeaway": p.takeaway,
                "asked_at": p.created_at,
                "answered_at": p.answered_at,
                "taken_at": p.taken_at,
            }
            for p in e.peer_requests.all()
            if p.answered_at is not None
        ],
        "evidence": [
            {
                "path": evidence_paths[f.pk],
                "name": f.name,
                "description": f.description,
                "content_type": f.content_type,
                "size": f.size,
                "sha256": f.sha256,
                "created_at": f.created_at,
            }
            for f in e.evidence.all()
        ],
    }


def _session(session: SupervisionSession) -> dict:
    return {
        "id": session.pk,
        "held_on": session.held_on,
        "supervisor": session.supervisor_label,
        "attended": session.attended,
        "discussed": session.discussed,
        "agenda": session.agenda,
        "status": session.status,
        "your_note": session.worker_note,
        "recorded_at": session.recorded_at,
        "confirmed_at": session.confirmed_at,
        "actions": [
            {
                "text": a.text,
                "owner": a.owner,
                "due_on": a.due_on,
                "done": not a.is_open,
                "done_in": a.done_in_id,
            }
            for a in session.actions.all()
        ],
    }


def account_document(user: User, *, entries: list[Entry], evidence_paths: dict[int, str]) -> dict:
    """The account as plain data (dates as objects: serialise with DjangoJSONEncoder).

    `entries` are account_entries(user); `evidence_paths` says where in the ZIP each evidence
    file is (by its id): the Markdown bundle puts them beside its entries, once.
    """
    sessions = (
        SupervisionSession.objects.held()
        .filter(supervisee=user)
        .select_related("supervisor")
        .prefetch_related("actions")
        .order_by("held_on", "pk")
    )
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "site": settings.SITE_URL,
        "user": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "registration_number": user.registration_number,
            "role": user.role,
            "date_joined": user.date_joined,
        },
        "entries": [_entry(e, evidence_paths) for e in entries],
        "quick_notes": list(
            QuickNote.objects.filter(owner=user)
            .order_by("pk")
            .values(
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
        "supervision_sessions": [_session(s) for s in sessions],
        "renewal_steps": list(
            RenewalStep.objects.filter(owner=user).values("year", "part", "done_on", "ticked_at")
        ),
        # Events that outlive an entry, e.g. the sign-off evidence of one purged from the bin.
        "account_events": list(
            AuditEvent.objects.filter(actor=user, entry__isnull=True).values(
                "action", "detail", "created_at"
            )
        ),
    }
    return document
