"""journal.review.sign_off: a sign-off holds for exactly the content signed."""

from journal.models import ReviewState
from tests.factories import (
    save_entry,
)


def test_editing_a_private_note_does_not_unsign_an_entry(owner, reviewed):
    save_entry(owner, entry=reviewed, notes="PRIVATE: a different thought.")
    assert reviewed.review_state() == ReviewState.SIGNED_OFF
