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
from journal.review.queue import queue_neighbour, queue_place, review_queue
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


def test_the_longest_waiting_person_comes_first_and_steps_follow_the_page(supervisor):
    """Bob's entry has waited longest, so he is first although Ann's name sorts before his; the
    review page's steps walk the same order, and someone with nothing waiting comes last."""
    ann = make_user("ann", display_name="Ann Ames")
    bob = make_user("bob", display_name="Bob Baker")
    cal = make_user("cal", display_name="Ava Cole")
    now = timezone.now()
    entries = {}
    for person, ages, submitted in ((ann, (2, 6), True), (bob, (9, 1), True), (cal, (4,), False)):
        link = make_supervision(person, supervisor)
        for days in ages:
            entry = make_entry(
                person, title=f"{person} {days}d", status=Entry.Status.MARKED_COMPLETE
            )
            entries[entry.title] = entry
            share = make_share(entry, link, submitted=submitted)
            Share.objects.filter(pk=share.pk).update(
                submitted_at=now - datetime.timedelta(days=days) if submitted else None
            )
    groups = review_queue(supervisor=supervisor)
    assert [g.supervisee for g in groups] == [bob, ann, cal]
    assert [item.entry.title for item in groups[0].waiting] == ["Bob Baker 9d", "Bob Baker 1d"]
    walk, entry = [], entries["Bob Baker 9d"]
    while entry is not None:
        walk.append(entry.title)
        entry = queue_neighbour(supervisor=supervisor, entry=entry, step=1)
    assert walk == ["Bob Baker 9d", "Bob Baker 1d", "Ann Ames 6d", "Ann Ames 2d"]


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
        assert queue_place(supervisor=supervisor, entry=before).next.pk == after.pk


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
