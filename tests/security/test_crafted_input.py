"""Crafted input gets a 400 page or an empty result, never a server error.

The same cases run on SQLite and on PostgreSQL (CI runs the suite on both; NUL bytes and
out-of-range integers fail differently on each).
"""

import pytest
from django.urls import reverse

from tests.factories import make_entry, make_user


@pytest.fixture
def worker(db):
    return make_user("worker")


@pytest.fixture
def worker_client(client, worker):
    client.force_login(worker)
    return client


def assert_handled(response):
    assert response.status_code in (200, 400), response.status_code
    return response


@pytest.mark.parametrize("year", ["0", "1", "10000", "²", "-1", "2026.0", "9" * 30, " 2026"])
def test_entry_list_year(worker_client, worker, year):
    make_entry(worker)
    response = assert_handled(worker_client.get("/entries/", {"year": year}))
    assert response.status_code == 400 or b"Listening to a podcast" not in response.content


@pytest.mark.parametrize(
    "url, params",
    [
        ("/entries/", {"q": "a\x00b"}),
        ("/entries/", {"standard": "\x00"}),
        ("/entries/", {"sort": "\x00"}),
        ("/entries/", {"page": "\x00"}),
        ("/search/", {"source": "\x00"}),
        ("/search/", {"q": "care\x00"}),
        ("/search/", {"speaker": "\x00"}),
        ("/search/", {"standard": "\x00"}),
        ("/entries/new/", {"cite": "\x00"}),
        ("/entries/new/", {"cite": "slug:\x00"}),
        ("/api/passages/", {"q": "\x00"}),
    ],
)
def test_nul_bytes_in_the_query_string(worker_client, url, params):
    assert_handled(worker_client.get(url, params))


@pytest.mark.parametrize("path", ["/standards/%00/", "/sources/%00/", "/standards/1%002/"])
def test_nul_bytes_in_the_path(worker_client, path):
    assert worker_client.get(path).status_code in (400, 404)


@pytest.mark.parametrize("revision", ["abc", "1.5", "0x1", "9" * 30, "-1", "١"])
def test_autosave_revision(worker_client, worker, revision):
    entry = make_entry(worker)
    url = reverse("journal:entry_autosave", args=[entry.pk])
    response = worker_client.post(url, {"title": "Changed", "revision": revision})
    assert response.status_code in (200, 400, 409, 422), response.status_code


@pytest.mark.parametrize("statement", ["9" * 23, "-1", "1.5", "\x00", "abc", "9" * 400])
def test_entry_form_with_a_crafted_statement_id(worker_client, statement):
    response = worker_client.post(
        reverse("journal:entry_create"),
        {
            "activity_type": "reading",
            "title": "A reflection",
            "activity_date": "2026-03-01",
            "statements": statement,
            "standards": statement,
        },
    )
    assert_handled(response)


def test_autosave_with_a_crafted_statement_id(worker_client, worker):
    entry = make_entry(worker)
    url = reverse("journal:entry_autosave", args=[entry.pk])
    response = worker_client.post(url, {"title": "x", "statements": "9" * 23, "revision": "1"})
    assert response.status_code in (200, 400, 409, 422)


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "nonsense", "x-mac-unknown"])
@pytest.mark.parametrize("view", ["journal:entry_create", "journal:entry_autosave_new"])
def test_a_form_post_in_another_charset(worker_client, charset, view):
    body = b"activity_type=reading&title=Caf\xe9%E9&activity_date=2026-03-01&description=d\xe9"
    response = worker_client.generic(
        "POST",
        reverse(view),
        body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code in (200, 302, 400), response.status_code


def test_posted_citations_with_nul_bytes(worker_client, worker):
    entry = make_entry(worker)
    url = reverse("journal:entry_autosave", args=[entry.pk])
    response = worker_client.post(url, {"title": "x", "revision": "1", "cite": "a\x00:b"})
    assert response.status_code in (200, 400, 409, 422)


def test_ids_given_as_numbers_by_code_are_still_accepted(standards):
    from journal.forms.entries import EntryForm

    standard = standards.standards.first()
    form = EntryForm(data={"title": "x", "activity_type": "reading", "standards": [standard.pk]})
    form.full_clean()
    assert "standards" not in form.errors
