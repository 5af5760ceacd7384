"""Template source rules that rendering alone would not catch."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_no_django_template_comment_spans_lines():
    # Django's {# #} is one line only: one that spans lines is printed on the page, word for
    # word (a stranger found a developer's note on every review page). Use {% comment %}.
    spanning = [
        f"{path.relative_to(TEMPLATES)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in TEMPLATES.rglob("*.html")
        if "jinja2" not in path.parts
        for text in [path.read_text()]
        for match in re.finditer(r"\{#(?:(?!#\}).)*\n", text, re.S)
    ]
    assert spanning == []


def test_print_buttons_look_like_the_buttons_beside_them_not_disabled():
    # Bootstrap's grey outline reads as a disabled button: a stranger took "Print" for one. A
    # print control is a primary button, or outlined in the primary colour like "Copy".
    controls = [
        (f"{path.relative_to(TEMPLATES)}", match.group(1))
        for path in TEMPLATES.rglob("*.html")
        for match in re.finditer(
            r'<(?:a|button)\b[^>]*class="([^"]*)"[^>]*>\s*Print', path.read_text()
        )
    ]
    assert len(controls) >= 3
    assert [
        (name, classes)
        for name, classes in controls
        if not re.search(r"\bbtn-(outline-)?primary\b", classes)
    ] == []
