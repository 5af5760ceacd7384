"""journal.exports.pdf: the tagged PDF of an entry and of a year."""

import io
import re

import pytest
from pypdf import PdfReader

from journal.exports import build
from journal.year.registration import RegistrationYear
from tests.factories import (
    make_entry,
    make_passage,
    make_source,
    pdf_text,
    save_entry,
)


def test_pdf_says_plainly_when_the_text_differs_from_the_signed_off_version(owner, reviewed):
    save_entry(owner, entry=reviewed, impact="A later change.")
    text = pdf_text(build.export_entry(reviewed, "pdf").content)
    assert "Signed off by Sue Supervisor" in text
    assert "Clear and honest." in text
    assert "differs from the signed-off version" in text


def structure(content: bytes) -> list[tuple[str, str]]:
    """(tag, text) for each heading and paragraph of the PDF's structure tree, in order."""
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert root["/Lang"], "the PDF says its language"
    tree = root["/StructTreeRoot"].get_object()
    found = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        tag = str(node.get("/S", ""))
        if tag:
            found.append(tag)
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    walk(tree["/K"])
    return found


def test_the_year_pdf_is_tagged_with_headings_in_reading_order(owner, reviewed):
    year = RegistrationYear.containing(reviewed.activity_date)
    result = build.export_for_params(owner=owner, fmt="pdf", params={"year": year.end.year})
    tags = structure(result.content)
    headings = [t for t in tags if re.fullmatch(r"/H[1-6]", t)]
    assert headings[0] == "/H1"  # the cover's title
    assert "/H2" in headings and "/H3" in headings
    assert tags.count("/P") > 5
    reader = PdfReader(io.BytesIO(result.content))
    assert reader.metadata.title.startswith("CPD record")
    # The entry's parts read in the regulator's order.
    text = pdf_text(result.content)
    order = [
        text.index(label)
        for label in (
            "Description and why it is relevant",
            "What I learnt",
            "Impact on my practice",
            "Peer reflection",
            "Professional standards",
            "Supervisor sign-off",
        )
    ]
    assert order == sorted(order)


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
