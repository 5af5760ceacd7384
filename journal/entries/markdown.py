"""Markdown for reflective writing, made safe and quick for every page, PDF and export.

Safety: Python-Markdown runs with its raw-HTML handling switched off, so a person's `<b>` or
`<script>` is text, never markup; nh3 then cleans the output against an allow-list as a second,
independent line of defence.

Speed: Python-Markdown's cost grows with the markup in a field, and some shapes (unmatched
brackets, `[a](` runs, deep nesting) are quadratic or exhaust the recursion limit. A linear
pre-pass (`_defuse`) bounds that cost before Markdown sees the text: brackets that cannot form a
link, fences that never close and nesting beyond a few levels are turned into plain text, link
scans look only a short way ahead, and past a generous markup budget (far beyond any real
reflection) the rest of the field is shown as plain paragraphs. The text itself is never
changed; only how much of its formatting is honoured. bench/bench_markdown.py measures the worst
case at MARKDOWN_MAX_CHARS.

Print: WeasyPrint's cost grows with the lines and boxes it lays out, not with the characters, so
20,000 characters of "x" on their own lines cost a PDF 10,000 lines and about twenty pages. A
field whose printed form would exceed MAX_PRINT_LINES is printed as one flowing paragraph, every
word kept, so a field's PDF cost is bounded by its length (bench/bench_export.py).

Writing: `escape` turns plain text into Markdown that shows as written, for every file that
writes Markdown (the exports and the supervision agenda).
"""

import bisect
import functools
import html
import re
import threading

import markdown as python_markdown
import nh3
from django.template.defaultfilters import linebreaksbr
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown import inlinepatterns

# The longest text a Markdown field may hold: about 3,500 words, well past any real reflection.
# One constant for the form, the model's field spec and the benchmark.
MARKDOWN_MAX_CHARS = 20_000

# Past these, formatting stops and the rest of the field is shown as plain paragraphs.
MAX_LINES = 200  # non-blank lines outside fenced code
MAX_INLINE_MARKS = 600  # characters that start inline markup: ` * _ [ ] < & \
MAX_LINKS = 150  # opening brackets
MAX_NESTING = 6  # list and quote markers at the start of one line
LINK_TEXT_WINDOW = 300  # how far a link's [text] may reach
LINK_HREF_WINDOW = 2_000  # how far a link's (address "title") may reach
# Lines a field may take in a PDF (each paragraph, list item, table cell, line break or line
# of code is one): about eight pages of one-line items, far beyond any real reflection.
MAX_PRINT_LINES = 400

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# Characters the pre-pass turns into plain text are swapped for private-use stand-ins that
# Markdown ignores, and swapped back in the HTML. None of them can form a tag or an entity.
_DEFUSABLE = "[]()-*+>.`~#"
_STAND_IN = {c: chr(0xE000 + i) for i, c in enumerate(_DEFUSABLE)}
_RESTORE = str.maketrans({v: k for k, v in _STAND_IN.items()})
# NUL, Markdown's own placeholder markers and our stand-ins never come from a person.
_DROP = str.maketrans(dict.fromkeys(["\x00", "\x02", "\x03", *_STAND_IN.values()]))

_INLINE_MARKS = re.compile(r"[`*_\[\]<&\\]")
_FENCE_OPEN = re.compile(
    r"""(?P<fence>(?:~{3,}|`{3,}))[ ]*((\{[^\n]*\})|(\.?[\w#.+-]*[ ]*)?(hl_lines=("|').*?\6[ ]*)?)$"""
)
_CONTAINER = re.compile(r"[ ]{0,3}(?:>[ ]?|(?:[-*+]|\d+[.)])(?:[ \t]+|$))")
_INDENT = re.compile(r"[ \t]*")
_HEADING = re.compile(r"#+")


def _plain_paragraphs(text: str) -> str:
    """Text as escaped paragraphs with line breaks: the linear fallback past the budget."""
    chunks = (c.strip("\n") for c in re.split(r"\n[ \t]*\n", text))
    return "".join(
        f"<p>{html.escape(c).replace(chr(10), '<br>' + chr(10))}</p>\n" for c in chunks if c
    )


def _fence_closers(lines: list[str]) -> dict[str, list[int]]:
    closers: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        if line[:1] in "`~" and line[:3] in ("```", "~~~"):
            closers.setdefault(line.rstrip(" "), []).append(number)
    return closers


def _defuse_marker(line: str, start: int) -> str:
    """Make the list or quote marker at `start` plain text."""
    while line[start] in " \t" or line[start].isdigit():
        start += 1
    return line[:start] + _STAND_IN[line[start]] + line[start + 1 :]


