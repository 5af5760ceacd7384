"""A quotation in the PDF: never a page holding only its tail, and an address to type from paper."""

import pytest

from journal.exports import build
from tests.factories import make_entry, make_passage, make_source, save_entry
from tests.journal.exports.test_exports import pdf_text

QUOTE = " ".join(
    f"Sentence {n} of what the practitioner said about relationships and time." for n in range(14)
)


@pytest.fixture
def passage(db):
    return make_passage(make_source("tisw", title="This Is Social Work"), QUOTE, speaker="Fran")


def _pages(owner, passage, padding: int) -> list[str]:
    entry = make_entry(owner, title="Quoted", learning="Words of my own. " * padding)
    save_entry(owner, entry=entry, cite=[passage])
    return pdf_text(build.export_entry(entry, "pdf").content).split("Page ")  # one per footer


@pytest.mark.parametrize("padding", range(150, 260, 12))
def test_a_quotation_is_never_split_leaving_its_tail_alone(owner, passage, padding):
    pages = _pages(owner, passage, padding)
    first = next(n for n, page in enumerate(pages) if "Sentence 0 of" in page)
    last = next(n for n, page in enumerate(pages) if "Sentence 13 of" in page)
    assert first == last, f"the quote runs from page {first + 1} to {last + 1}"
    assert "Read in context at" in pages[last]


def test_each_citation_prints_its_short_address(owner, passage, settings):
    pages = _pages(owner, passage, 1)
    text = "".join("".join(pages).split())  # a long address may wrap at any character
    assert f"Readincontextat{settings.SITE_URL}/p/{passage.anchor}/" in text
