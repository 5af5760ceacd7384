"""Working through the queue: ages on the review page, next and previous waiting, and
"Sign off and open the next waiting"."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.models import Entry, Share
from tests.factories import make_entry, make_share, make_supervision, make_user


@pytest.fixture
def queue(owner, supervisor):
    """Three entries waiting, oldest first: two of Olu's, then one of Priya's."""
    priya = make_user("priya", display_name="Priya Shah")
    mine, hers = make_supervision(owner, supervisor), make_supervision(priya, supervisor)
    now = timezone.now()
    entries = []
    for person, link, title, days in [
        (owner, mine, "Oldest", 9),
        (owner, mine, "Newer", 2),
        (priya, hers, "Priya's", 5),
    ]:
        entry = make_entry(person, title=title, status=Entry.Status.COMPLETE)
        share = make_share(entry, link, submitted=True)
        Share.objects.filter(pk=share.pk).update(submitted_at=now - datetime.timedelta(days=days))
        entries.append(entry)
    return entries


@pytest.fixture
def supervisor_client(supervisor):
    client = Client()
    client.force_login(supervisor)
    return client


def test_the_review_page_says_how_long_and_steps_through_the_queue(supervisor_client, queue):
    oldest, newer, priyas = queue
    page = supervisor_client.get(reverse("journal:review_entry", args=[oldest.pk]))
    assert "waiting <time" in page.content.decode() and "1\xa0week" in page.content.decode()

    def step(name, entry):
        return supervisor_client.get(reverse(name, args=[entry.pk]))["Location"]

    def review(entry):
        return reverse("journal:review_entry", args=[entry.pk])

    assert step("journal:review_next", oldest) == review(newer)
    assert step("journal:review_next", newer) == review(priyas)
    assert step("journal:review_previous", priyas) == review(newer)
    # At either end, back to the queue.
    assert step("journal:review_previous", oldest) == reverse("journal:review_queue")
    assert step("journal:review_next", priyas) == reverse("journal:review_queue")


def test_sign_off_and_open_the_next_waiting(supervisor_client, queue):
    oldest, newer, priyas = queue

    def sign_off(entry):
        return supervisor_client.post(
            reverse("journal:review_sign_off", args=[entry.pk]),
            {"fingerprint": entry.content_fingerprint(), "then": "next"},
            follow=True,
        )

    response = sign_off(oldest)
    assert response.redirect_chain[-1][0] == reverse("journal:review_entry", args=[newer.pk])
    assert "This is the next entry waiting." in response.content.decode()
    # The same person's next first, then the next person's.
    assert sign_off(newer).redirect_chain[-1][0] == reverse(
        "journal:review_entry", args=[priyas.pk]
    )
    last = sign_off(priyas)
    assert last.redirect_chain[-1][0] == reverse("journal:review_queue")
    assert "Nothing else is waiting for your review." in last.content.decode()


def test_only_the_supervisor_with_the_share_steps_from_an_entry(queue, stranger):
    client = Client()
    client.force_login(stranger)
    assert client.get(reverse("journal:review_next", args=[queue[0].pk])).status_code == 404


def _queue_nav(page: str) -> str:
    return page[page.index('<nav aria-label="Review queue"') :].split("</nav>", 1)[0]


def test_the_review_page_links_only_where_something_else_waits(supervisor_client, queue):
    oldest, newer, priyas = queue

    def nav(entry):
        page = supervisor_client.get(reverse("journal:review_entry", args=[entry.pk]))
        return _queue_nav(page.content.decode()), page.content.decode()

    first, _ = nav(oldest)
    assert "Previous waiting" not in first  # nothing before the oldest
    assert f'href="{reverse("journal:review_entry", args=[newer.pk])}">Next waiting' in first
    middle, _ = nav(newer)
    assert f'href="{reverse("journal:review_entry", args=[oldest.pk])}">← Previous' in middle
    assert f'href="{reverse("journal:review_entry", args=[priyas.pk])}">Next waiting' in middle

    for entry in (oldest, newer):
        supervisor_client.post(
            reverse("journal:review_sign_off", args=[entry.pk]),
            {"fingerprint": entry.content_fingerprint()},
        )
    last, page = nav(priyas)
    assert "Nothing else is waiting for your review." in last
    assert "Previous waiting" not in last and "Next waiting" not in last
    assert "Sign off and open the next waiting" not in page
