"""Autosave tells the truth: what it cannot store it names, conflicts keep every text, and
its cost does not grow with the entry's history; a save queued offline is applied once."""

import uuid
from unittest import mock

import pytest
from django.urls import reverse

from corpus.models import Standard, Statement
from journal.entries.content import MAX_TEXT
from journal.models import Entry, EntryVersion
from tests.factories import (
    make_passage,
    make_source,
    save_entry,
)

# What one autosave of a draft costs, whatever the entry's history (counted on SQLite, where
# the transaction shows as a savepoint and its release): the session and the person, the
# entry and the form's reading of it (tags, quotations), the ticked tags checked, the locked
# row and its tags, the update, the quotations kept and read for the snapshot, the newest
# version and the next number, the version and its audit event, and the entry read back.
AUTOSAVE_QUERIES = 22


def draft_data(entry, **fields):
    standards = Standard.objects.filter(framework__is_primary=True).order_by("number")[:2]
    statements = Statement.objects.filter(standard__in=standards).order_by("number")[:2]
    return {
        "activity_type": "reading",
        "title": entry.title,
        "activity_date": "2026-02-02",
        "description": entry.description,
        "learning": entry.learning,
        "impact": entry.impact,
        "revision": entry.revision,
        "standards": [s.pk for s in standards],
        "statements": [s.pk for s in statements],
        "citation": [c.pk for c in entry.citations.all()],
        "citations_listed": "on",
        **fields,
    }


@pytest.fixture
def draft(owner, standards):
    source = make_source("podcast-one")
    passages = [make_passage(source, f"Passage number {n} on supervision.") for n in range(3)]
    return save_entry(owner, title="A draft", learning="First words.", cite=passages)


def autosave(client, entry, **fields):
    return client.post(
        reverse("journal:entry_autosave", args=[entry.pk]), draft_data(entry, **fields)
    )


def test_an_autosave_costs_the_same_however_long_the_history(
    owner_client, owner, draft, django_assert_num_queries
):
    url = reverse("journal:entry_autosave", args=[draft.pk])
    autosave(owner_client, draft, learning="Tagged now.")  # the session's device; the tags
    for n in range(2):
        # A different word each time: no version folds into the one before.
        for word in ("alpha", "beta", "gamma", "delta", "epsilon"):
            draft.refresh_from_db()
            data = draft_data(draft, learning=f"{word} {n}")
            with django_assert_num_queries(AUTOSAVE_QUERIES):
                response = owner_client.post(url, data)
            assert response.json()["ok"], response.json()
    assert draft.versions.count() == 12


def test_an_autosave_builds_the_snapshot_once(owner_client, draft):
    with mock.patch.object(Entry, "snapshot", autospec=True, side_effect=Entry.snapshot) as built:
        response = autosave(owner_client, draft, learning="Something new entirely")
    assert response.json()["ok"]
    assert built.call_count == 1


@pytest.mark.parametrize(
    ("field", "value", "label", "says"),
    [
        ("learning", "x" * (MAX_TEXT + 1), "What I learnt", f"{MAX_TEXT + 1} characters"),
        ("description", "y" * 100_000, "Description and why it is relevant", "characters long"),
        ("title", "Before\x00after", "Title", "invisible character"),
        ("activity_date", "2026-13-45", "Date of the activity", "whole date"),
    ],
)
def test_an_autosave_that_cannot_store_a_field_says_which_and_why(
    owner_client, draft, field, value, label, says
):
    response = autosave(owner_client, draft, **{field: value}, impact="Kept alongside.")
    body = response.json()
    assert response.status_code == 422 and body["ok"] is False
    assert [e["field"] for e in body["errors"]] == [field]
    assert f"“{label}”" in body["message"] and says in body["message"]
    # The rest is stored, and the page can carry on from the new revision.
    draft_now = Entry.objects.get(pk=draft.pk)
    assert draft_now.impact == "Kept alongside." and body["revision"] == draft_now.revision
    assert getattr(draft_now, field) != value


def test_a_privacy_finding_does_not_stop_a_draft_autosave(owner_client, draft):
    response = autosave(owner_client, draft, learning="I met Mrs Jane Smith at 12 High Street.")
    assert response.status_code == 200 and response.json()["ok"]


def test_tabs_that_lose_the_race_each_keep_their_text_numbered_in_turn(owner_client, draft):
    stale = draft.revision
    texts = [f"Tab {n} typed this." for n in range(4)]
    answers = [autosave(owner_client, draft, learning=t, revision=stale) for t in texts]
    assert [a.status_code for a in answers] == [200, 409, 409, 409]
    conflicts = draft.versions.filter(kind=EntryVersion.Kind.CONFLICT).order_by("number")
    assert [v.data["learning"] for v in conflicts] == texts[1:]
    numbers = list(draft.versions.values_list("number", flat=True))
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    assert [a.json()["kept_version"] for a in answers[1:]] == [v.number for v in conflicts]


