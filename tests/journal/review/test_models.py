"""journal.review.models: supervision links, shares, the review state, comments and sign-offs."""

from journal.models import ReviewState, SignOff
from journal.review import sharing, sign_off
from journal.review.standing import review_state
from tests.factories import (
    make_entry,
    make_supervision,
)


def test_review_state_is_derived_from_the_latest_event(owner, supervisor, framework):
    entry = make_entry(owner, status="complete", standards=[framework.standards.first()])
    assert review_state(entry) == ReviewState.PRIVATE
    link = make_supervision(owner, supervisor)
    sharing.entry_share(entry=entry, supervision=link, user=owner)
    assert review_state(entry) == ReviewState.SHARED
    sharing.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    assert review_state(entry) == ReviewState.SUBMITTED
    from journal.review.comments import entry_request_changes

    entry_request_changes(entry=entry, supervisor=supervisor, body="More, please.")
    assert review_state(entry) == ReviewState.CHANGES_REQUESTED
    sharing.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    assert review_state(entry) == ReviewState.SUBMITTED
    sign_off.entry_sign_off(entry=entry, supervisor=supervisor)
    assert review_state(entry) == ReviewState.SIGNED_OFF


def test_names_are_kept_as_they_were_when_written(reviewed_entry, supervisor):
    supervisor.display_name = "Sue Newname"
    supervisor.save()
    assert SignOff.objects.get().supervisor_name == "Sue Supervisor"
    assert SignOff.objects.get().supervisor_label == "Sue Newname"


def test_every_record_names_its_people_by_the_one_rule(owner, supervisor):
    """A sign-off, a comment and a hand-over all say the display name, or the kept name as a
    former account's; a record brought in from another journal says so instead."""
    from journal.models import AccountImport, Comment, Handover
    from journal.review.models import recorded_name

    assert recorded_name(supervisor, "Old") == supervisor.get_display_name()
    assert recorded_name(None, "Dana Price") == "Dana Price (account deleted)"
    assert recorded_name(None, "") == "Someone (account deleted)"
    assert recorded_name(None, "Dana Price", brought_in=True) == "Dana Price (earlier journal)"
    handover = Handover(supervisee=owner, supervisor=None, supervisor_name="Dana Price")
    comment = Comment(author=None, author_name="Dana Price")
    assert handover.supervisor_label == comment.author_label == "Dana Price (account deleted)"
    comment.account_import = AccountImport(pk=1)
    assert comment.author_label == "Dana Price (earlier journal)"
