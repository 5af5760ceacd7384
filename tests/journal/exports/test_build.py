"""journal.exports.build: what goes into an export, for whom."""

import io

import pytest
from pypdf import PdfReader

from journal.exports import build
from journal.models import Entry
from journal.review import sign_off
from tests.factories import (
    make_framework,
    make_share,
    make_supervision,
    save_entry,
)


@pytest.fixture
def framework(db):
    return make_framework()


@pytest.fixture
def reviewed(owner, supervisor, framework):
    """A complete entry with private notes, shared with and signed off by the supervisor."""
    entry = save_entry(
        owner,
        title="Signed entry",
        description="I read about **relationship-based** practice.",
        learning="Trust takes time.",
        impact="I explain my role at the first visit.",
        notes="PRIVATE: this one was hard for me.",
        status=Entry.Status.MARKED_COMPLETE,
        standards=[framework.standards.get(number="2")],
    )
    link = make_supervision(owner, supervisor)
    make_share(entry, link, submitted=True)
    sign_off.entry_sign_off(entry=entry, supervisor=supervisor, note="Clear and honest.")
    return entry


def test_private_notes_are_in_exports_only_when_the_owner_asks(owner, reviewed):
    for fmt in ("md", "pdf"):
        shared = build.export_entry(reviewed, fmt).content
        personal = build.export_entry(reviewed, fmt, include_private=True).content
        assert b"PRIVATE" not in shared if fmt == "md" else "PRIVATE" not in pdf_text(shared)
        if fmt == "md":
            assert b"PRIVATE: this one was hard" in personal
        else:
            assert "PRIVATE: this one was hard" in pdf_text(personal)
    # The owner's own page shows them, marked as private.
    assert "only you see these" in render_owner_page(owner, reviewed)


def render_owner_page(owner, entry):
    from django.test import Client

    client = Client()
    client.force_login(owner)
    return client.get(entry.get_absolute_url()).content.decode()


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
