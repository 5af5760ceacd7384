"""Markdown for reflective writing, made safe for every page, PDF and export.

Raw HTML is escaped before Markdown sees it, so a person's text can never become markup;
nh3 then cleans the output against an allow-list as a second, independent line of defence.
"""

import html

import markdown as python_markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def _escape_raw_html(text: str) -> str:
    # Only "<" and "&" matter: ">" stays so Markdown block quotes keep working.
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _demote_headings(text: str) -> str:
    # The page owns h1 and h2; a "# Heading" in an entry becomes an h3.
    return "\n".join(
        "###" + line.lstrip("#") if line.startswith("#") and not line.startswith("###") else line
        for line in text.split("\n")
    )


def render_markdown(text: str) -> SafeString:
    if not text:
        return mark_safe("")
    source = _demote_headings(_escape_raw_html(text.replace("\x00", "")))
    rendered = python_markdown.markdown(
        source, extensions=["extra", "sane_lists"], output_format="html"
    )
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)


def markdown_to_text(text: str) -> str:
    """Plain text of what a reader sees, for search, previews and character counts."""
    return html.unescape(strip_tags(render_markdown(text))).strip()
