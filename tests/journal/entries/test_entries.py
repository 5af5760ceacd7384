"""Writing entries: citations, completion, privacy, autosave, versions, conflicts and the bin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.entries.bin import purge_bin
from journal.models import Citation, Entry, EntryVersion
from tests.factories import (
    make_entry,
    make_episode,
    make_framework,
    make_passage,
    make_source,
    make_user,
    save_entry,
)


@pytest.fixture
def passage_in_context(db):
    """Unlike the package's `passage`, its neighbours say "Before:" and "After:", so a test can
    see which one a citation keeps as its context."""
    source = make_source("podcast-one", title="This Is Social Work")
    make_passage(source, "Before: the host introduces the guest.", speaker="Philippa")
    cited = make_passage(source, "Supervision is where I reflect on standard 4.6.", speaker="Fran")
    make_passage(source, "After: thanks for listening.", speaker="Philippa")
    return cited


def form_data(primary, **overrides):
    data = {
        "activity_type": "podcast",
        "title": "Podcast on standard 4",
        "activity_date": "2026-03-14",
        "description": "I listened to an episode about **supervision**.",
        "learning": "Reflection needs protected time.",
        "impact": "I book reflective supervision monthly.",
        "peer_name": "My team manager",
        "peer_role": "Team manager",
        "peer_learning": "We agreed to use group supervision.",
        "standards": [primary[0].pk],
        "intent": "complete",
    }
    data.update(overrides)
    return data


@pytest.fixture
def primary_standards(db):
    return list(make_framework().standards.order_by("order"))


def test_reflect_on_this_to_a_complete_entry(
    owner_client, owner, passage_in_context, primary_standards
):
    url = (
        reverse("journal:entry_create")
        + f"?cite={passage_in_context.source.slug}:{passage_in_context.anchor}"
    )
    page = owner_client.get(url)
    assert page.status_code == 200
    assert "Supervision is where I reflect" in page.content.decode()

    data = form_data(
        primary_standards, cite=f"{passage_in_context.source.slug}:{passage_in_context.anchor}"
    )
    response = owner_client.post(url, data)
    entry = Entry.objects.get(owner=owner)
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    assert entry.is_complete and entry.has_peer_reflection
    citation = entry.citations.get()
    assert citation.quote == passage_in_context.text
    assert citation.speaker_name == "Fran"
    assert citation.context_before.startswith("Before:")
    assert citation.context_after.startswith("After:")
    detail = owner_client.get(entry.get_absolute_url()).content.decode()
    assert "<strong>supervision</strong>" in detail
    assert f"/p/{passage_in_context.anchor}/?source={passage_in_context.source.slug}" in detail
    assert entry.versions.count() == 1


def test_citation_keeps_the_quote_when_the_source_changes(owner, passage_in_context):
    entry = make_entry(owner)
    save_entry(owner, entry=entry, cite=[passage_in_context])
    citation = entry.citations.get()
    passage_in_context.text = "Corrected transcript text."
    passage_in_context.save()
    citation.refresh_from_db()
    assert citation.quote == "Supervision is where I reflect on standard 4.6."


def test_completing_needs_the_form_fields_and_a_standard(owner_client, primary_standards):
    data = form_data(primary_standards, learning="", standards=[])
    response = owner_client.post(reverse("journal:entry_create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Add what you learnt before marking the entry complete." in body
    assert "Tag at least one professional standard" in body
    # Refused, but nothing typed is lost: it is kept as a draft, and the page says so.
    assert "Your text is kept as a draft" in body
    assert '<h1 class="h2">New CPD entry</h1>' in body  # still the entry they started
    kept = Entry.objects.get()
    assert kept.status == "draft" and kept.description == data["description"]


def test_dates_a_tired_person_mistypes_get_a_reason(owner_client, owner, primary_standards):
    from unittest import mock

    url = reverse("journal:entry_create")
    with mock.patch("journal.year.clock.today", return_value=datetime.date(2026, 10, 1)):
        body = owner_client.post(url, form_data(primary_standards, activity_date="31")).content
        assert "Enter a whole date, day, month and year" in body.decode()
        body = owner_client.post(url, form_data(primary_standards, activity_date="2062-03-14"))
        assert "14 March 2062 is more than a year away: check the year." in body.content.decode()
        data = form_data(primary_standards, activity_date="2026-10-20", peer_date="2026-10-21")
        body = owner_client.post(url, data).content.decode()
        assert "20 October 2026 is after today: mark the entry complete once the activity" in body
        assert "21 October 2026 is after today" in body
        # Planned CPD can still be drafted ahead.
        response = owner_client.post(url, {**data, "intent": "draft", "form_key": ""})
    assert not Entry.objects.filter(activity_date=datetime.date(2062, 3, 14)).exists()
    assert not Entry.objects.filter(status="complete").exists()
    assert Entry.objects.filter(activity_date=datetime.date(2026, 10, 20)).exists()
    assert response.status_code == 302


def test_a_draft_needs_almost_nothing(owner_client, owner, primary_standards):
    response = owner_client.post(
        reverse("journal:entry_create"),
        {"activity_type": "reading", "activity_date": "2026-03-01", "intent": "draft"},
    )
    assert response.status_code == 302
    entry = Entry.objects.get(owner=owner)
    assert entry.status == "draft" and entry.title == "" and str(entry) == "Untitled draft"
    assert not entry.is_complete


def test_privacy_guard_warns_then_accepts_a_confirmation(owner_client, owner, primary_standards):
    data = form_data(primary_standards, description="I visited the family at M1 1AE.")
    response = owner_client.post(reverse("journal:entry_create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "could identify" in body and "<mark>M1 1AE</mark>" in body
    assert Entry.objects.get().status == "draft"  # kept as a private draft, not complete

    # Fixed text saves.
    data["description"] = "I visited the family in their home."
    assert owner_client.post(reverse("journal:entry_create"), data).status_code == 302

    # Or confirmed as not identifying, and remembered.
    data.update(description="The training was at M1 1AE.", acknowledge_privacy="on", title="Second")
    assert owner_client.post(reverse("journal:entry_create"), data).status_code == 302
    second = Entry.objects.get(title="Second")
    assert second.privacy_acknowledged == [{"kind": "postcode", "text": "M1 1AE"}]

    # Opening the editor again: the kept draft's postcode is named before any typing; the
    # confirmed one is not.
    kept = Entry.objects.get(description="I visited the family at M1 1AE.")
    page = owner_client.get(reverse("journal:entry_edit", args=[kept.pk])).content.decode()
    assert 'id="privacy-findings"' in page and "<mark>M1 1AE</mark>" in page
    page = owner_client.get(reverse("journal:entry_edit", args=[second.pk])).content.decode()
    assert 'id="privacy-findings"' not in page


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


def test_two_tabs_cannot_silently_overwrite_each_other(owner_client, owner, primary_standards):
    entry = make_entry(owner, title="Shared draft")
    save_entry(owner, entry=entry)
    stale = entry.revision
    url = reverse("journal:entry_edit", args=[entry.pk])
    tab_one = form_data(primary_standards, learning="Tab one text", revision=stale, intent="draft")
    tab_two = form_data(primary_standards, learning="Tab two text", revision=stale, intent="draft")
    assert owner_client.post(url, tab_one).status_code == 302
    response = owner_client.post(url, tab_two)
    assert response.status_code == 200
    assert "was changed somewhere else" in response.content.decode()
    entry.refresh_from_db()
    assert entry.learning == "Tab one text"
    kept = entry.versions.get(kind=EntryVersion.Kind.CONFLICT)
    assert kept.data["learning"] == "Tab two text"
    # The autosave endpoint answers a stale revision with 409 and keeps the text too.
    response = owner_client.post(
        reverse("journal:entry_autosave", args=[entry.pk]),
        {"learning": "Tab three", "activity_date": "2026-03-14", "revision": stale},
    )
    assert response.status_code == 409
    assert entry.versions.filter(kind="conflict").count() == 2


def test_delete_asks_then_bins_and_restores(owner_client, owner):
    entry = make_entry(owner)
    page = owner_client.get(reverse("journal:entry_delete", args=[entry.pk]))
    assert b"Move to the bin" in page.content
    entry.refresh_from_db()
    assert entry.deleted_at is None
    owner_client.post(reverse("journal:entry_delete", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.is_in_bin
    assert owner_client.get(entry.get_absolute_url()).status_code == 404
    assert entry.title in owner_client.get(reverse("journal:bin")).content.decode()
    owner_client.post(reverse("journal:entry_restore", args=[entry.pk]))
    entry.refresh_from_db()
    assert not entry.is_in_bin


def test_bin_is_purged_after_thirty_days(owner):
    now = timezone.now()
    kept = make_entry(owner, deleted_at=now - datetime.timedelta(days=29, hours=23))
    make_entry(owner, deleted_at=now - datetime.timedelta(days=30, minutes=1))
    assert purge_bin(now=now).purged == 1
    assert list(Entry.objects.values_list("pk", flat=True)) == [kept.pk]


def entry_urls(entry):
    return [
        ("get", reverse("journal:entry_detail", args=[entry.pk])),
        ("get", reverse("journal:entry_edit", args=[entry.pk])),
        ("post", reverse("journal:entry_edit", args=[entry.pk])),
        ("post", reverse("journal:entry_autosave", args=[entry.pk])),
        ("get", reverse("journal:entry_delete", args=[entry.pk])),
        ("post", reverse("journal:entry_delete", args=[entry.pk])),
        ("post", reverse("journal:entry_restore", args=[entry.pk])),
        ("get", reverse("journal:entry_versions", args=[entry.pk])),
        ("get", reverse("journal:version_detail", args=[entry.pk, 1])),
        ("post", reverse("journal:version_detail", args=[entry.pk, 1])),
        ("post", reverse("journal:citation_remove", args=[entry.pk, 1])),
    ]


def test_another_user_gets_404_on_every_entry_url(client, owner):
    entry = save_entry(owner, title="Private", learning="secret")
    client.force_login(make_user("nosy"))
    for method, url in entry_urls(entry):
        response = getattr(client, method)(url, {"title": "hijack", "revision": 1})
        assert response.status_code == 404, (method, url, response.status_code)
    entry.refresh_from_db()
    assert entry.title == "Private" and not entry.is_in_bin and entry.versions.count() == 1


def test_anonymous_is_sent_to_log_in_on_every_entry_url(client, owner):
    entry = save_entry(owner, title="Private")
    for method, url in entry_urls(entry):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert Citation.objects.count() == 0


def test_passage_picker_returns_the_best_ten_as_citable_references(owner_client):
    source = make_source("pod", title="A podcast")
    for n in range(15):
        make_passage(source, f"Supervision note {n}: " + "supervision " * (n % 4 + 1))
    url = reverse("journal:api_passages")
    results = owner_client.get(url, {"q": "supervision"}).json()["results"]
    assert len(results) == 10
    anchors = set(source.passages.values_list("anchor", flat=True))
    assert all(r["reference"].split(":")[0] == "pod" for r in results)
    assert {r["reference"].split(":")[1] for r in results} <= anchors
    assert results[0]["text"].lower().count("supervision") == 5  # the most mentions rank first
    assert owner_client.get(url, {"q": "   "}).json() == {"results": []}


def test_saving_a_complete_entry_keeps_it_complete(owner_client, primary_standards):
    """A complete entry's editor offers "Save" (still complete) first; going back to a draft is
    the button that says so. "Save draft" there once turned a complete piece back unasked."""
    owner_client.post(reverse("journal:entry_create"), form_data(primary_standards))
    entry = Entry.objects.get()
    assert entry.status == "complete"
    edit = reverse("journal:entry_edit", args=[entry.pk])
    page = owner_client.get(edit).content.decode()
    assert 'value="complete" class="btn btn-primary">Save</button>' in page
    assert ">Save as a draft instead</button>" in page and ">Save draft</button>" not in page
    owner_client.post(edit, form_data(primary_standards, learning="A small edit.", revision=1))
    entry.refresh_from_db()
    assert entry.status == "complete" and entry.learning == "A small edit."
    owner_client.post(edit, form_data(primary_standards, intent="draft", revision=2))
    entry.refresh_from_db()
    assert entry.status == "draft"
    assert ">Save draft</button>" in owner_client.get(edit).content.decode()


def test_reflect_on_this_names_the_source_and_the_episode(owner_client, db):
    source = make_source("tisw", title="This Is Social Work", kind="podcast")
    episode = make_episode(source, 4, title="Standard 4: maintain my CPD")
    passage = make_passage(source, "We talk about learning.", episode=episode)
    url = reverse("journal:entry_create") + f"?cite=tisw:{passage.anchor}"
    form = owner_client.get(url).context["form"]
    assert form.initial["title"] == "This Is Social Work – Standard 4: maintain my CPD"
    article = make_source("care", title="Relationships matter")
    passage = make_passage(article, "A paragraph.")
    form = owner_client.get(reverse("journal:entry_create") + f"?cite=care:{passage.anchor}")
    assert form.context["form"].initial["title"] == "Relationships matter"
