"""The review state is worked out in Python (review.standing.review_state()); its SQL twin, the
`changes_requested` flag of journal.review.flags, must say the same on every scenario a page can
meet; and Entry.ever_signed_off, kept on the entry's row for its save, what the `has_sign_offs`
flag finds in review's table."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from corpus.models import Standard
from journal.account.services import account_delete
from journal.entries.bin import entry_move_to_bin
from journal.entries.models import current_fingerprint
from journal.entries.services import EditConflict, EntryChange, entry_save
from journal.models import Entry, EntryVersion, ReviewState, Share
from journal.review.document import entry_document
from journal.review.flags import review_flags_named
from journal.review.models import latest_sign_off, needs_review_condition
from journal.review.queue import queue_items, review_queue, waiting_since
from journal.review.sign_off import entry_sign_off
from journal.review.standing import review_state
from tests.factories import (
    make_entry,
    make_framework,
    make_share,
    make_supervision,
    make_user,
    save_entry,
)

HOUR = datetime.timedelta(hours=1)


def _shared(owner, supervisor):
    entry = make_entry(owner, status="complete", title="Shared")
    return entry, make_share(entry, make_supervision(owner, supervisor))


def _requested(share, *, ago=HOUR):
    Share.objects.filter(pk=share.pk).update(changes_requested_at=timezone.now() - ago)


SCENARIOS = {
    "private": lambda owner, sup: make_entry(owner),
    "shared": lambda owner, sup: _shared(owner, sup)[0],
    "submitted": lambda owner, sup: _submitted(owner, sup),
    "changes requested": lambda owner, sup: _changes_requested(owner, sup),
    "submitted again after a request": lambda owner, sup: _submitted_again(owner, sup),
    "signed off after a request": lambda owner, sup: _signed_off_after_request(owner, sup),
    "request on a revoked share": lambda owner, sup: _revoked_request(owner, sup),
}


def _submitted(owner, sup):
    entry, share = _shared(owner, sup)
    Share.objects.filter(pk=share.pk).update(submitted_at=timezone.now())
    return entry


def _changes_requested(owner, sup):
    entry, share = _shared(owner, sup)
    Share.objects.filter(pk=share.pk).update(submitted_at=timezone.now() - 2 * HOUR)
    _requested(share)
    return entry


def _submitted_again(owner, sup):
    entry, share = _shared(owner, sup)
    _requested(share, ago=2 * HOUR)
    Share.objects.filter(pk=share.pk).update(submitted_at=timezone.now())
    return entry


def _signed_off_after_request(owner, sup):
    entry, share = _shared(owner, sup)
    _requested(share, ago=2 * HOUR)
    entry_sign_off(entry=entry, supervisor=sup)
    return entry


def _revoked_request(owner, sup):
    entry, share = _shared(owner, sup)
    _requested(share)
    Share.objects.filter(pk=share.pk).update(revoked_at=timezone.now())
    return entry


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_changes_requested_flag_agrees_with_the_review_state(owner, scenario):
    supervisor = make_user("twin-supervisor", role="supervisor")
    entry = SCENARIOS[scenario](owner, supervisor)

    state = review_state(Entry.objects.get(pk=entry.pk))
    flagged = Entry.objects.annotate(**review_flags_named("changes_requested")).get(pk=entry.pk)

    assert flagged.changes_requested is (state == ReviewState.CHANGES_REQUESTED), state
    assert (scenario == "changes requested") is (state == ReviewState.CHANGES_REQUESTED)


# "Changed since sign-off" is SignOff.covers(fingerprint); the entry reads its fingerprint from
# its content (Entry.content_fingerprint()), the queue and the team view from its latest version
# in SQL (entries.models.current_fingerprint). Both must give the same state.


def _signed(owner, sup):
    standard = make_framework().standards.get(number="1")
    entry = save_entry(owner, title="Signed", status="complete", standards=[standard])
    make_share(entry, make_supervision(owner, sup), submitted=True)
    entry_sign_off(entry=entry, supervisor=sup)
    return Entry.objects.get(pk=entry.pk)


def _edited(owner, sup):
    return save_entry(owner, entry=_signed(owner, sup), learning="Something new.")


def _private_note(owner, sup):
    return save_entry(owner, entry=_signed(owner, sup), notes="Only for me.")


def _edited_back(owner, sup):
    entry = _signed(owner, sup)
    learning = entry.learning
    entry = save_entry(owner, entry=entry, learning="Something new.")
    return save_entry(owner, entry=entry, learning=learning)


def _conflict_kept(owner, sup):
    entry = _signed(owner, sup)
    change = EntryChange(fields={"learning": "From a stale tab."}, reopen_signed_off=True)
    with pytest.raises(EditConflict):
        entry_save(user=owner, entry=entry, change=change, expected_revision=entry.revision - 1)
    return entry


def _retagged(owner, sup):
    entry = _signed(owner, sup)
    return save_entry(owner, entry=entry, standards=[*entry.standards.all(), _standard(2)])


def _autosaved_twice(owner, sup):
    entry = _signed(owner, sup)
    for text in ("Something", "Something new."):
        change = EntryChange(fields={"learning": text}, reopen_signed_off=True)
        entry_save(user=owner, entry=entry, change=change, kind=EntryVersion.Kind.AUTOSAVE)
    return entry


def _submitted_after_edit(owner, sup):
    entry = _edited(owner, sup)
    Share.objects.filter(entry=entry).update(submitted_at=timezone.now() + HOUR)
    return entry


def _standard(number):
    return Standard.objects.get(framework__slug="test-framework", number=str(number))


SIGN_OFF_SCENARIOS = {
    # scenario: (build, changed since sign-off?)
    "signed off": (_signed, False),
    "edited after sign-off": (_edited, True),
    "a private note added": (_private_note, False),
    "edited and changed back": (_edited_back, False),
    "a stale tab's text kept as a conflict": (_conflict_kept, False),
    "a standard added": (_retagged, True),
    "autosaved twice": (_autosaved_twice, True),
    "submitted again after the edit": (_submitted_after_edit, False),
}


@pytest.mark.parametrize("scenario", SIGN_OFF_SCENARIOS)
def test_the_queue_reads_changed_since_sign_off_as_the_entry_does(owner, scenario):
    supervisor = make_user("twin-supervisor", role="supervisor")
    build, changed = SIGN_OFF_SCENARIOS[scenario]
    entry = Entry.objects.get(pk=build(owner, supervisor).pk)

    state = review_state(entry)
    (group,) = review_queue(supervisor=supervisor)
    (item,) = group.waiting + group.other
    in_sql = Entry.objects.annotate(fingerprint=current_fingerprint()).get(pk=entry.pk)

    assert state.changed_since_sign_off is changed, state
    assert item.state == state
    waiting = [
        (i.entry.pk, i.state, i.waiting_since) for i in queue_items(supervisor, waiting_only=True)
    ]
    assert waiting == ([(entry.pk, state, item.waiting_since)] if state.needs_review else [])
    assert in_sql.fingerprint == entry.content_fingerprint()
    # The document's "differs from the signed-off version" asks the same question of the text.
    assert entry_document(entry).sign_off.current is latest_sign_off(entry.signoffs.all()).covers(
        in_sql.fingerprint
    )


# The queue reads its rows as plain values and gives them to review_state_of(), the rule
# Share.review_state() applies to a share: the two must agree on every scenario above.


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_queue_rows_read_the_review_state_as_the_entry_does(owner, scenario):
    supervisor = make_user("twin-supervisor", role="supervisor")
    entry = Entry.objects.get(pk=SCENARIOS[scenario](owner, supervisor).pk)

    state = review_state(entry)
    items = queue_items(supervisor)

    if scenario in ("private", "request on a revoked share"):  # no live share: not queued
        assert items == []
    else:
        (item,) = items
        assert (item.entry.pk, item.state) == (entry.pk, state)
        (share,) = entry.shares.all()
        assert item.waiting_since == waiting_since(share, state)
    assert queue_items(supervisor, waiting_only=True) == [i for i in items if i.state.needs_review]


# "Waiting for review" (ReviewState.needs_review) is worked out per share by review_state_of();
# the queue chooses its waiting rows in SQL with needs_review_condition(). Both must agree on
# every scenario above, and on those where the order of the events decides.


def _submitted_again_after_sign_off(owner, sup):
    entry = _signed(owner, sup)
    Share.objects.filter(entry=entry).update(submitted_at=timezone.now() + HOUR)
    return entry


def _asked_after_edit(owner, sup):
    entry = _edited(owner, sup)
    Share.objects.filter(entry=entry).update(changes_requested_at=timezone.now() + HOUR)
    return entry


def _submitted_as_signed_off(owner, sup):  # a tie goes to the submission: waiting
    entry = _signed(owner, sup)
    Share.objects.filter(entry=entry).update(
        submitted_at=latest_sign_off(entry.signoffs.all()).created_at
    )
    return entry


def _signed_unasked_then_edited(owner, sup):  # neither submitted nor asked: changed since
    entry = _signed(owner, sup)
    Share.objects.filter(entry=entry).update(submitted_at=None)
    return save_entry(owner, entry=entry, learning="Something new.")


def _submitted_as_asked(owner, sup):  # a tie goes to the submission: waiting
    entry, share = _shared(owner, sup)
    _requested(share)
    Share.objects.filter(pk=share.pk).update(submitted_at=F("changes_requested_at"))
    return entry


def _asked_as_signed_off_then_edited(owner, sup):  # a tie goes to the request: not waiting
    entry = _signed(owner, sup)
    at = latest_sign_off(entry.signoffs.all()).created_at
    Share.objects.filter(entry=entry).update(changes_requested_at=at)
    return save_entry(owner, entry=entry, learning="Something new.")


def _another_supervisor_signed(owner, sup):
    entry = _edited(owner, make_user("other-supervisor", role="supervisor"))
    make_share(entry, make_supervision(owner, sup), submitted=True)
    return entry


def _signed_again_after_edit(owner, sup):  # the latest sign-off decides, not any
    entry = _edited(owner, sup)
    entry_sign_off(entry=entry, supervisor=sup)
    return entry


def _changed_back_to_an_earlier_sign_off(owner, sup):  # covered by the first, not the latest
    entry = _signed(owner, sup)
    learning = entry.learning
    entry = save_entry(owner, entry=entry, learning="Something new.")
    entry_sign_off(entry=entry, supervisor=sup)
    return save_entry(owner, entry=Entry.objects.get(pk=entry.pk), learning=learning)


WAITING_SCENARIOS = {
    **SCENARIOS,
    **{name: build for name, (build, _) in SIGN_OFF_SCENARIOS.items()},
    "submitted again after a sign-off": _submitted_again_after_sign_off,
    "edited, then changes requested": _asked_after_edit,
    "submitted at the moment of the sign-off": _submitted_as_signed_off,
    "submitted at the moment changes were asked for": _submitted_as_asked,
    "signed off unasked, then edited": _signed_unasked_then_edited,
    "changes asked at the moment of the sign-off, then edited": _asked_as_signed_off_then_edited,
    "signed off by another supervisor, then edited": _another_supervisor_signed,
    "signed off again after an edit": _signed_again_after_edit,
    "changed back to the text of an earlier sign-off": _changed_back_to_an_earlier_sign_off,
}


@pytest.mark.parametrize("scenario", WAITING_SCENARIOS)
def test_the_sql_waiting_rule_agrees_with_the_review_state(owner, scenario):
    supervisor = make_user("twin-supervisor", role="supervisor")
    entry = Entry.objects.get(pk=WAITING_SCENARIOS[scenario](owner, supervisor).pk)
    sign_offs = list(entry.signoffs.all())

    waiting_in_sql = set(
        Share.objects.filter(needs_review_condition(current_fingerprint("entry"))).values_list(
            "pk", flat=True
        )
    )
    judged = {
        share.pk: share.review_state(sign_offs, entry.content_fingerprint()).needs_review
        for share in entry.shares.select_related("supervision")
    }

    assert {pk for pk, waiting in judged.items() if waiting} == waiting_in_sql, judged


# Whether an entry has any sign-off: entry_save's row lock reads it from the entry's own row
# (Entry.ever_signed_off, set as a sign-off is kept), the pages from review's table (the
# has_sign_offs flag). Both must agree on every scenario above, and as the people go.


def _signed_by_two(owner, sup):
    entry = _signed(owner, sup)
    other = make_user("second-supervisor", role="supervisor")
    make_share(entry, make_supervision(owner, other), submitted=True)
    entry_sign_off(entry=entry, supervisor=other)
    return entry


def _supervisor_gone(owner, sup):
    entry = _signed(owner, sup)
    account_delete(user=sup)
    return entry


def _in_the_bin(owner, sup):
    entry = _signed(owner, sup)
    entry_move_to_bin(entry=entry, user=owner)
    return entry


SIGNED_SCENARIOS = {
    **WAITING_SCENARIOS,
    "signed off by two supervisors": _signed_by_two,
    "the supervisor who signed deleted their account": _supervisor_gone,
    "signed off, then moved to the bin": _in_the_bin,
}


@pytest.mark.parametrize("scenario", SIGNED_SCENARIOS)
def test_the_entry_row_knows_whether_it_was_signed_off_as_review_does(owner, scenario):
    supervisor = make_user("twin-supervisor", role="supervisor")
    entry = SIGNED_SCENARIOS[scenario](owner, supervisor)
    flagged = Entry.objects.annotate(**review_flags_named("has_sign_offs")).get(pk=entry.pk)

    assert flagged.ever_signed_off is flagged.has_sign_offs
