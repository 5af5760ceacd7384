"""journal.entries.versions: removing a fixed identifying detail from an entry's history."""

from django.urls import reverse

from journal.entries.versions import fixed_findings
from journal.models import AuditEvent
from tests.factories import (
    make_passage,
    make_source,
    save_entry,
)


def test_a_fixed_identifier_can_be_removed_from_earlier_versions(owner_client, owner, framework):
    entry = save_entry(owner, title="Home visit", learning="I visited Mrs Joan Khan at home.")
    save_entry(owner, entry=entry, learning="I visited Mrs K at home.")
    page = owner_client.get(reverse("journal:entry_versions", args=[entry.pk])).content.decode()
    assert "<mark>Mrs Joan</mark>" in page
    url = reverse("journal:versions_remove_detail", args=[entry.pk])
    owner_client.post(url, {"text": "Mrs Joan"})  # not confirmed: nothing happens
    assert "Mrs Joan" in entry.versions.get(number=1).data["learning"]
    owner_client.post(url, {"text": "Mrs Joan", "confirm": "yes"})
    assert entry.versions.get(number=1).data["learning"] == "I visited [removed] Khan at home."
    event = entry.audit_events.get(action=AuditEvent.Action.DETAIL_REMOVED)
    assert "Mrs Joan" not in event.detail  # the audit trail never keeps what was removed
    # The current text must be fixed first.
    save_entry(owner, entry=entry, learning="Mrs Joan again.")
    owner_client.post(url, {"text": "Mrs Joan", "confirm": "yes"})
    assert entry.versions.order_by("-number").first().data["learning"] == "Mrs Joan again."


def test_a_library_speaker_taken_out_is_no_fixed_identifier(owner, framework):
    make_passage(make_source("pod"), "Hello.", speaker="Andrea")
    entry = save_entry(owner, title="Podcast", learning="Andrea said Kayden (7) was heard.")
    first = entry.versions.get().data
    save_entry(owner, entry=entry, learning="The podcast said children were heard.")
    assert fixed_findings(entry, first) == ["Kayden"]


def test_every_save_keeps_a_version_with_a_diff_and_restore(owner_client, owner, primary_standards):
    entry = save_entry(owner, title="First", learning="Old text")
    save_entry(owner, entry=entry, learning="New text")
    assert list(entry.versions.values_list("number", flat=True)) == [2, 1]
    page = owner_client.get(reverse("journal:version_detail", args=[entry.pk, 2]))
    body = page.content.decode()
    assert "removed: </span>Old" in body and "added: </span>New" in body
    owner_client.post(reverse("journal:version_detail", args=[entry.pk, 1]))
    entry.refresh_from_db()
    assert entry.learning == "Old text"
    assert entry.versions.first().kind == "restore"
