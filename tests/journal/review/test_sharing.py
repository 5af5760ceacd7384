"""journal.review.sharing: sharing, submitting and stopping sharing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from journal.errors import ReviewError
from journal.models import (
    Notification,
    ReviewState,
    Share,
)
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review.queue import review_queue
from journal.review.standing import review_state
from tests.factories import (
    make_complete_entry,
    make_entry,
    make_framework,
    make_share,
    make_supervision,
    owner_edits,
    request_changes,
)


def test_submitting_again_closes_the_open_comments(
    owner, owner_client, submitted, supervisor, link
):
    request_changes(submitted, supervisor, body="Name one next step.")
    sharing_services.entry_share(entry=submitted, supervision=link, user=owner, submit=True)
    page = owner_client.get(reverse("journal:entry_edit", args=[submitted.pk])).content.decode()
    assert "Name one next step." not in page
    assert 'id="changes-requested"' not in page


def test_drafts_cannot_be_shared(owner, link, owner_client):
    entry = make_entry(owner)  # a draft by default
    response = owner_client.post(
        reverse("journal:entry_share", args=[entry.pk]), {"supervision": link.pk, "action": "share"}
    )
    assert response.status_code == 200
    assert b"Drafts stay private" in response.content
    assert not Share.objects.exists()


def test_an_entry_marked_complete_that_is_not_complete_cannot_be_shared(owner, link):
    # Marked complete but with no standard, or dated after today: Entry.is_complete decides.
    untagged = make_entry(owner, status="complete")
    to_come = make_entry(
        owner,
        status="complete",
        standards=[make_framework().standards.get(number="1")],
        activity_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    for entry in (untagged, to_come):
        with pytest.raises(ReviewError, match="Drafts stay private"):
            sharing_services.entry_share(entry=entry, supervision=link, user=owner)
    assert not Share.objects.exists()


def test_sharing_twice_reuses_the_live_share(owner, link):
    entry = make_complete_entry(owner)
    first = sharing_services.entry_share(entry=entry, supervision=link, user=owner)
    second = sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    assert first.pk == second.pk and Share.objects.count() == 1
    # Submitting again while it is already waiting changes nothing and tells nobody twice.
    sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    assert Notification.objects.filter(message__contains="submitted").count() == 1


def test_only_the_owner_shares_and_only_with_an_active_link(owner, supervisor, stranger):
    entry = make_complete_entry(owner)
    invited = make_supervision(owner, supervisor, status="invited")
    with pytest.raises(ReviewError) as error:
        sharing_services.entry_share(entry=entry, supervision=invited, user=owner)
    assert error.value.code == "inactive_supervision"
    someone_elses = make_supervision(stranger, supervisor)
    with pytest.raises(ReviewError):
        sharing_services.entry_share(entry=entry, supervision=someone_elses, user=owner)
    with pytest.raises(PermissionDenied):
        sharing_services.entry_share(entry=entry, supervision=someone_elses, user=stranger)
    assert not Share.objects.exists()


def test_an_edit_after_sign_off_can_be_submitted_again_once(owner, supervisor, link):
    entry = make_complete_entry(owner)
    share = make_share(entry, link, submitted=True)
    sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    # Unchanged and signed off: nothing to submit.
    with pytest.raises(ReviewError) as error:
        sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    assert error.value.code == "already_signed_off"

    owner_edits(entry, impact="Better impact.")
    share.refresh_from_db()
    assert share.review_state(entry.signoffs.all(), entry.content_fingerprint()) == (
        ReviewState.CHANGED_SINCE_SIGN_OFF
    )
    assert review_queue(supervisor=supervisor)[0].waiting  # back without resubmitting
    for _ in range(2):
        sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    assert Notification.objects.filter(message__contains="submitted").count() == 1
    share.refresh_from_db()
    assert review_state(entry) == ReviewState.SUBMITTED
