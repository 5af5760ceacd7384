"""journal.exports.markdown: the Markdown export."""

import markdown

from corpus.models import Statement
from journal.entries.markdown import render_markdown
from journal.exports import build
from journal.exports.markdown import split_front_matter
from tests.factories import (
    HOSTILE,
    make_entry,
)


def test_a_hostile_supervisor_name_is_escaped_in_the_markdown(owner, supervisor, reviewed):
    supervisor.display_name = "[click](javascript:alert(1)) <b>"
    supervisor.save()
    body = build.export_entry(reviewed, "md").content.decode()
    assert "\\[click\\](javascript:alert(1)) &lt;b>" in body
    html = markdown.markdown(split_front_matter(body)[1])
    assert "<a " not in html and "<b>" not in html
    assert "[click](javascript:alert(1)) &lt;b&gt;" in html  # shown as written


def test_markdown_round_trip_keeps_the_content(owner, signed_entry):
    result = build.export_entry(signed_entry, "md")
    front, body = split_front_matter(result.content.decode())
    assert front["title"] == "Standard 6 podcast"
    assert front["standards"] == ["6"] and front["status"] == "complete"
    assert front["sign_off"]["supervisor"] == "Sue Supervisor"
    # The code serves an audit, so the export keeps it and says what it is for.
    code = front["sign_off"]["fingerprint"]
    assert f"(version 1). Check code `{code}`: it is worked out from the exact text" in body
    html = str(render_markdown(body))
    assert "<blockquote>" in html and "Raising concerns is part of ethical practice." in html
    assert "Reflection needs protected time." in html
    assert "We agreed how to escalate concerns." in html
    order = [
        html.index(t)
        for t in ("Description and why it is relevant", "What I learnt", "Impact on my practice")
    ]
    assert order == sorted(order)


def test_hostile_titles_cannot_break_the_front_matter(owner, framework):
    entry = make_entry(owner, title='---\nstatus: signed\n"' + HOSTILE, description=HOSTILE)
    front, body = split_front_matter(build.export_entry(entry, "md").content.decode())
    assert front["title"].startswith("---\nstatus: signed")
    assert front["status"] == "draft"
    assert "<script" not in str(render_markdown(body))


def test_statements_sit_under_their_standard_on_the_page_and_in_markdown(
    owner, owner_client, standards
):
    entry = make_entry(owner, standards=list(standards.standards.filter(number__in=["3", "6"])))
    statements = Statement.objects.filter(standard__framework=standards)
    entry.statements.set(statements.filter(number__in=["3.4", "6.5", "2.1"]))
    by_number = {s.number: s.summary for s in statements}

    page = owner_client.get(entry.get_absolute_url()).content.decode()
    section = page[
        page.index('class="entry-standards"') : page.index(
            "</section>", page.index('class="entry-standards"')
        )
    ]
    assert section.index("Standard 3:") < section.index("3.4 ") < section.index("Standard 6:")
    assert section.index("Standard 6:") < section.index("6.5 ") < section.index("Statements")
    assert section.index("Statements") < section.index("2.1 ")

    _, body = split_front_matter(build.export_entry(entry, "md").content.decode())
    standards_part = body[body.index("## Professional standards") :]
    assert (
        f"- Standard 3: {standards.standards.get(number='3').title}\n  - 3.4 {by_number['3.4']}"
        in standards_part
    )
    assert f"- Statements\n  - 2.1 {by_number['2.1']}" in standards_part
