"""Markdown rendering: safe, faithful to what people type, and quick on any text."""

import re
import time

import markdown as python_markdown
import pytest
from django.test import Client
from django.urls import reverse

from journal.entries import markdown
from journal.entries.forms import EntryForm
from journal.entries.markdown import (
    MARKDOWN_MAX_CHARS,
    MAX_PRINT_LINES,
    markdown_to_text,
    render_markdown,
    render_markdown_for_print,
    text_for_print,
)
from journal.exports import build
from journal.peer import services as peer_services
from tests.factories import make_entry, make_share, make_supervision, pdf_text
from tests.journal.markdown_shapes import fill, print_shapes, shapes

SHAPES = shapes()
# The benchmark holds the real target (100 ms); this bound only has to catch the quadratic
# shapes (seconds to minutes before the pre-pass) on a busy two-core CI machine.
LIMIT_S = 0.5


@pytest.mark.parametrize("name", SHAPES)
def test_a_field_of_the_maximum_length_renders_quickly(name):
    markdown._render.cache_clear()
    started = time.perf_counter()
    html = str(render_markdown(SHAPES[name]))
    assert time.perf_counter() - started < LIMIT_S, name
    assert html or not SHAPES[name].strip()


def test_deep_nesting_renders_instead_of_exhausting_the_recursion_limit():
    html = str(render_markdown(fill("- ", 10_000)))
    assert html.count("<ul>") <= markdown.MAX_NESTING + 1
    assert (
        str(render_markdown(fill("> ", 10_000))).count("<blockquote>") <= markdown.MAX_NESTING + 1
    )


def test_nothing_past_the_markup_budget_is_dropped():
    lines = [f"Line {n} has *emphasis* and `code`." for n in range(600)]
    text = markdown_to_text("\n".join(lines))
    assert "Line 0 has emphasis and code." in text
    assert "Line 599 has *emphasis* and `code`." in text


def test_unmatched_brackets_show_as_typed():
    assert markdown_to_text("[" * 50 + " [a](https://example.org) ]]") == "[" * 50 + " a ]]"


def test_code_spans_show_angle_brackets_and_ampersands_as_typed():
    html = str(render_markdown("Use `a < b && c > d` here"))
    assert "<code>a &lt; b &amp;&amp; c &gt; d</code>" in html
    assert "&amp;lt;" not in html


def test_angle_bracket_autolinks_link():
    html = str(render_markdown("See <https://example.org/a?b=1> or <me@example.org>."))
    assert '<a href="https://example.org/a?b=1"' in html
    assert 'href="mailto:me@example.org"' in html


def test_raw_html_is_text():
    html = str(render_markdown('<b onclick="x()">bold</b> <script>alert(1)</script>'))
    assert "<b" not in html and "<script" not in html
    assert "&lt;b onclick" in html and "&lt;script&gt;" in html


def test_headings_are_demoted_but_code_is_untouched():
    html = str(render_markdown("# Title\n\n```\n# comment\n```"))
    assert "<h3>Title</h3>" in html
    assert "# comment" in html and "###" not in html


def test_the_form_allows_exactly_the_markdown_maximum():
    form = EntryForm()
    assert form.fields["description"].max_length == MARKDOWN_MAX_CHARS


def test_plain_text_keeps_paragraphs_apart_and_list_items_marked():
    typed = (
        "First thought.\n\nSecond **thought**.\n\n- one step\n- another\n\n> a quote\n\nEnd & done"
    )
    assert markdown_to_text(typed) == (
        "First thought.\n\nSecond thought.\n\n- one step\n- another\n\na quote\n\nEnd & done"
    )


PRINT_SHAPES = print_shapes()


@pytest.mark.parametrize("name", PRINT_SHAPES)
def test_a_field_prints_within_the_line_budget_and_keeps_every_word(name):
    text = PRINT_SHAPES[name]
    html = str(render_markdown_for_print(text))
    assert html.count("\n") < MAX_PRINT_LINES, name
    assert html.count("<br") + html.count("<p") + html.count("<td") < MAX_PRINT_LINES, name
    if text.count("x") > 9_000:  # a shape of one word repeated: none of it is dropped
        assert html.count("x") >= text.count("x"), name


def test_an_ordinary_field_prints_with_its_formatting():
    typed = "First *thought*.\n\n- one\n- two\n\nLine one  \nline two"
    assert str(render_markdown_for_print(typed)) == str(render_markdown(typed))


def test_a_quote_prints_its_line_breaks_within_the_same_budget():
    assert str(text_for_print("one\ntwo <b>")) == "one<br>two &lt;b&gt;"
    flowing = str(text_for_print(fill("x\n")))
    assert "<br" not in flowing and flowing.count("x") == MARKDOWN_MAX_CHARS // 2


# A list typed straight under a line of text is a list on every surface that shows an entry:
# the entry page, the supervisor's review page, the peer's page, the PDF and the Markdown file.
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
    html = python_markdown.markdown(text.split("---\n", 2)[2])
    assert AS_HTML in html
