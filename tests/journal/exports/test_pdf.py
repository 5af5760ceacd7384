"""journal.exports.pdf: the tagged PDF of an entry and of a year."""

import io
import re
import time
from unittest import mock

import pytest
from pypdf import PdfReader

from journal.entries.markdown import MAX_PRINT_LINES
from journal.exports import build, pdf
from journal.exports.pdf import FetchRefused, LocalOnlyFetcher
from journal.year.registration import RegistrationYear
from tests.factories import (
    HOSTILE,
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
    assert "Check code" in text and "exact text signed off" in " ".join(text.split())


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


def test_year_bundle_pdf_has_cover_contents_entries_and_sign_off(owner, signed_entry, stranger):
    make_entry(stranger, title="A stranger's secret", activity_date=signed_entry.activity_date)
    make_entry(owner, title="Hostile " + HOSTILE, description=HOSTILE, status="complete")
    result = build.export_for_params(owner=owner, fmt="pdf", params={"year": 2026})
    reader = PdfReader(io.BytesIO(result.content))
    assert reader.metadata.title.startswith("CPD record 2025–26")
    text = pdf_text(result.content)
    assert "SW765432" in text and "Contents" in text
    assert "Standard 6 podcast" in text
    assert "Raising concerns is part of ethical practice." in text
    assert "Supervisor sign-off" in text and "Sue Supervisor" in text
    assert "We agreed how to escalate concerns." in text
    assert "A stranger's secret" not in text
    # Hostile text is printed as text, never run: no JavaScript anywhere in the file.
    assert '<script>alert("x")</script>' in text
    assert b"/JavaScript" not in result.content and b"/JS " not in result.content
    assert "Page 2 of" in text


def test_the_pdf_never_fetches_from_the_network():
    fetcher = LocalOnlyFetcher()
    for url in ("http://example.org/x.css", "https://example.org/a.png", "file:///etc/passwd"):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


def pdf_link_targets(content: bytes) -> set[str]:
    targets = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                targets.add(str(action["/URI"]))
    return targets


def test_only_web_and_mail_links_survive_in_the_pdf(owner, settings):
    text = (
        "[protocol-relative](//fileserver/share/x.pdf) [relative](../../etc/passwd) "
        "[rooted](/etc/passwd) [file](file:///etc/passwd) [script](javascript:alert(1)) "
        "[web](https://example.org/ok) [mail](mailto:someone@example.org)"
    )
    entry = make_entry(owner, description=text)
    content = build.export_entry(entry, "pdf").content
    assert pdf_link_targets(content) == {"https://example.org/ok", "mailto:someone@example.org"}
    assert str(settings.BASE_DIR).encode() not in content
    assert b"file:" not in content
    words = pdf_text(content)
    assert "protocol-relative" in words and "relative" in words and "rooted" in words


def test_a_pathological_entry_gives_weasyprint_bounded_text(owner):
    # 20,000 characters of "x" on their own lines in five fields: 114 s and 4.8 GB before.
    text = "x\n" * 10_000
    fields = ("description", "learning", "impact", "peer_learning", "notes")
    entry = make_entry(owner, peer_name="A colleague", **dict.fromkeys(fields, text))
    with mock.patch.object(pdf, "HTML", wraps=pdf.HTML) as html:
        started = time.perf_counter()
        content = build.export_entry(entry, "pdf", include_private=True).content
        elapsed = time.perf_counter() - started
    laid_out = html.call_args.kwargs["string"]
    assert laid_out.count("<br") < 10 and laid_out.count("\n") < len(fields) * MAX_PRINT_LINES
    assert laid_out.count(" x" * 9_999) == len(fields)  # every word kept, flowing
    assert len(PdfReader(io.BytesIO(content)).pages) < 40  # 22 now; about 1,000 before
    assert elapsed < 60  # about 2.5 s on a busy two-core machine; the bound is the line count
