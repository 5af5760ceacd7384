"""journal.exports.markdown: the Markdown export."""

import markdown
import pytest

from journal.exports import build
from journal.exports.markdown import split_front_matter
from journal.models import Entry
from journal.review import sign_off
from tests.factories import (
    make_framework,
    make_share,
    make_supervision,
    save_entry,
)


@pytest.fixture
def framework(db):
    return make_framework()


@pytest.fixture
def reviewed(owner, supervisor, framework):
    """A complete entry with private notes, shared with and signed off by the supervisor."""
    entry = save_entry(
        owner,
        title="Signed entry",
        description="I read about **relationship-based** practice.",
        learning="Trust takes time.",
        impact="I explain my role at the first visit.",
        notes="PRIVATE: this one was hard for me.",
        status=Entry.Status.MARKED_COMPLETE,
        standards=[framework.standards.get(number="2")],
    )
    link = make_supervision(owner, supervisor)
    make_share(entry, link, submitted=True)
    sign_off.entry_sign_off(entry=entry, supervisor=supervisor, note="Clear and honest.")
    return entry


def test_a_hostile_supervisor_name_is_escaped_in_the_markdown(owner, supervisor, reviewed):
    supervisor.display_name = "[click](javascript:alert(1)) <b>"
    supervisor.save()
    body = build.export_entry(reviewed, "md").content.decode()
    assert "\\[click\\](javascript:alert(1)) &lt;b>" in body
    html = markdown.markdown(split_front_matter(body)[1])
    assert "<a " not in html and "<b>" not in html
    assert "[click](javascript:alert(1)) &lt;b&gt;" in html  # shown as written
