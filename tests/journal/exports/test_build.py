"""journal.exports.build: what goes into an export, for whom."""

from journal.exports import build
from tests.factories import pdf_text


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
