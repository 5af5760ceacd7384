"""Every XSS payload is inert wherever a person's text is shown: HTML pages, PDF and Markdown."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse

from journal.entries.markdown import render_markdown
from journal.exports import build
from tests.factories import make_entry

PAYLOADS = [
    line for line in (Path(__file__).parent / "xss_payloads.txt").read_text().splitlines() if line
]
TAG = re.compile(r"<([a-zA-Z][\w-]*)([^>]*)>")
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
EVENT = re.compile(r"\son\w+\s*=", re.I)
BAD_URL = re.compile(r"(href|src)\s*=\s*[\"']?\s*(javascript|vbscript|data):", re.I)


def assert_inert(html: str) -> None:
    """Escaped text is harmless; only real tags and their attributes are checked."""
    for name, attributes in TAG.findall(html):
        assert name.lower() in ALLOWED_TAGS, (name, html)
        assert not EVENT.search(attributes), (attributes, html)
        assert not BAD_URL.search(attributes), (attributes, html)


def test_the_corpus_is_large():
    assert len(PAYLOADS) >= 40


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_rendering_makes_payloads_inert(payload):
    assert_inert(str(render_markdown(payload)))
    rendered = Template("{% load journal_markdown %}{{ text|markdown }}").render(
        Context({"text": payload})
    )
    assert_inert(rendered)
    assert "49" not in rendered  # template syntax in text is never evaluated


def test_payloads_in_every_field_are_inert_on_the_entry_page(owner_client, owner):
    text = "\n\n".join(PAYLOADS)
    entry = make_entry(
        owner,
        title=PAYLOADS[0],
        description=text,
        learning=text,
        impact=text,
        peer_name=PAYLOADS[2],
        peer_learning=text,
        notes=text,
    )
    for url in (
        entry.get_absolute_url(),
        reverse("journal:entry_edit", args=[entry.pk]),
        reverse("journal:entry_list"),
        reverse("journal:entry_regulator_form", args=[entry.pk]),
    ):
        body = owner_client.get(url).content.decode()
        page_scripts = re.findall(r"<script[^>]*>", body)
        assert all('src="/static/' in tag for tag in page_scripts), page_scripts


def test_payloads_are_inert_in_markdown_and_pdf_exports(owner):
    text = "\n\n".join(PAYLOADS)
    entry = make_entry(owner, title=PAYLOADS[0], description=text, learning=text)
    markdown = build.export_entry(entry, "md").content.decode()
    assert_inert(str(render_markdown(markdown.split("\n---\n", 1)[1])))
    pdf = build.export_entry(entry, "pdf").content
    assert b"/JavaScript" not in pdf and b"/JS " not in pdf and b"/Launch" not in pdf
