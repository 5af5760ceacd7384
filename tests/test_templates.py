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