def test_a_queued_save_sent_twice_is_applied_once(owner_client, draft):
    key = str(uuid.uuid4())
    url = reverse("journal:entry_edit", args=[draft.pk])
    data = draft_data(draft, learning="Written on the train.", client_key=key, intent="draft")
    first = owner_client.post(url, data)
    again = owner_client.post(url, data)  # the connection dropped before the answer came
    assert first.status_code == again.status_code == 302
    assert again.url == first.url
    assert draft.versions.filter(client_key=key).count() == 1
    assert draft.versions.filter(kind=EntryVersion.Kind.CONFLICT).count() == 0
    assert Entry.objects.get(pk=draft.pk).revision == draft.revision + 1


def test_a_new_entry_queued_offline_and_sent_twice_is_one_entry(owner_client, owner, standards):
    data = {
        "activity_type": "reading",
        "title": "Written with no signal",
        "activity_date": "2026-02-02",
        "learning": "On the way back from a visit.",
        "form_key": str(uuid.uuid4()),
        "client_key": str(uuid.uuid4()),
        "intent": "draft",
    }
    for _ in range(2):
        assert owner_client.post(reverse("journal:entry_create"), data).status_code == 302
    entry = Entry.objects.get(owner=owner)
    assert entry.versions.count() == 1


def test_a_queued_save_that_conflicted_is_kept_once(owner_client, draft):
    stale = draft.revision
    save_entry(draft.owner, entry=draft, learning="Saved in another tab.")
    key = str(uuid.uuid4())
    url = reverse("journal:entry_edit", args=[draft.pk])
    data = draft_data(draft, learning="From the queue.", revision=stale, client_key=key)
    for _ in range(2):
        assert "was changed somewhere else" in owner_client.post(url, data).content.decode()
    assert draft.versions.filter(kind=EntryVersion.Kind.CONFLICT).count() == 1


def test_words_typed_in_the_middle_fold_into_the_last_autosave_a_deletion_never(
    owner_client, draft
):
    for learning in ("First words.", "First few words.", "First few more words."):
        draft.refresh_from_db()
        assert autosave(owner_client, draft, learning=learning).json()["ok"]
    assert draft.versions.filter(kind=EntryVersion.Kind.AUTOSAVE).count() == 1
    draft.refresh_from_db()
    assert autosave(owner_client, draft, learning="First more words.").json()["ok"]
    kept = draft.versions.filter(kind=EntryVersion.Kind.AUTOSAVE).order_by("number")
    assert [v.data["learning"] for v in kept] == ["First few more words.", "First more words."]


def test_autosave_creates_then_updates_one_draft(owner_client, owner):
    response = owner_client.post(
        reverse("journal:entry_autosave_new"),
        {"title": "Half-written", "activity_type": "reading", "activity_date": "2026-02-02"},
    )
    body = response.json()
    assert response.status_code == 200 and body["ok"]
    entry = Entry.objects.get(pk=body["id"])
    response = owner_client.post(
        reverse("journal:entry_autosave", args=[entry.pk]),
        {
            "title": "Half-written",
            "learning": "More text",
            "activity_type": "reading",
            "activity_date": "2026-02-02",
            "revision": body["revision"],
        },
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.learning == "More text" and entry.status == "draft"
    # Autosaves within minutes collapse into one version, holding the latest text.
    versions = list(entry.versions.all())
    assert len(versions) == 1 and versions[0].kind == "autosave"
    assert versions[0].data["learning"] == "More text"


def test_a_name_an_autosave_took_out_is_offered_for_removal_from_the_history(owner_client, draft):
    """Autosave saved the corrected text first, so no later save sees the name go: the
    autosave's answer says so, and so does every save while any version still holds it."""
    edit_url = reverse("journal:entry_edit", args=[draft.pk])
    named = autosave(owner_client, draft, learning="I visited Jayden, aged 7, at home.").json()
    assert named["ok"] and "history_notice" not in named
    draft.refresh_from_db()
    fixed = "I visited a boy, aged 7, at home."
    notice = autosave(owner_client, draft, learning=fixed).json()["history_notice"]
    assert "<mark>Jayden</mark>" in notice and "Remove from the history" in notice
    assert f'name="next" value="{edit_url}"' in notice

    draft.refresh_from_db()
    saved = owner_client.post(edit_url, {**draft_data(draft, learning=fixed), "intent": "draft"})
    page = owner_client.get(saved["Location"]).content.decode()
    assert "Earlier versions still hold details you have removed" in page
    assert "<mark>Jayden</mark>" in page and 'name="confirm"' in page

    remove = reverse("journal:versions_remove_detail", args=[draft.pk])
    back = owner_client.post(remove, {"text": "Jayden", "confirm": "yes", "next": edit_url})
    assert back["Location"] == edit_url  # back where it was offered
    assert not [v for v in draft.versions.all() if "Jayden" in v.data["learning"]]
    draft.refresh_from_db()
    saved = owner_client.post(edit_url, {**draft_data(draft, learning=fixed), "intent": "draft"})
    assert "Earlier versions" not in owner_client.get(saved["Location"]).content.decode()
    # Anywhere else than this site, it goes back to the history.
    away = owner_client.post(remove, {"text": "x", "confirm": "yes", "next": "https://x.example/"})
    assert away["Location"] == reverse("journal:entry_versions", args=[draft.pk])
