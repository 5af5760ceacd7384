"""journal.entries.document: one entry as a document, for every page and export."""

from journal.exports import build
from journal.exports.markdown import split_front_matter
from tests.factories import pdf_text


def test_the_sign_off_note_is_in_the_pdf_and_the_markdown(reviewed):
    front, body = split_front_matter(build.export_entry(reviewed, "md").content.decode())
    assert front["sign_off"]["note"] == "Clear and honest."
    assert "Signed off by Sue Supervisor" in body and "> Clear and honest." in body
    text = pdf_text(build.export_entry(reviewed, "pdf").content)
    assert "Clear and honest." in text and "Sue Supervisor" in text
