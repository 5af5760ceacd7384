"""An account with one of everything, for the round trip tests and the browser journey."""

import datetime
import hashlib
import uuid

from django.core.files.base import ContentFile

from corpus.models import Passage, Standard, Statement
from journal.entries.services import EntryChange, entry_save
from journal.evidence.models import Evidence
from journal.evidence.storage import random_name
from journal.models import Entry, QuickNote, User
from journal.peer.services import PeerAnswer, peer_confirm, peer_request_create
from journal.review.comments import comment_add
from journal.review.sessions import ActionLine, session_answer, session_prepare, session_record
from journal.review.sign_off import entry_sign_off
from journal.year.services import renewal_step_tick
from tests.factories import make_passage, make_share, make_source, make_supervision, save_entry

CERTIFICATE = b"%PDF-1.4 a certificate of attendance\n"


def make_library() -> tuple[Passage, Passage]:
    """Two passages: one in a source both installations have, one in a source the other lacks."""
    source = make_source("supervision-talk", title="Talking supervision")
    kept = make_passage(source, "Supervision is where I learn to slow down and think.")
    gone_source = make_source("old-blog", title="An old blog")
    gone = make_passage(gone_source, "Caseloads shape what reflection is possible.")
    return kept, gone


def fill_account(owner, supervisor, library) -> "User":
    """Give `owner` one of everything a person can have, `supervisor` supervising them."""
    kept, gone = library
    one, two = Standard.objects.filter(number__in=["1", "4"]).order_by("number")
    statement = Statement.objects.filter(standard=two).first()
    fields = {
        "title": "Supervision podcast",
        "activity_date": datetime.date(2026, 3, 14),
        "description": "An episode on reflective supervision.",
        "learning": "Slowing down helps.",
        "impact": "I book time to think.",
        "notes": "Private: a hard week.",
    }
    change = EntryChange(
        fields=fields,
        status=Entry.Status.MARKED_COMPLETE,
        standards=[one, two],
        statements=[statement],
        cite=[kept, gone],
        own_sources=[{"title": "A council course", "quote": "Ask, then listen.", "url": ""}],
    )
    entry = entry_save(user=owner, entry=None, change=change, expected_revision=None).entry
    entry = save_entry(owner, entry=entry, learning="Slowing down helps me think.")
    link = make_supervision(owner, supervisor)
    make_share(entry, link, submitted=True)
    first = comment_add(
        entry=entry, author=supervisor, body="Say more about impact.", field="impact"
    )
    comment_add(entry=entry, author=owner, body="Added a line.", parent=first)
    entry_sign_off(entry=entry, supervisor=supervisor, note="Good reflection.")
    request, _ = peer_request_create(entry=entry, user=owner, summary="We talked on 14 March.")
    peer_confirm(
        peer_request=request,
        answer=PeerAnswer(
            discussion_date=datetime.date(2026, 3, 15),
            discussion_kind="colleague",
            peer_name="Pat Peer",
            peer_role="social_worker",
            takeaway="Protected time matters.",
        ),
    )
    binned = save_entry(owner, title="Half a thought", description="Started.")
    binned.deleted_at = datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)
    binned.save()
    evidence = Evidence(
        entry=entry,
        name="certificate.pdf",
        content_type="application/pdf",
        size=len(CERTIFICATE),
        sha256=hashlib.sha256(CERTIFICATE).hexdigest(),
    )
    evidence.file.save(
        random_name(evidence, "certificate.pdf"), ContentFile(CERTIFICATE), save=False
    )
    evidence.save()
    QuickNote.objects.create(
        owner=owner, client_id=uuid.uuid4(), what_i_did="Read a blog.", passage=kept, entry=entry
    )
    draft = session_prepare(
        supervision=link,
        supervisor=supervisor,
        agenda="Caseload",
        held_on=datetime.date(2026, 3, 20),
    )
    session = session_record(
        session=draft,
        supervisor=supervisor,
        held_on=datetime.date(2026, 3, 20),
        attended="Olu and Sue",
        discussed="Caseload and reflection.",
        frequency="monthly",
        actions=[
            ActionLine(text="Read the standard 4 guidance", due_on=datetime.date(2026, 4, 20))
        ],
    )
    session_answer(session=session, worker=owner, note="Helpful.", confirm=True)
    renewal_step_tick(user=owner, year=2026, part="fee", done=True, on=datetime.date(2026, 11, 2))
    return owner
