"""Oversized and malformed input gets a clear error, and nothing is stored half-way."""

import pytest
from django.urls import reverse

from corpus.models import Passage
from corpus.search import search_passages
from journal.models import Entry
from tests.factories import make_passage, make_user


@pytest.fixture
def worker_client(client, db):
    client.force_login(make_user("worker"))
    return client


def entry_form(**overrides):
    data = {
        "activity_type": "reading",
        "title": "A reflection",
        "activity_date": "2026-03-01",
        "description": "Read an article.",
        "learning": "Something.",
        "impact": "Something else.",
    }
    data.update(overrides)
    return data


def test_a_five_megabyte_entry_is_refused_clearly(worker_client):
    response = worker_client.post(
        reverse("journal:entry_create"), entry_form(learning="x" * (5 * 1024 * 1024))
    )
    assert response.status_code == 400
    assert b"too large" in response.content
    assert not Entry.objects.exists()


def test_null_bytes_are_refused(worker_client):
    response = worker_client.post(reverse("journal:entry_create"), entry_form(title="A\x00B"))
    assert response.status_code == 200  # the form again, with an error
    assert "invisible character that cannot be stored" in response.content.decode()
    # The refused title is not stored; the rest is kept as a draft.
    assert Entry.objects.get().title == ""


def test_invalid_utf8_does_not_crash_or_store_garbage(worker_client):
    body = (
        b"activity_type=reading&title=%FF%FE%FDbroken&activity_date=2026-03-01"
        b"&description=d&learning=l&impact=i"
    )
    response = worker_client.post(
        reverse("journal:entry_create"),
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 302, 400)
    for entry in Entry.objects.all():
        entry.title.encode("utf-8")  # whatever was kept is valid text


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE corpus_passage; --",
        '" OR 1=1 --',
        "reflect* NEAR(supervision, 2)",
        "title:secret",
        "((((",
        '"unbalanced',
        "\x00",
        "a" * 10_000,
        "supervision AND NOT OR",
    ],
)
def test_search_injection_attempts_are_harmless(client, db, query):
    make_passage(text="Supervision helps me reflect on practice.")
    response = client.get(reverse("corpus:search"), {"q": query})
    # A NUL in the address is refused before any view (cpd/middleware.py).
    assert response.status_code == (400 if "\x00" in query else 200)
    list(search_passages(query))  # the service itself never raises either
    assert Passage.objects.count() == 1  # the table and its row are still there
    assert client.get(reverse("corpus:search"), {"q": "supervision"}).status_code == 200


def test_a_form_address_opened_on_its_own_explains_and_links_to_its_page(worker_client):
    """A reloaded or restored tab after sending a form: no blank 405, nothing changed."""
    from journal.models import User

    entry = Entry.objects.create(owner=User.objects.get(username="worker"), title="My entry")
    url = reverse("journal:entry_copied", args=[entry.pk])
    response = worker_client.get(url)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    body = response.content.decode()
    assert "Nothing was sent from this address" in body
    assert f'href="{entry.get_absolute_url()}"' in body
    entry.refresh_from_db()
    assert entry.copied_on is None
