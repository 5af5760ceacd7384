"""An entry withdrawn from a supervisor answers a page that says what happened, never its
content, and only to a supervisor who once had a share; everyone else still gets 404."""

import pytest
from django.test import Client
from django.urls import reverse

from journal.entries import services as entry_services
from journal.models import Entry, Share
from journal.review import supervision as supervision_services
from tests.factories import make_entry, make_share, make_supervision, make_user

SECRET = "A secret title about a family"


@pytest.fixture
def shared(owner, supervisor):
    link = make_supervision(owner, supervisor)
    entry = make_entry(owner, title=SECRET, status=Entry.Status.COMPLETE)
    make_share(entry, link, submitted=True)
    return entry, link


@pytest.fixture
def supervisor_client(supervisor):
    client = Client()
    client.force_login(supervisor)
    return client


def _page(client, entry):
    response = client.get(reverse("journal:review_entry", args=[entry.pk]))
    assert response.status_code == 410
    text = response.content.decode()
    assert SECRET not in text and "I listened to an episode" not in text
    return text


def test_binned_by_its_owner(supervisor_client, shared, owner):
    entry, _ = shared
    entry_services.entry_move_to_bin(entry=entry, user=owner)
    text = _page(supervisor_client, entry)
    assert "Olu Owner moved this entry to their bin on 16 February 2027" in text
    assert "If they restore it within 30 days" in text


def test_supervision_ended(supervisor_client, shared, owner):
    entry, link = shared
    supervision_services.supervision_revoke(supervision=link, user=owner)
    assert "Your supervision of Olu Owner has ended" in _page(supervisor_client, entry)


def test_made_a_draft_again(supervisor_client, shared):
    entry, _ = shared
    Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.DRAFT)
    assert "made this entry a draft again" in _page(supervisor_client, entry)


def test_a_comment_typed_in_an_old_tab_is_shown_back(supervisor_client, shared):
    entry, _ = shared
    Share.objects.update(revoked_at=entry.created_at)
    response = supervisor_client.post(
        reverse("journal:review_comment", args=[entry.pk]),
        {"field": "entry", "body": "Well argued, and brave."},
    )
    assert response.status_code == 410
    assert b"What you wrote was not sent" in response.content
    assert b"Well argued, and brave." in response.content


def test_nobody_who_never_had_a_share_learns_anything(shared, owner, stranger):
    entry, _ = shared
    linked = make_user("linked-sup", role="supervisor")
    make_supervision(owner, linked)  # supervises the owner, never shared with
    Share.objects.update(revoked_at=entry.created_at)
    for person in (stranger, linked):
        client = Client()
        client.force_login(person)
        assert client.get(reverse("journal:review_entry", args=[entry.pk])).status_code == 404
    missing = Client()
    missing.force_login(linked)
    assert missing.get(reverse("journal:review_entry", args=[entry.pk + 100])).status_code == 404