def _cap_nesting(line: str) -> str:
    """Keep at most MAX_NESTING list or quote markers at the start of a line, and no list item
    indented deeper than MAX_NESTING levels."""
    indent = _INDENT.match(line).end()
    if len(line[:indent].expandtabs(4)) >= 4 * MAX_NESTING:
        return _defuse_marker(line, indent) if _CONTAINER.match(line, indent) else line
    position = 0
    for _ in range(MAX_NESTING):
        match = _CONTAINER.match(line, position)
        if not match:
            return line
        position = match.end()
    return _defuse_marker(line, position) if _CONTAINER.match(line, position) else line


def _split_blocks(text: str) -> tuple[list[str], str]:
    """Lines Markdown should format (fences closed, nesting capped, headings demoted) and the
    plain-text rest past the budget."""
    lines = text.split("\n")
    closers = _fence_closers(lines)
    out: list[str] = []
    budget_lines, budget_marks, budget_links = MAX_LINES, MAX_INLINE_MARKS, MAX_LINKS
    number = 0
    while number < len(lines):
        line = lines[number]
        fence = _FENCE_OPEN.match(line) if line[:3] in ("```", "~~~") else None
        if fence:
            ends = closers.get(fence.group("fence"), [])
            at = bisect.bisect_right(ends, number)
            if at < len(ends):
                budget_lines -= 1
                if budget_lines < 0:
                    break
                out.extend(lines[number : ends[at] + 1])
                number = ends[at] + 1
                continue
            line = _STAND_IN[line[0]] + line[1:]  # never closes: plain text, not a code block
        if line.strip():
            budget_lines -= 1
            marks = _INLINE_MARKS.findall(line)
            budget_marks -= len(marks)
            budget_links -= marks.count("[")
            if budget_lines < 0 or budget_marks < 0 or budget_links < 0:
                break
            line = _cap_nesting(line)
            if line.startswith("#"):
                # The page owns h1 and h2; a "# Heading" in an entry becomes an h3.
                hashes = _HEADING.match(line).group()
                line = "###" + line[len(hashes) :] if len(hashes) < 3 else line
        out.append(line)
        number += 1
    return out, "\n".join(lines[number:])


def _defuse_brackets(text: str) -> str:
    """Turn brackets that cannot pair into plain text, in one pass."""
    if "[" not in text and "]" not in text:
        return text
    chars = list(text)
    stack: list[int] = []
    escaped = False
    for position, c in enumerate(chars):
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == "[":
            stack.append(position)
        elif c == "]":
            if stack:
                stack.pop()
            else:
                chars[position] = _STAND_IN["]"]
    for position in stack:
        chars[position] = _STAND_IN["["]
    return "".join(chars)


class _BoundedScan:
    """Link processors that look at most a window ahead for the closing ] or )."""

    def getText(self, data, index):
        return super().getText(data[: index + LINK_TEXT_WINDOW], index)

    def getLink(self, data, index):
        return super().getLink(data[: index + LINK_HREF_WINDOW], index)


# Python-Markdown's own names and priorities for its bracket patterns.
_BOUNDED = {
    name: (type(f"Bounded{cls.__name__}", (_BoundedScan, cls), {}), priority)
    for name, cls, priority in (
        ("reference", inlinepatterns.ReferenceInlineProcessor, 170),
        ("link", inlinepatterns.LinkInlineProcessor, 160),
        ("image_link", inlinepatterns.ImageInlineProcessor, 150),
        ("image_reference", inlinepatterns.ImageReferenceInlineProcessor, 140),
        ("short_reference", inlinepatterns.ShortReferenceInlineProcessor, 130),
        ("short_image_ref", inlinepatterns.ShortImageReferenceInlineProcessor, 125),
    )
}


