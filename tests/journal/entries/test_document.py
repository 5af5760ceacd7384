"""journal.entries.document: one entry as a document, for every page and export."""

import io

import pytest
from pypdf import PdfReader

from journal.exports import build
from journal.exports.markdown import split_front_matter
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


def test_the_sign_off_note_is_in_the_pdf_and_the_markdown(reviewed):
    front, body = split_front_matter(build.export_entry(reviewed, "md").content.decode())
    assert front["sign_off"]["note"] == "Clear and honest."
    assert "Signed off by Sue Supervisor" in body and "> Clear and honest." in body
    text = pdf_text(build.export_entry(reviewed, "pdf").content)
    assert "Clear and honest." in text and "Sue Supervisor" in text


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
