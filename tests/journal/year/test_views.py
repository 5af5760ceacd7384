"""journal.year.views: the dashboard's neighbours, readiness and the year copy view."""

import pytest
from django.urls import reverse

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


def test_the_copy_view_gives_plain_text_in_boxes_tall_enough(owner_client, owner, reviewed):
    body = owner_client.get(reverse("journal:entry_regulator_form", args=[reviewed.pk]))
    html = body.content.decode()
    assert "I read about relationship-based practice." in html
    assert "**relationship-based**" not in html
