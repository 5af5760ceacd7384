"""journal.entries.services: the one save path (one version and one audit event per save), citations."""

import pytest
from django.urls import reverse

from journal.entries.services import EntryChange, SignedOffEntry, entry_save
from journal.exports import build
from journal.models import AuditEvent, Entry
from tests.factories import (
    entry_form,
    pdf_text,
    save_entry,
)


def test_each_save_writes_one_version_and_one_audit_event_holding_the_citations(
    owner, framework, passage
):
    entry = save_entry(owner, title="Cited", cite=[passage])
    version = entry.versions.get()
    assert version.data["citations"] == [passage.text]
    assert version.fingerprint == entry.content_fingerprint()
    assert entry.audit_events.count() == 1

    citation = entry.citations.get()
    save_entry(owner, entry=entry, learning="More.")
    entry_save(
        user=owner,
        entry=entry,
        change=EntryChange(keep_citations=[]),
        expected_revision=entry.revision,
    )
    assert not entry.citations.exists()
    latest = entry.versions.order_by("-number").first()
    assert latest.number == 3 and latest.data["citations"] == []
    assert latest.fingerprint == entry.content_fingerprint()
    assert entry.audit_events.count() == 3
    assert "removed 1 citation" in entry.audit_events.order_by("-pk").first().detail
    assert not type(citation).objects.filter(pk=citation.pk).exists()


def test_the_service_refuses_to_change_signed_off_content_silently(owner, reviewed):
    with pytest.raises(SignedOffEntry):
        entry_save(
            user=owner,
            entry=reviewed,
            change=EntryChange(fields={"impact": "Changed."}),
            expected_revision=reviewed.revision,
        )
    reviewed.refresh_from_db()
    assert reviewed.impact == "I explain my role at the first visit."


def test_the_audit_trail_has_the_save_path_actions(owner, framework):
    entry = save_entry(owner, title="One")
    save_entry(owner, entry=entry, title="Two")
    actions = list(entry.audit_events.order_by("pk").values_list("action", flat=True))
    assert actions == [AuditEvent.Action.CREATED, AuditEvent.Action.EDITED]


def test_autosave_never_folds_away_text_no_later_version_holds(owner_client, owner):
    url = reverse("journal:entry_autosave_new")
    base = {"title": "Folding", "activity_date": "2026-03-01"}
    first = owner_client.post(url, {**base, "learning": "Saved."}).json()
    entry_url = reverse("journal:entry_autosave", args=[first["id"]])
    second = owner_client.post(
        entry_url, {**base, "learning": "Saved. Then extended.", "revision": first["revision"]}
    ).json()
    owner_client.post(entry_url, {**base, "learning": "", "revision": second["revision"]})
    entry = Entry.objects.get(pk=first["id"])
    texts = [v.data["learning"] for v in entry.versions.order_by("number")]
    # The extension folded into the first autosave; clearing the text did not.
    assert texts == ["Saved. Then extended.", ""]


def test_a_source_outside_the_library_is_cited_once_and_in_every_export(
    owner_client, owner, framework
):
    own = {
        "own_title": "Trauma-informed practice, council training",
        "own_author": "Practice Development Team",
        "own_date": "2026-03-10",
        "own_url": "https://training.example.org/trauma",
        "own_quote": "Ask what happened to you, not what is wrong with you.",
    }
    # Autosave never adds it (else every autosave would add it again).
    owner_client.post(
        reverse("journal:entry_autosave_new"),
        {"title": "Training", "activity_date": "2026-03-10", "form_key": "1" * 32, **own},
    )
    assert not Entry.objects.get().citations.exists()
    data = entry_form(framework, form_key="1" * 32, **own)
    assert owner_client.post(reverse("journal:entry_create"), data).status_code == 302
    entry = Entry.objects.get()
    citation = entry.citations.get()
    assert citation.is_own and citation.url == own["own_url"]
    assert entry.audit_events.filter(detail__contains="added 1 own source").exists()
    markdown = build.export_entry(entry, "md").content.decode()
    assert "Ask what happened to you" in markdown and "Your own source." in markdown
    assert "Your own source" in pdf_text(build.export_entry(entry, "pdf").content)
    page = owner_client.get(entry.get_absolute_url()).content.decode()
    assert "Your own source" in page and own["own_url"] in page


def test_a_trimmed_quote_is_cited_and_found_again_after_a_re_import(
    owner_client, owner, framework, passage
):
    from journal.receivers import reanchor_citations

    words = "where I reflect"
    start = passage.text.index(words)
    reference = f"{passage.source.slug}:{passage.anchor}@{start}-{start + len(words)}"
    data = entry_form(framework, cite=[reference])
    assert owner_client.post(reverse("journal:entry_create"), data).status_code == 302
    citation = Entry.objects.get().citations.get()
    assert citation.quote == words
    assert citation.context_before.endswith("Supervision is")
    assert citation.context_after.startswith("on standard 4.6.")
    # The source is corrected around the quote: the trimmed words are found again.
    passage.text = "Supervision, for me, is where I reflect on standard 4.6 and more."
    passage.save()
    reanchor_citations(sender=None, source=passage.source)
    citation.refresh_from_db()
    assert citation.status == "ok" and citation.quote == words
