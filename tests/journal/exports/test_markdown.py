"""journal.exports.markdown: the Markdown export."""

import markdown

from journal.exports import build
from journal.exports.markdown import split_front_matter


def test_a_hostile_supervisor_name_is_escaped_in_the_markdown(owner, supervisor, reviewed):
    supervisor.display_name = "[click](javascript:alert(1)) <b>"
    supervisor.save()
    body = build.export_entry(reviewed, "md").content.decode()
    assert "\\[click\\](javascript:alert(1)) &lt;b>" in body
    html = markdown.markdown(split_front_matter(body)[1])
    assert "<a " not in html and "<b>" not in html
    assert "[click](javascript:alert(1)) &lt;b&gt;" in html  # shown as written
