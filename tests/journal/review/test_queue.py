"""The supervisor's review queue (journal.review.queue)."""

import datetime
import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journal.models import (
    Entry,
    Share,
)
from journal.review import sign_off as sign_off_services
from journal.review.queue import queue_neighbours, review_queue
from tests.factories import (
    make_entry,
    make_share,
    make_supervision,
    make_user,
)


def test_the_queue_groups_by_supervisee_oldest_first(supervisor):
    ann = make_user("ann", display_name="Ann Ames")
    bob = make_user("bob", display_name="Bob Baker")
    now = timezone.now()
    for person, ages in ((ann, (1, 5)), (bob, (3,))):
        link = make_supervision(person, supervisor)
        for days in ages:
            entry = make_entry(
                person, title=f"{person} {days}d", status=Entry.Status.MARKED_COMPLETE
            )
            share = make_share(entry, link, submitted=True)
            Share.objects.filter(pk=share.pk).update(
                submitted_at=now - datetime.timedelta(days=days)
            )
    groups = review_queue(supervisor=supervisor)
    assert [g.supervisee for g in groups] == [ann, bob]
    assert [item.entry.title for item in groups[0].waiting] == ["Ann Ames 5d", "Ann Ames 1d"]


def _queue_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("journal:review_queue"))
    assert response.status_code == 200
    return len(queries)


def test_next_waiting_steps_through_the_queue_pages_groups_even_when_two_share_a_name(
    supervisor,
):
    """Two supervisees with one name are two groups on the page; "Next waiting" finishes the
    first's entries before the second's rather than weaving them together by age."""
    first, second = (make_user(name, display_name="Sam Smith") for name in ("sam1", "sam2"))
    now = timezone.now()
    entries = {}
    for person, ages in ((first, (5, 1)), (second, (3,))):
        link = make_supervision(person, supervisor)
        for days in ages:
            entry = make_entry(person, status=Entry.Status.MARKED_COMPLETE)
            share = make_share(entry, link, submitted=True)
            Share.objects.filter(pk=share.pk).update(
                submitted_at=now - datetime.timedelta(days=days)
            )
            entries[person.username, days] = entry

    ordered = [entries[key] for key in (("sam1", 5), ("sam1", 1), ("sam2", 3))]
    on_the_page = [i.entry.pk for g in review_queue(supervisor=supervisor) for i in g.waiting]
    assert on_the_page == [entry.pk for entry in ordered]
    for before, after in itertools.pairwise(ordered):
        _, following = queue_neighbours(supervisor=supervisor, entry=before)
        assert following.pk == after.pk


def test_the_queue_costs_the_same_queries_for_2_or_12_entries(supervisor, supervisor_client):
    def add_entries(count):
        person = make_user()
        link = make_supervision(person, supervisor)
        for n in range(count):
            entry = make_entry(person, title=f"Entry {n}", status=Entry.Status.MARKED_COMPLETE)
            make_share(entry, link, submitted=True)
            if n % 2:
                sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)

    add_entries(2)
    _queue_queries(supervisor_client)  # a session's first page also records it (sessions page)
    few = _queue_queries(supervisor_client)
    add_entries(10)
    many = _queue_queries(supervisor_client)
    assert many == few
    assert few < 15
