"""Plain factory functions: explicit, readable, and no extra dependency."""

import datetime
import itertools

from corpus.models import (
    Episode,
    Framework,
    Passage,
    PassageLink,
    Source,
    Speaker,
    Standard,
    Statement,
    fingerprint,
)
from journal.models import Entry, Share, Supervision, SupervisionSession, User

_counter = itertools.count(1)

PASSWORD = "correct-horse-battery-staple-42"


def make_user(username=None, *, password=PASSWORD, verified=True, **fields) -> User:
    """A person who signed up and confirmed their email address (verified=False: not yet)."""
    from allauth.account.models import EmailAddress

    username = username or f"user{next(_counter)}"
    fields.setdefault("email", f"{username}@example.org")
    user = User.objects.create_user(username=username, password=password, **fields)
    if user.email:
        EmailAddress.objects.create(
            user=user, email=user.email.lower(), primary=True, verified=verified
        )
    return user


def swe_framework() -> Framework:
    """The shipped standards file, loaded exactly as `import_corpus` loads it."""
    from corpus.standards_loading import load_bundled_standards

    load_bundled_standards()
    return Framework.objects.get(slug="swe")


def make_framework(slug="test-framework", standards=6) -> Framework:
    framework, _ = Framework.objects.get_or_create(
        slug=slug, defaults={"name": "Test framework", "is_primary": True}
    )
    for n in range(1, standards + 1):
        standard = Standard.objects.create(
            framework=framework, number=str(n), title=f"Standard {n}", order=n
        )
        Statement.objects.create(
            standard=standard, number=f"{n}.1", summary=f"Statement {n}.1", order=1
        )
    return framework


def make_source(slug=None, *, title="A test podcast", kind=Source.Kind.PODCAST, **fields) -> Source:
    slug = slug or f"source-{next(_counter)}"
    fields.setdefault("importer", "frontmatter_transcript")
    fields.setdefault("file_name", f"{slug}.txt")
    fields.setdefault("published", datetime.date(2023, 5, 1))
    return Source.objects.create(slug=slug, title=title, kind=kind, **fields)


def make_passage(
    source=None,
    text="Supervision helps me reflect on my practice.",
    *,
    speaker=None,
    episode=None,
    **fields,
) -> Passage:
    source = source or make_source()
    position = fields.pop("position", None) or source.passages.count() + 1
    digest = fingerprint(text)
    if isinstance(speaker, str):
        speaker, _ = Speaker.objects.get_or_create(source=source, name=speaker)
    return Passage.objects.create(
        source=source,
        episode=episode,
        speaker=speaker,
        position=position,
        anchor=fields.pop("anchor", None) or f"{digest[:10]}",
        fingerprint=digest,
        text=text,
        **fields,
    )


def make_episode(source, number=1, title="Episode one", **fields) -> Episode:
    return Episode.objects.create(
        source=source,
        number=number,
        slug=fields.pop("slug", f"episode-{number}"),
        title=title,
        **fields,
    )


def make_entry(
    owner, *, title="Listening to a podcast on supervision", standards=(), **fields
) -> Entry:
    fields.setdefault("activity_date", datetime.date(2026, 3, 14))
    fields.setdefault("description", "I listened to an episode about supervision.")
    fields.setdefault("learning", "Reflection needs protected time.")
    fields.setdefault("impact", "I now book reflective supervision monthly.")
    entry = Entry.objects.create(owner=owner, title=title, **fields)
    if standards:
        entry.standards.set(standards)
    return entry


def make_complete_entry(owner, **fields) -> Entry:
    """An entry that counts as complete (Entry.is_complete): marked complete, dated in the
    past and tagged with a standard (the first there is, or one of a test framework)."""
    fields.setdefault("status", Entry.Status.MARKED_COMPLETE)
    if not fields.get("standards"):
        fields["standards"] = [Standard.objects.first() or make_framework().standards.first()]
    return make_entry(owner, **fields)


def make_supervision(supervisee, supervisor, *, status=Supervision.Status.ACTIVE) -> Supervision:
    """A supervision link; active unless told otherwise."""
    return Supervision.objects.create(supervisee=supervisee, supervisor=supervisor, status=status)


def make_session(
    link, held_on, *, status=SupervisionSession.Status.CONFIRMED, attended="Both", **fields
) -> SupervisionSession:
    """A supervision session of `link`'s supervisee and supervisor, held on `held_on`."""
    return SupervisionSession.objects.create(
        supervisee=link.supervisee,
        supervision=link,
        supervisor=link.supervisor,
        held_on=held_on,
        attended=attended,
        status=status,
        **fields,
    )


