"""Citing the library word for word: "Trim this quote" on a citation already made, through the
one save path, with the words checked against the passage on the server."""

import datetime

import pytest
from django.urls import reverse

from journal.entries import services
from journal.models import AuditEvent, Citation, Entry, EntryVersion
from journal.review import sharing, sign_off
from tests.factories import (
    make_entry,
    make_framework,
    make_passage,
    make_source,
    make_supervision,
    make_user,
    save_entry,
)

TEXT = "First sentence here. Reflection needs protected time. Last one."
WORDS = "Reflection needs protected time."


@pytest.fixture
def cited(owner):
    source = make_source("tisw", title="This Is Social Work")
    make_passage(source, "The host introduces the guest.")
    passage = make_passage(source, TEXT, speaker="Fran")
    make_passage(source, "Thanks for listening.")
    entry = save_entry(owner, title="Protected time", cite=[passage])
    return entry, entry.citations.get()


def trim_url(entry, citation):
    return reverse("journal:citation_trim", args=[entry.pk, citation.pk])


def span(words=WORDS):
    start = TEXT.index(words)
    return start, start + len(words)


def test_trimming_keeps_the_citation_its_place_and_quotes_only_those_words(owner, cited):
    entry, citation = cited
    versions = entry.versions.count()
    start, end = span()
    services.citation_trim(
        user=owner,
        entry=entry,
        citation=citation,
        start=start,
        end=end,
        expected_revision=entry.revision,
    )
    trimmed = Citation.objects.get(pk=citation.pk)  # the same citation: comments on it stay
    assert trimmed.quote == WORDS
    assert trimmed.position == citation.position
    # The words around it in the passage are its context, so re-anchoring finds it again.
    assert trimmed.context_before.endswith("guest. First sentence here.")
    assert trimmed.context_after.startswith("Last one. Thanks for listening.")
    assert entry.versions.count() == versions + 1
    assert entry.versions.order_by("-number").first().data["citations"] == [WORDS]
    assert AuditEvent.objects.filter(entry=entry, detail__contains="trimmed 1 quote").exists()


def test_the_editor_trims_a_quote_and_gets_the_new_revision(owner_client, cited):
    entry, citation = cited
    start, end = span()
    response = owner_client.post(
        trim_url(entry, citation), {"start": start, "end": end, "revision": entry.revision}
    )
    entry.refresh_from_db()
    assert response.status_code == 200
    assert response.json() == {"ok": True, "quote": WORDS, "revision": entry.revision}


@pytest.mark.parametrize(
    "start, end",
    [
        (5, 5),  # nothing chosen
        (40, 12),  # backwards
        (0, len(TEXT) + 1),  # past the end of the passage
        (TEXT.index(" Reflection"), TEXT.index(" Reflection") + 1),  # only a space
        ("", "9"),
        ("x", "9"),
    ],
)
def test_words_outside_the_passage_are_refused_clearly_and_change_nothing(
    owner_client, cited, start, end
):
    entry, citation = cited
    before = (entry.revision, entry.versions.count(), citation.quote, citation.context_before)
    response = owner_client.post(
        trim_url(entry, citation), {"start": start, "end": end, "revision": entry.revision}
    )
    assert response.status_code == 400
    if response.headers["Content-Type"].startswith("application/json"):
        assert response.json()["message"] == (
            "Those words are not part of the passage. Select some words inside it, then try again."
        )
    entry.refresh_from_db()
    citation.refresh_from_db()
    after = (entry.revision, entry.versions.count(), citation.quote, citation.context_before)
    assert after == before


def test_a_quotation_no_longer_in_the_library_is_kept_as_cited(owner_client, cited):
    entry, citation = cited
    Citation.objects.filter(pk=citation.pk).update(status=Citation.Status.MISSING)
    response = owner_client.post(
        trim_url(entry, citation), {"start": 0, "end": 5, "revision": entry.revision}
    )
    assert response.status_code == 400
    assert "no longer in the library" in response.json()["message"]
    assert Citation.objects.get(pk=citation.pk).quote == TEXT


def test_another_persons_citation_is_not_found(client, cited, owner):
    entry, citation = cited
    stranger = make_user("stranger2")
    client.force_login(stranger)
    start, end = span()
    data = {"start": start, "end": end, "revision": entry.revision}
    assert client.post(trim_url(entry, citation), data).status_code == 404
    # Nor through an entry of their own.
    own = save_entry(stranger, title="Mine")
    url = reverse("journal:citation_trim", args=[own.pk, citation.pk])
    assert client.post(url, {**data, "revision": own.revision}).status_code == 404
    assert Citation.objects.get(pk=citation.pk).quote == TEXT


def test_a_stale_editor_or_a_signed_off_entry_is_refused_and_nothing_changes(
    owner, owner_client, supervisor, cited
):
    entry, citation = cited
    start, end = span()
    stale = owner_client.post(
        trim_url(entry, citation), {"start": start, "end": end, "revision": entry.revision - 1}
    )
    assert stale.status_code == 409 and stale.json()["conflict"]

    # Complete, so it may be shared and signed off.
    entry = save_entry(
        owner,
        entry=entry,
        status=Entry.Status.MARKED_COMPLETE,
        standards=[make_framework().standards.first()],
        activity_type="podcast",
        activity_date=datetime.date(2027, 1, 5),
        description="I listened.",
        learning="Protected time matters.",
        impact="I book it now.",
    )
    link = make_supervision(owner, supervisor)
    sharing.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    sign_off.entry_sign_off(entry=entry, supervisor=supervisor)
    entry.refresh_from_db()
    data = {"start": start, "end": end, "revision": entry.revision}
    refused = owner_client.post(trim_url(entry, citation), data)
    assert refused.status_code == 409 and refused.json()["signed_off"]
    assert Citation.objects.get(pk=citation.pk).quote == TEXT

    # Having chosen to ask for a new sign-off, it is trimmed.
    chosen = owner_client.post(trim_url(entry, citation), {**data, "reopen_signed_off": "on"})
    assert chosen.status_code == 200
    assert Citation.objects.get(pk=citation.pk).quote == WORDS
    assert entry.versions.filter(kind=EntryVersion.Kind.CONFLICT).count() == 1  # the stale one


def test_the_editor_offers_trimming_only_where_the_passage_is_still_in_the_library(
    owner_client, cited
):
    entry, citation = cited
    edit = reverse("journal:entry_edit", args=[entry.pk])
    page = owner_client.get(edit).content.decode()
    assert f'data-trim-url="{trim_url(entry, citation)}" data-text="{TEXT}"' in page
    Citation.objects.filter(pk=citation.pk).update(status=Citation.Status.MISSING)
    assert "js-trim-saved" not in owner_client.get(edit).content.decode()


def test_citation_keeps_the_quote_when_the_source_changes(owner, passage_in_context):
    entry = make_entry(owner)
    save_entry(owner, entry=entry, cite=[passage_in_context])
    citation = entry.citations.get()
    passage_in_context.text = "Corrected transcript text."
    passage_in_context.save()
    citation.refresh_from_db()
    assert citation.quote == "Supervision is where I reflect on standard 4.6."