class _JournalMarkdown(python_markdown.extensions.Extension):
    """No raw HTML (a person's tags stay text), bounded link scans, and lists as people type
    them: "What I did afterwards:" with "- item" lines straight under it is a list (the
    breakless_lists extension). That extension runs after fenced_code here, so a "- " line
    inside a code block is left as it was typed."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        # fenced_code stashes code blocks at priority 25; lower runs later.
        breakless = md.preprocessors["breakless_lists"]
        md.preprocessors.register(breakless, "breakless_lists", 24)
        md.inlinePatterns.deregister("html")
        for name, (cls, priority) in _BOUNDED.items():
            md.inlinePatterns.register(cls(md.inlinePatterns[name].pattern, md), name, priority)


_local = threading.local()


def _markdown() -> python_markdown.Markdown:
    # A Markdown instance is not thread-safe but is costly to build: one per thread, reset.
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = python_markdown.Markdown(
            extensions=[
                "fenced_code",
                "tables",
                "sane_lists",
                "mdx_breakless_lists",
                _JournalMarkdown(),
            ],
            output_format="html",
        )
    return md.reset()


def _clean(rendered: str) -> str:
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


@functools.lru_cache(maxsize=256)
def _render(text: str) -> str:
    text = text.translate(_DROP).replace("\r\n", "\n").replace("\r", "\n")
    lines, rest = _split_blocks(text)
    try:
        head = _markdown().convert(_defuse_brackets("\n".join(lines)))
    except RecursionError:  # a shape the pre-pass missed: plain text, never an error page
        head, rest = "", text
    return _clean(head.translate(_RESTORE) + _plain_paragraphs(rest))


def render_markdown(text: str) -> SafeString:
    if not text:
        return mark_safe("")
    return mark_safe(_render(text))


PRINT_LINK_PREFIXES = ("http://", "https://", "mailto:")


def _print_link(tag: str, attribute: str, value: str) -> str | None:
    if (
        tag == "a"
        and attribute == "href"
        and not value.strip().lower().startswith(PRINT_LINK_PREFIXES)
    ):
        return None  # the link text stays, as plain text
    return value


def _flowing(text: str) -> str:
    """Every word of the text on one line, escaped: what a PDF shows past MAX_PRINT_LINES."""
    return html.escape(" ".join(text.translate(_DROP).split()))


@functools.lru_cache(maxsize=256)
def _render_for_print(text: str) -> str:
    rendered = nh3.clean(
        _render(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_print_link,
        link_rel=None,
    )
    # Markdown and the plain fallback put each block, list item, table cell and <br> on a
    # line of its own, and code keeps its lines: the newlines count what WeasyPrint lays out.
    if rendered.count("\n") >= MAX_PRINT_LINES:
        return f"<p>{_flowing(text)}</p>"
    return rendered


def render_markdown_for_print(text: str) -> SafeString:
    """For a PDF, which has no page to be relative to: only absolute http(s) and mailto links
    stay links, so nothing resolves to a local file or a path on the server. A field that would
    print more than MAX_PRINT_LINES lines flows as one paragraph instead."""
    if not text:
        return mark_safe("")
    return mark_safe(_render_for_print(text))


def text_for_print(text: str) -> SafeString:
    """Plain text (a quote, a supervisor's note) for a PDF: its line breaks kept, within the
    same MAX_PRINT_LINES as a Markdown field."""
    if text.count("\n") + text.count("\r") >= MAX_PRINT_LINES:
        return mark_safe(_flowing(text))
    return mark_safe(linebreaksbr(text, autoescape=True))


_BLOCK_END_RE = re.compile(r"</(?:p|h[1-6]|blockquote|pre|ul|ol)>")


def markdown_to_text(text: str) -> str:
    """Plain text of what a reader sees, for pasting into the regulator's form, previews and
    character counts: paragraphs stay apart by a blank line and list items keep a dash, as
    they were typed."""
    rendered = _BLOCK_END_RE.sub(r"\g<0>\n", str(render_markdown(text)))
    plain = html.unescape(strip_tags(rendered.replace("<li>", "<li>- ")))
    return re.sub(r"\n{3,}", "\n\n", plain).strip()


# Writing Markdown, the other way (the exports, the supervision agenda): text that is not the
# owner's own Markdown (a supervisor's name and note, quotes from the library) is escaped,
# so it shows as written and can never add links, images or HTML. Only what would be markup
# where it stands is escaped: the file is read as text too, and a name such as
# "Dana Price (account deleted)" must read as written, not "Dana Price \(…\)".
# Brackets, code, emphasis: markup anywhere. `!` opens an image and `(` an address only
# after a `[` or `]`, which are escaped, so neither needs a backslash.
_INLINE = re.compile(r"([\\`*_\[\]])")
# A tag or autolink is `<` then a letter, `/`, `!` or `?`; an entity is `&`, a name or number
# and `;`. Both become entities: a backslash before them is shown as-is by Python-Markdown.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# At the start of a line: a heading, a quote, a list item, a numbered list item.
_BLOCK_START = re.compile(r"^([ \t]*)([#>+-]|\d+(?=[.)]))", re.MULTILINE)


def _block_start(match: re.Match) -> str:
    indent, mark = match.groups()
    if mark.isdigit():  # "1." or "1)": the punctuation after the number is the marker
        return f"{indent}{mark}\\"
    return f"{indent}\\{mark}"


def escape(text: str) -> str:
    """Plain text that reads as written in the file and renders as written in Markdown."""
    text = _TAG_START.sub("&lt;", _ENTITY.sub("&amp;", text or ""))
    return _BLOCK_START.sub(_block_start, _INLINE.sub(r"\\\1", text))