def make_share(entry, supervision, *, submitted=False) -> Share:
    """A live share of `entry` through `supervision`, optionally submitted for review."""
    from django.utils import timezone

    if submitted:
        return Share.objects.create(
            entry=entry, supervision=supervision, submitted_at=timezone.now()
        )
    return Share.objects.create(entry=entry, supervision=supervision)


def make_link(
    passage,
    standard,
    *,
    kind=PassageLink.Kind.EXPLICIT,
    statement=None,
    status=PassageLink.Status.ACTIVE,
    score=1.0,
    reason="",
) -> PassageLink:
    return PassageLink.objects.create(
        passage=passage,
        standard=standard,
        statement=statement,
        kind=kind,
        status=status,
        score=score,
        reason=reason or f"Names standard {standard.number}.",
    )


def save_entry(owner, *, entry=None, standards=None, cite=(), status=None, **fields) -> Entry:
    """Create or change an entry through the one save path, as the editor does."""
    from journal.entries.services import EntryChange, entry_save

    change = EntryChange(
        fields=fields, status=status, standards=standards, cite=list(cite), reopen_signed_off=True
    )
    version = entry_save(
        user=owner,
        entry=entry,
        change=change,
        expected_revision=entry.revision if entry else None,
    )
    return version.entry


# The smallest file each accepted evidence type can be, as its content starts.
TINY_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def make_upload(name="certificate.pdf", content=TINY_PDF, content_type="application/pdf"):
    """A file as a browser sends it to an upload form."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def reference(passage) -> str:
    """How an entry cites a passage: `source-slug:anchor`."""
    return f"{passage.source.slug}:{passage.anchor}"


def entry_form(framework, **overrides) -> dict:
    """What the entry editor posts for a complete entry tagged with `framework`'s standard 4."""
    data = {
        "activity_type": "podcast",
        "title": "Podcast on supervision",
        "activity_date": "2026-03-14",
        "description": "I listened to an episode about **supervision**.",
        "learning": "Reflection needs protected time.",
        "impact": "I book reflective supervision monthly, and families get a calmer worker.",
        "notes": "PRIVATE: I felt out of my depth.",
        "standards": [framework.standards.get(number="4").pk],
        "citations_listed": "True",
        "intent": "complete",
    }
    data.update(overrides)
    return data


def request_changes(entry, supervisor, field="learning", body="Say what you will do next."):
    """The supervisor asks for a change to one field of `entry`."""
    from journal.review import comments

    return comments.comment_add(
        entry=entry, author=supervisor, body=body, field=field, requests_changes=True
    )


def pdf_text(content: bytes) -> str:
    """The text of every page of a PDF, as a reader copying it would get it."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def peer_entry_form(primary, **overrides):
    """What the entry editor posts for a complete entry with a peer reflection, tagged with the
    first of `primary` (a list of standards)."""
    data = {
        "activity_type": "podcast",
        "title": "Podcast on standard 4",
        "activity_date": "2026-03-14",
        "description": "I listened to an episode about **supervision**.",
        "learning": "Reflection needs protected time.",
        "impact": "I book reflective supervision monthly.",
        "peer_name": "My team manager",
        "peer_role": "Team manager",
        "peer_learning": "We agreed to use group supervision.",
        "standards": [primary[0].pk],
        "intent": "complete",
    }
    data.update(overrides)
    return data


# Text that tries to break out of HTML, Markdown links and YAML front matter.
HOSTILE = '<script>alert("x")</script> [click](javascript:alert(1)) title: "broken'


def owner_edits(entry, **changes):
    """An edit the way the editor saves it, having chosen to edit a signed-off entry."""
    from journal.entries.services import EntryChange, entry_save

    entry_save(
        user=entry.owner,
        entry=entry,
        change=EntryChange(fields=changes, reopen_signed_off=True),
        expected_revision=entry.revision,
    )
    return entry


def make_marked_complete(owner, day, *, statements=(), standards=(), title="Entry", **fields):
    """An entry marked complete on `day`, tagged with `statements` (and their standards)."""
    entry = make_entry(
        owner, title=title, status=Entry.Status.MARKED_COMPLETE, activity_date=day, **fields
    )
    entry.statements.set(statements)
    entry.standards.set(standards or {s.standard for s in statements} or [])
    return entry


def save_submittable_entry(owner, title) -> Entry:
    """A complete entry saved through the one save path (so it has a version), tagged with
    standard 3 of the shipped framework: ready to share, review and sign off."""
    return save_entry(
        owner,
        title=title,
        description="A visit.",
        learning="Something learnt.",
        impact="Something changed.",
        activity_date=datetime.date(2027, 1, 5),
        status=Entry.Status.MARKED_COMPLETE,
        standards=list(Standard.objects.filter(number="3")),
    )
