"""Evidence files in the exports: copied into the ZIP, listed by name in the PDF and Markdown."""

import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from journal.entries.markdown import render_markdown
from journal.evidence import filetypes
from journal.evidence.services import evidence_add
from journal.exports import build
from tests.factories import TINY_PDF, make_entry, make_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _own_evidence_folder(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"


@pytest.fixture
def entry(owner):
    entry = make_entry(owner, title="Safeguarding course", status="complete")
    evidence_add(
        entry=entry,
        user=owner,
        upload=make_upload("Certificate of attendance.pdf"),
        kind=filetypes.PDF,
        description="Signed by the trainer",
    )
    evidence_add(
        entry=entry,
        user=owner,
        upload=make_upload("slide 4.png", PNG, "image/png"),
        kind=filetypes.PNG,
    )
    return entry


def test_the_year_zip_holds_each_file_beside_its_entry(owner, entry):
    result = build.export_for_params(owner=owner, fmt="md", params={"year": 2026})
    archive = zipfile.ZipFile(io.BytesIO(result.content))
    slug = "2026-03-14-safeguarding-course-" + str(entry.pk)

    assert archive.read(f"evidence/{slug}/1-Certificate of attendance.pdf") == TINY_PDF
    assert archive.read(f"evidence/{slug}/2-slide 4.png") == PNG
    markdown = archive.read(f"entries/{slug}.md").decode()
    assert "## Evidence files" in markdown
    # The entry's links lead to the files inside the ZIP, spaces and all.
    html = render_markdown(markdown)
    assert f'href="../evidence/{slug}/1-Certificate%20of%20attendance.pdf"' in html
    assert "Signed by the trainer" in markdown


def test_one_entry_as_markdown_lists_the_files_without_links(owner_client, entry):
    response = owner_client.get(reverse("journal:entry_export", args=[entry.pk, "md"]))
    text = response.content.decode()
    assert "- Certificate of attendance.pdf (" in text and "](" not in text.split("Evidence")[1]


def test_the_pdf_lists_the_files_by_name(owner, entry):
    result = build.export_for_params(owner=owner, fmt="pdf", params={"year": 2026})
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(result.content)).pages)
    text = " ".join(text.split())
    assert "Evidence files" in text
    assert "Certificate of attendance.pdf" in text and "Signed by the trainer" in text
    assert "slide 4.png" in text
