"""journal.entries.views: the editor, autosave, versions and the bin, as the person meets them."""

from django.urls import reverse

from journal.models import Entry, Notification, ReviewState
from journal.review import comments as comment_services
from tests.factories import (
    entry_form,
    reference,
    request_changes,
    save_entry,
)


def test_a_picked_citation_survives_a_refused_save(owner_client, owner, framework, passage):
    data = entry_form(framework, cite=[reference(passage)], learning="")
    response = owner_client.post(reverse("journal:entry_create"), data)
    assert response.status_code == 200  # refused: "what you learnt" is missing
    entry = Entry.objects.get()
    assert entry.status == Entry.Status.DRAFT
    assert list(entry.citations.values_list("quote", flat=True)) == [passage.text]
    body = response.content.decode()
    citation = entry.citations.get()
    assert f'name="citation" value="{citation.pk}" id="citation-{citation.pk}" checked' in body
    assert f'action="{reverse("journal:entry_edit", args=[entry.pk])}"' in body


def test_autosave_carries_citations_and_a_reload_keeps_them(owner_client, framework, passage):
    response = owner_client.post(
        reverse("journal:entry_autosave_new"),
        {"title": "Half done", "activity_date": "2026-03-01", "cite": [reference(passage)]},
    )
    entry = Entry.objects.get(pk=response.json()["id"])
    assert entry.citations.get().quote == passage.text
    page = owner_client.get(reverse("journal:entry_edit", args=[entry.pk])).content.decode()
    assert passage.text in page


def test_removing_a_citation_from_the_page_is_versioned_and_audited(owner_client, owner, passage):
    entry = save_entry(owner, title="Cited", cite=[passage])
    citation = entry.citations.get()
    owner_client.post(reverse("journal:citation_remove", args=[entry.pk, citation.pk]))
    assert entry.versions.count() == 2
    assert entry.audit_events.filter(detail__contains="removed 1 citation").exists()


def test_a_double_submission_of_a_new_entry_makes_one_entry(owner_client, framework):
    data = entry_form(framework, form_key="0b5b1f4e-8a51-4b8e-9d3f-1df0a1a0c0de")
    for _ in range(2):
        assert owner_client.post(reverse("journal:entry_create"), data).status_code == 302
    assert Entry.objects.count() == 1


def test_strangers_are_offered_sign_in_to_reflect(client, passage):
    body = client.get(passage.get_absolute_url(), follow=True).content.decode()
    assert "Log in to reflect on this" in body


def test_autosave_cannot_change_a_signed_off_entry_until_its_owner_chooses(
    owner_client, owner, reviewed, framework
):
    url = reverse("journal:entry_autosave", args=[reviewed.pk])
    data = {
        "title": reviewed.title,
        "activity_date": reviewed.activity_date.isoformat(),
        "learning": "One typed sentence.",
        "revision": reviewed.revision,
    }
    response = owner_client.post(url, data)
    assert response.status_code == 409 and response.json()["complete"]
    reviewed.refresh_from_db()
    assert reviewed.learning == "Trust takes time."
    assert reviewed.review_state() == ReviewState.SIGNED_OFF

    editor = owner_client.get(reverse("journal:entry_edit", args=[reviewed.pk])).content.decode()
    assert "This entry is signed off" in editor and "Edit and ask for a new sign-off" in editor

    # Saving it deliberately, having chosen to reopen it, is what changes it.
    edit = reverse("journal:entry_edit", args=[reviewed.pk])
    saved = entry_form(
        framework,
        learning="One typed sentence.",
        revision=reviewed.revision,
        reopen_signed_off="on",
        notes="PRIVATE: this one was hard for me.",
    )
    assert owner_client.post(edit, saved).status_code == 302
    reviewed.refresh_from_db()
    assert reviewed.learning == "One typed sentence."
    assert reviewed.review_state() == ReviewState.CHANGED_SINCE_SIGN_OFF


