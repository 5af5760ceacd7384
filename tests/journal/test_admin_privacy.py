"""The admin's delete pages count what would go; they never show what a person wrote."""

import uuid

import pytest
from django.urls import reverse

from journal.models import Comment, QuickNote
from tests.factories import make_entry, make_supervision, make_user

TITLE = "Home visit with the Okafor family"
NOTE = "Mum said the school rang twice about Tunde"


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def writer(db):
    writer = make_user("writer")
    entry = make_entry(writer, title=TITLE, description="The private description")
    QuickNote.objects.create(owner=writer, client_id=uuid.uuid4(), what_i_did=NOTE)
    supervisor = make_user("sup", role="supervisor")
    make_supervision(writer, supervisor)
    Comment.objects.create(entry=entry, author=supervisor, body="A comment on the visit")
    return writer


def assert_nothing_written_shows(response):
    assert response.status_code == 200
    page = response.content.decode()
    for text in (TITLE, NOTE, "The private description", "A comment on the visit"):
        assert text not in page
    return page


def test_deleting_a_user_shows_counts_not_their_writing(admin_client, writer):
    response = admin_client.get(reverse("admin:journal_user_delete", args=[writer.pk]))
    page = assert_nothing_written_shows(response)
    assert "Quick notes: 1" in page or "quick notes: 1" in page.lower()
    assert f"user #{writer.pk}" in page


def test_deleting_users_in_bulk_shows_counts_not_their_writing(admin_client, writer):
    response = admin_client.post(
        reverse("admin:journal_user_changelist"),
        {"action": "delete_selected", "_selected_action": [writer.pk]},
    )
    assert_nothing_written_shows(response)


def test_an_entry_is_shown_by_number_and_deleted_only_with_its_owner(admin_client, writer):
    entry = writer.entries.get()
    page = assert_nothing_written_shows(
        admin_client.get(reverse("admin:journal_entry_change", args=[entry.pk]))
    )
    assert f"Entry #{entry.pk}" in page
    assert_nothing_written_shows(admin_client.get(reverse("admin:journal_entry_changelist")))
    delete = admin_client.get(reverse("admin:journal_entry_delete", args=[entry.pk]))
    assert delete.status_code == 403
