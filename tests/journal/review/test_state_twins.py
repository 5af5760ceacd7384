"""The review state is worked out in Python (Entry.review_state()); its SQL twin, the
`changes_requested` flag of EntryQuerySet.with_review_flags(), must say the same on every
scenario a page can meet."""

import datetime

import pytest
from django.utils import timezone

from journal.models import Entry, ReviewState, Share
from journal.review.sign_off import entry_sign_off
from tests.factories import make_entry, make_share, make_supervision, make_user

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

    state = Entry.objects.get(pk=entry.pk).review_state()
    flagged = Entry.objects.with_review_flags("changes_requested").get(pk=entry.pk)

    assert flagged.changes_requested is (state == ReviewState.CHANGES_REQUESTED), state
    assert (scenario == "changes requested") is (state == ReviewState.CHANGES_REQUESTED)
