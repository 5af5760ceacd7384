"""Quick notes: saved once however often they are sent, private, scanned, turned into entries."""

import io
import json
import uuid
import zipfile

import pytest
from django.urls import reverse

from journal.models import AuditEvent, Entry, EntryVersion, QuickNote
from journal.notes.services import note_to_entry, split_name_and_role
from tests.accounts.helpers import reauthenticate
from tests.factories import make_passage, make_source, make_user


def test_one_tap_saves_a_note_with_nothing_else_required(owner_client, owner):
    response = owner_client.post(reverse("journal:note_capture"), {"what_i_did": "Duty visit."})
    assert response.status_code == 302 and response.url == reverse("journal:note_list")
    note = QuickNote.objects.get(owner=owner)
    assert note.what_i_did == "Duty visit." and note.activity_date is not None


def test_an_empty_note_is_refused_with_a_message(owner_client, owner):
    response = owner_client.post(
        reverse("journal:note_capture"), {"what_i_did": "  "}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert "so the note has something in it" in response.json()["errors"][0]
    assert not QuickNote.objects.exists()


def test_a_note_sent_twice_with_its_client_id_is_stored_once(owner_client, owner):
    client_id = str(uuid.uuid4())
    data = {"client_id": client_id, "what_struck_me": "Silence can be an answer."}
    first = owner_client.post(reverse("journal:note_capture"), data, HTTP_ACCEPT="application/json")
    again = owner_client.post(reverse("journal:note_capture"), data, HTTP_ACCEPT="application/json")
    assert first.json()["created"] is True and again.json()["created"] is False
    assert first.json()["id"] == again.json()["id"]
    assert QuickNote.objects.filter(owner=owner).count() == 1
    # Another person's phone may make the same UUID: it is theirs, not a duplicate.
    other = make_user()
    owner_client.force_login(other)
    owner_client.post(reverse("journal:note_capture"), data, HTTP_ACCEPT="application/json")
    assert QuickNote.objects.count() == 2


def test_the_privacy_scan_runs_on_a_note(owner_client):
    response = owner_client.post(
        reverse("journal:note_capture"),
        {"what_i_did": "Visited Mrs Jones at M1 1AE."},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["ok"]
    messages = " ".join(response.json()["privacy"])
    assert "postcode" in messages and "name" in messages


def test_turn_into_an_entry_prefills_the_editor_through_entry_save(owner_client, owner, db):
    passage = make_passage(make_source("pod", title="A podcast"), "Listening is an intervention.")
    owner_client.post(
        reverse("journal:note_capture"),
        {
            "what_i_did": "Listened on the train.",
            "what_struck_me": "Listening is work.",
            "discussed_with": "My practice educator",
            "activity_date": "2026-11-20",
            "cite": f"pod:{passage.anchor}",
        },
    )
    note = QuickNote.objects.get()
    response = owner_client.post(reverse("journal:note_to_entry", args=[note.pk]))
    entry = Entry.objects.get(owner=owner)
    assert response.status_code == 302
    assert response.url == reverse("journal:entry_edit", args=[entry.pk])
    assert entry.description == "Listened on the train." and entry.learning == "Listening is work."
    assert entry.peer_name == "My practice educator" and str(entry.activity_date) == "2026-11-20"
    assert entry.activity_type == Entry.ActivityType.PODCAST and entry.status == "draft"
    assert [c.quote for c in entry.citations.all()] == ["Listening is an intervention."]
    assert entry.versions.get().kind == EntryVersion.Kind.SAVE
    assert entry.audit_events.get().action == AuditEvent.Action.CREATED
    editor = owner_client.get(response.url).content.decode()
    assert "Listened on the train." in editor
    # A second tap opens the same entry.
    owner_client.post(reverse("journal:note_to_entry", args=[note.pk]))
    assert Entry.objects.filter(owner=owner).count() == 1


def test_notes_are_private(client, owner, stranger):
    note = QuickNote.objects.create(owner=owner, client_id=uuid.uuid4(), what_i_did="Mine.")
    client.force_login(stranger)
    assert "Mine." not in client.get(reverse("journal:note_list")).content.decode()
    assert client.post(reverse("journal:note_to_entry", args=[note.pk])).status_code == 404


def test_notes_are_in_the_personal_data_export(owner_client, owner):
    QuickNote.objects.create(owner=owner, client_id=uuid.uuid4(), what_i_did="On the train.")
    reauthenticate(owner_client)
    response = owner_client.post(reverse("journal:account_data_export"))
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    data = json.loads(archive.read("data.json"))
    assert data["quick_notes"][0]["what_i_did"] == "On the train."


@pytest.mark.django_db
def test_save_for_later_on_a_passage_makes_a_note(owner_client, owner):
    passage = make_passage(make_source("src"), "Relationships are the work.")
    body = owner_client.get(passage.get_absolute_url(), follow=True).content.decode()
    assert "Save for later" in body
    owner_client.post(reverse("journal:note_save_passage"), {"cite": f"src:{passage.anchor}"})
    note = QuickNote.objects.get(owner=owner)
    assert note.passage_id == passage.pk
    owner_client.post(reverse("journal:note_save_passage"), {"cite": "src:nope"})
    assert QuickNote.objects.count() == 1


def test_the_capture_page_and_its_service_worker(owner_client):
    body = owner_client.get(reverse("journal:note_capture")).content.decode()
    assert "What did you do?" in body and "js/notes.js" in body and "<script>" not in body
    worker = owner_client.get(reverse("journal:service_worker"))
    assert worker["Content-Type"] == "text/javascript" and b"caches.open" in worker.content


def test_a_long_note_makes_a_title_cut_at_a_word(owner):
    note = QuickNote(owner=owner, what_i_did="Listened to a podcast on relationship-based " * 3)
    assert note.title.endswith("…") and not note.headline.endswith("…")
    assert len(note.headline) <= 80 and note.title == note.headline + "…"
    assert note.headline.split()[-1] in {
        "podcast",
        "on",
        "relationship-based",
        "Listened",
        "to",
        "a",
    }


def test_an_entry_from_a_note_is_titled_by_its_first_line_without_an_ellipsis(owner):
    note = QuickNote.objects.create(
        owner=owner,
        client_id=uuid.uuid4(),
        what_i_did="Home visit with the duty team\nWe talked about the child's wishes for a long time.",
        discussed_with="Priya (senior practitioner)",
    )
    entry = note_to_entry(note=note, user=owner)
    assert entry.title == "Home visit with the duty team"
    assert (entry.peer_name, entry.peer_role) == ("Priya", "senior practitioner")
    long = QuickNote.objects.create(
        owner=owner, client_id=uuid.uuid4(), what_i_did="A very long first line " * 10
    )
    assert "…" not in note_to_entry(note=long, user=owner).title


@pytest.mark.parametrize(
    ("typed", "name", "role"),
    [
        ("Priya (senior practitioner)", "Priya", "senior practitioner"),
        ("Priya, senior practitioner", "Priya", "senior practitioner"),
        ("Sam and Jo (team managers) ", "Sam and Jo", "team managers"),
        ("My practice educator", "My practice educator", ""),
        ("Dr Ali (consultant) on Tuesday", "Dr Ali (consultant) on Tuesday", ""),
        ("", "", ""),
    ],
)
def test_who_a_note_was_discussed_with_splits_into_name_and_role(typed, name, role):
    assert split_name_and_role(typed) == (name, role)
