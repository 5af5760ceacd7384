"""journal.review.sign_off: a sign-off holds for exactly the content signed."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from journal.errors import ReviewError
from journal.models import (
    AuditEvent,
    Entry,
    EntryVersion,
    ReviewState,
    SignOff,
)
from journal.review import comments as comment_services
from journal.review import sign_off as sign_off_services
from journal.review.standing import review_state
from tests.factories import (
    make_complete_entry,
    make_framework,
    make_share,
    owner_edits,
    save_entry,
)


def test_editing_a_private_note_does_not_unsign_an_entry(owner, reviewed):
    save_entry(owner, entry=reviewed, notes="PRIVATE: a different thought.")
    assert review_state(reviewed) == ReviewState.SIGNED_OFF


def test_sign_off_snapshots_a_version_when_none_matches(owner, supervisor, link):
    entry = make_complete_entry(owner)
    make_share(entry, link, submitted=True)
    assert not entry.versions.exists()

    sign_off = sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)

    version = entry.versions.get()
    assert sign_off.version == version and version.number == 1
    assert version.fingerprint == sign_off.fingerprint == entry.content_fingerprint()
    assert version.data == entry.snapshot()
    assert AuditEvent.objects.get(action="signed_off").detail == (
        f"Version 1, fingerprint {sign_off.fingerprint[:12]}"
    )
    with pytest.raises(ReviewError) as error:
        sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    assert error.value.code == "already_signed_off"


def test_sign_off_reuses_the_latest_version_when_it_matches(owner, supervisor, link):
    entry = make_complete_entry(owner)
    make_share(entry, link, submitted=True)
    owner_edits(entry, notes="Some notes.")
    sign_off = sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    assert entry.versions.count() == 1 and sign_off.version.number == 1


def test_a_signed_off_version_is_not_offered_for_changes_until_it_is_edited(
    owner, supervisor, link, supervisor_client
):
    entry = make_complete_entry(owner)
    make_share(entry, link, submitted=True)
    url = reverse("journal:review_entry", args=[entry.pk])
    assert 'value="request_changes"' in supervisor_client.get(url).content.decode()
    sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    page = supervisor_client.get(url).content.decode()
    assert 'value="request_changes"' not in page
    assert "can no longer be sent back for changes" in page
    owner_edits(entry, learning="Edited after the sign-off.")
    assert 'value="request_changes"' in supervisor_client.get(url).content.decode()


def test_after_asking_for_changes_signing_off_is_offered_only_as_a_change_of_mind(
    owner, supervisor, link, supervisor_client
):
    entry = make_complete_entry(owner)
    make_share(entry, link, submitted=True)
    url = reverse("journal:review_entry", args=[entry.pk])
    page = supervisor_client.get(url).content.decode()
    assert 'id="sign-off-anyway"' not in page and "Sign off this version</button>" in page
    comment_services.comment_add(
        entry=entry, author=supervisor, body="More, please.", requests_changes=True
    )
    page = supervisor_client.get(url).content.decode()
    section = page[page.index('id="sign-off"') :]
    assert "You asked for changes, so this version waits for" in section
    anyway = section[section.index('id="sign-off-anyway"') :]
    assert "Sign off this version</button>" in anyway
    response = supervisor_client.post(
        reverse("journal:review_sign_off", args=[entry.pk]),
        {"fingerprint": entry.content_fingerprint()},
    )
    assert response.status_code == 302
    assert review_state(Entry.objects.get(pk=entry.pk)).is_signed_off


def test_changing_standards_counts_as_a_change_since_sign_off(owner, supervisor, link):
    standards = make_framework()
    entry = make_complete_entry(owner)
    make_share(entry, link, submitted=True)
    sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    entry.standards.add(standards.standards.get(number="4"))
    entry = Entry.objects.get(pk=entry.pk)
    assert review_state(entry).changed_since_sign_off


def test_a_stale_page_cannot_be_signed_off(owner, supervisor, link, supervisor_client):
    entry = make_complete_entry(owner)
    make_share(entry, link, submitted=True)
    fingerprint = supervisor_client.get(reverse("journal:review_entry", args=[entry.pk])).context[
        "fingerprint"
    ]
    owner_edits(entry, learning="Rewritten while the supervisor was reading.")

    response = supervisor_client.post(
        reverse("journal:review_sign_off", args=[entry.pk]),
        {"fingerprint": fingerprint, "note": "Thoughtful use of the model."},
    )

    assert not SignOff.objects.exists()
    # Said beside the sign-off form, the note kept, ready to sign the version now shown.
    assert response.status_code == 200
    body = response.content.decode()
    assert "The entry changed while you were reading it" in body
    assert "Thoughtful use of the model." in body
    form = response.context["sign_off_form"]
    assert form["fingerprint"].value() == Entry.objects.get(pk=entry.pk).content_fingerprint()
    assert form["fingerprint"].value() != fingerprint


def test_only_a_supervisor_with_a_live_share_can_sign_off(owner, supervisor, link, stranger):
    entry = make_complete_entry(owner)
    for user in (owner, stranger, supervisor):  # supervisor is linked but has no share
        with pytest.raises(PermissionDenied):
            sign_off_services.entry_sign_off(entry=entry, supervisor=user)
    assert not SignOff.objects.exists()
    assert not EntryVersion.objects.exists()


def test_each_side_reads_a_sign_off_once(owner, supervisor, link, owner_client):
    entry = make_complete_entry(owner)
    make_share(entry, link, submitted=True)
    sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor, note="Thorough.")
    page = owner_client.get(reverse("journal:entry_share", args=[entry.pk])).content.decode()
    assert page.count("Signed off by") == 1
    assert "Supervisor sign-off" not in page
    owner_client.force_login(supervisor)
    page = owner_client.get(reverse("journal:review_entry", args=[entry.pk])).content.decode()
    assert page.count("You signed off this version on") == 1
    assert "Your note: Thorough." in page
    assert "Supervisor sign-off" not in page and "Signed off by" not in page


def test_people_read_the_version_signed_off_not_a_fingerprint(
    owner, supervisor, link, owner_client
):
    entry = make_complete_entry(owner)
    make_share(entry, link, submitted=True)
    owner_client.force_login(supervisor)
    pages = [owner_client.get(reverse("journal:review_entry", args=[entry.pk]))]
    assert "exactly the text on this page" in pages[0].content.decode()
    sign_off = sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    pages.append(owner_client.get(reverse("journal:review_entry", args=[entry.pk])))
    owner_client.force_login(owner)
    pages.append(owner_client.get(reverse("journal:entry_share", args=[entry.pk])))
    pages.append(owner_client.get(reverse("journal:entry_detail", args=[entry.pk])))
    form_page, review_page, share_page, entry_page = [p.content.decode() for p in pages]

    assert "(version 1 of the entry)" in review_page
    version_url = reverse("journal:version_detail", args=[entry.pk, 1])
    assert f'for the text you had then: <a href="{version_url}">version 1</a>' in share_page
    for page in (form_page, review_page, share_page, entry_page):
        words = re.sub(r"<[^>]+>", " ", page)  # the form's hidden field is not read
        assert "fingerprint" not in words.lower()
        assert sign_off.short_fingerprint not in words
