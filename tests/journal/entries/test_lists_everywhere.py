"""A list typed straight under a line of text is a list on every surface that shows an entry:
the entry page, the supervisor's review page, the peer's page, the PDF and the Markdown file."""

import re

import markdown
import pytest
from django.test import Client
from django.urls import reverse

from journal.entries.markdown import markdown_to_text, render_markdown
from journal.exports import build
from journal.peer import services as peer_services
from tests.factories import make_entry, make_share, make_supervision
from tests.journal.exports.test_exports import pdf_text

# As people type it: no blank line between the sentence and its list.
TYPED = (
    "What I did afterwards:\n"
    "- rang the school\n"
    "- wrote up the visit\n\n"
    "Then the plan:\n"
    "1. ask the family first\n"
    "2. book a review"
)
AS_HTML = (
    "<p>What I did afterwards:</p>\n<ul>\n<li>rang the school</li>\n<li>wrote up the visit</li>"
    "\n</ul>\n<p>Then the plan:</p>\n<ol>\n<li>ask the family first</li>\n<li>book a review</li>"
    "\n</ol>"
)


@pytest.fixture
def entry(owner):
    return make_entry(owner, title="After the visit", learning=TYPED, status="complete")


def _lists_in(html: str) -> str:
    """The page's rendering of the learning: from its first line to the end of the <ol>."""
    start = html.index("<p>What I did afterwards:</p>")
    return html[start : html.index("</ol>", start) + len("</ol>")]


def test_the_renderer_makes_lists_of_lines_straight_under_text():
    assert str(render_markdown(TYPED)) == AS_HTML
    assert markdown_to_text(TYPED).splitlines()[:4] == [
        "What I did afterwards:",
        "",
        "- rang the school",
        "- wrote up the visit",
    ]


def test_dashes_inside_a_code_block_stay_code():
    html = str(render_markdown("Notes:\n```\nWhat I did:\n- not a list in code\n```"))
    assert "<ul>" not in html and "<code>What I did:\n- not a list in code\n</code>" in html


def test_the_entry_page(owner_client, entry):
    html = owner_client.get(entry.get_absolute_url()).content.decode()
    assert _lists_in(html) == AS_HTML


def test_the_review_page(client, owner, supervisor, entry):
    make_share(entry, make_supervision(owner, supervisor), submitted=True)
    client.force_login(supervisor)
    html = client.get(reverse("journal:review_entry", args=[entry.pk])).content.decode()
    assert _lists_in(html) == AS_HTML


def test_the_peer_page(owner, entry):
    _, token = peer_services.peer_request_create(
        entry=entry, user=owner, summary="We talked it over.", show_entry=True
    )
    html = Client().get(reverse("journal:peer_confirm", args=[token])).content.decode()
    assert _lists_in(html) == AS_HTML


def test_the_pdf(entry):
    text = pdf_text(build.export_entry(entry, "pdf").content)
    lines = text.splitlines()
    # The items are lines of their own, with list markers (tagged text puts those apart).
    assert {"rang the school", "wrote up the visit", "ask the family first"} <= set(lines)
    assert "- rang the school" not in text
    assert [line.strip() for line in lines if re.fullmatch(r"(•|\d\.) ", line)] == [
        "•",
        "•",
        "1.",
        "2.",
    ]


def test_the_markdown_file_keeps_the_text_as_typed_with_a_blank_line_before_each_list(entry):
    """Every line as typed; a blank line before each list, so that any Markdown reader (most
    need it: plain Python-Markdown here) shows it as a list, as the app does."""
    text = build.export_entry(entry, "md").content.decode()
    assert TYPED.replace(":\n", ":\n\n") in text
    html = markdown.markdown(text.split("---\n", 2)[2])
    assert AS_HTML in html
