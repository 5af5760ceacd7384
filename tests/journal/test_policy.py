"""Who may see what (journal.policy)."""

from django.utils import timezone

from journal import policy
from journal.models import (
    Entry,
)
from journal.review.queue import review_queue
from tests.factories import (
    make_complete_entry,
    make_share,
)


def test_an_entry_moved_back_to_draft_or_the_bin_disappears_from_the_supervisor(
    owner, supervisor, link
):
    entry = make_complete_entry(owner)
    make_share(entry, link, submitted=True)
    assert policy.entries_shared_with(supervisor).get() == entry
    Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.DRAFT)
    assert not policy.entries_shared_with(supervisor).exists()
    assert review_queue(supervisor=supervisor) == []
    Entry.objects.filter(pk=entry.pk).update(status="complete", deleted_at=timezone.now())
    assert not policy.entries_shared_with(supervisor).exists()
