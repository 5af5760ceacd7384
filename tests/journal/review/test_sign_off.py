"""journal.review.sign_off: a sign-off holds for exactly the content signed."""

import pytest

from journal.models import Entry, ReviewState
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


def test_editing_a_private_note_does_not_unsign_an_entry(owner, reviewed):
    save_entry(owner, entry=reviewed, notes="PRIVATE: a different thought.")
    assert reviewed.review_state() == ReviewState.SIGNED_OFF