def test_a_complete_entry_is_never_autosaved_a_draft_is(owner_client, owner, supervisor, framework):
    complete = save_entry(
        owner, title="Finished", learning="As I wrote it.", status=Entry.Status.MARKED_COMPLETE
    )
    response = owner_client.post(
        reverse("journal:entry_autosave", args=[complete.pk]),
        {"title": "Finished", "learning": "HALF WRITTEN", "revision": complete.revision},
    )
    assert response.status_code == 409 and response.json()["complete"]
    assert "changes only when you press “Save”" in response.json()["message"]
    complete.refresh_from_db()
    assert complete.learning == "As I wrote it." and complete.versions.count() == 1
    editor = owner_client.get(reverse("journal:entry_edit", args=[complete.pk])).content.decode()
    assert 'data-complete="true"' in editor and "Drafts save automatically" not in editor

    draft = save_entry(owner, title="Draft", learning="Started.")
    response = owner_client.post(
        reverse("journal:entry_autosave", args=[draft.pk]),
        {
            "title": "Draft",
            "learning": "Started, and more.",
            "activity_date": "2026-03-14",
            "revision": draft.revision,
        },
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.learning == "Started, and more."
    editor = owner_client.get(reverse("journal:entry_edit", args=[draft.pk])).content.decode()
    assert 'data-complete="true"' not in editor and "Drafts save automatically" in editor


def test_version_history_marks_the_signed_off_version(owner_client, reviewed):
    body = owner_client.get(reverse("journal:entry_versions", args=[reviewed.pk])).content
    assert b"Signed off by Sue Supervisor" in body


def test_a_refused_complete_on_a_new_entry_is_kept_as_a_draft(owner_client, framework):
    data = entry_form(framework, learning="", impact="")
    response = owner_client.post(reverse("journal:entry_create"), data)
    assert "Your text is kept as a draft" in response.content.decode()
    drafts = owner_client.get(reverse("journal:entry_list") + "?status=draft")
    assert "Podcast on supervision" in drafts.content.decode()


def test_restoring_from_the_bin_says_who_sees_the_entry_again(owner_client, owner, reviewed):
    from journal.entries.bin import entry_move_to_bin

    entry_move_to_bin(entry=reviewed, user=owner)
    assert "Hidden from Sue Supervisor" in owner_client.get(reverse("journal:bin")).content.decode()
    response = owner_client.post(reverse("journal:entry_restore", args=[reviewed.pk]), follow=True)
    assert "shared again with Sue Supervisor" in response.content.decode()


def test_a_refused_save_of_a_signed_off_entry_still_offers_the_choice(
    owner_client, reviewed, framework
):
    data = entry_form(framework, title=reviewed.title, learning="Changed without choosing.")
    data["revision"] = reviewed.revision
    response = owner_client.post(reverse("journal:entry_edit", args=[reviewed.pk]), data)
    body = response.content.decode()
    assert "This entry is signed off" in body and "reopen_signed_off" in body
    reviewed.refresh_from_db()
    assert reviewed.learning == "Trust takes time."


def test_the_editor_shows_open_comments_beside_their_field(owner_client, submitted, supervisor):
    request_changes(submitted, supervisor, field="learning", body="Name one next step.")
    comment_services.comment_add(
        entry=submitted, author=supervisor, body="Which statement?", field="standards"
    )
    page = owner_client.get(reverse("journal:entry_edit", args=[submitted.pk])).content.decode()
    learning = page.index('name="learning"')
    comment = page.index("Name one next step.")
    impact = page.index('name="impact"')
    assert learning < comment < impact, "the comment sits right after the field it is about"
    assert page.index('name="statements"') < page.index("Which statement?")
    assert "Reply to Sue Supervisor" in page
    assert page.count('class="editor-comments') == 2
    assert 'aria-label="Open comments on what you learnt"' in page
    assert 'aria-label="Open comments on the standards"' in page
    # The one-click button waits until the edits are saved (on the entry page), so it can
    # never submit the old text while new text sits unsaved in the form.
    assert 'id="changes-requested"' in page and 'value="submit"' not in page


def test_after_saving_a_change_request_one_click_sends_it_back(
    owner, owner_client, submitted, supervisor, link
):
    request_changes(submitted, supervisor)
    save_entry(owner, entry=submitted, learning="Listen first, then agree a next step.")
    detail = owner_client.get(submitted.get_absolute_url()).content.decode()
    assert "Send back for review" in detail
    response = owner_client.post(
        reverse("journal:entry_share", args=[submitted.pk]),
        {"supervision": link.pk, "action": "submit"},
    )
    assert response.status_code == 302
    assert submitted.review_state().needs_review
    assert list(
        Notification.objects.filter(recipient=supervisor)
        .order_by("pk")
        .values_list("message", flat=True)
    ) == [
        "Olu Owner submitted an entry for your review",
        "Olu Owner sent back an entry with the changes you asked for",
    ]


def test_save_and_send_back_is_one_step_from_the_editor(owner, owner_client, submitted, supervisor):
    request_changes(submitted, supervisor)
    edit = reverse("journal:entry_edit", args=[submitted.pk])
    page = owner_client.get(edit).content.decode()
    assert 'value="send_back"' in page and "Save without sending back" in page
    data = {
        "activity_type": submitted.activity_type,
        "title": submitted.title,
        "activity_date": submitted.activity_date.isoformat(),
        "description": submitted.description,
        "learning": "Listen first, then agree a next step with the family.",
        "impact": submitted.impact,
        "standards": [s.pk for s in submitted.standards.all()],
        "revision": submitted.revision,
        "citations_listed": "on",
        "intent": "send_back",
    }
    response = owner_client.post(edit, data, follow=True)
    assert "Entry saved and sent back to Sue Supervisor for review." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.learning.startswith("Listen first, then agree")
    assert submitted.status == Entry.Status.MARKED_COMPLETE
    assert submitted.review_state().needs_review
    # Its own words, once, to the supervisor who asked: not a second "submitted".
    told = Notification.objects.filter(entry=submitted).exclude(recipient=owner).order_by("pk")
    assert [(n.recipient, n.message) for n in told] == [
        (supervisor, "Olu Owner submitted an entry for your review"),
        (supervisor, "Olu Owner sent back an entry with the changes you asked for"),
    ]
    # Nothing waits now: the editor offers a plain Save again.
    assert 'value="send_back"' not in owner_client.get(edit).content.decode()
