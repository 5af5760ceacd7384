"""The editor and the entry page (journal.review.entry_views), autosave, versions and the bin,
as the person meets them."""

from django.urls import reverse

from journal.models import Citation, Entry, EntryVersion, Notification, ReviewState
from journal.review import comments as comment_services
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review.standing import review_state
from tests.factories import (
    entry_form,
    make_complete_entry,
    make_entry,
    make_episode,
    make_passage,
    make_source,
    make_user,
    peer_entry_form,
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
    assert review_state(reviewed) == ReviewState.SIGNED_OFF

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
    assert review_state(reviewed) == ReviewState.CHANGED_SINCE_SIGN_OFF


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
    assert review_state(submitted).needs_review
    assert list(
        Notification.objects.filter(recipient=supervisor)
        .order_by("pk")
        .values_list("message", flat=True)
    ) == [
        "Olu Owner submitted an entry for your review",
        "Olu Owner sent back an entry with the changes you asked for",
    ]


def _sent_back_with_changes(entry: Entry) -> dict:
    """The editor's form for `entry` as it is in the database, its learning rewritten, sent
    with "send back"."""
    entry = Entry.objects.get(pk=entry.pk)
    return {
        "activity_type": entry.activity_type,
        "title": entry.title,
        "activity_date": entry.activity_date.isoformat(),
        "description": entry.description,
        "learning": "Listen first, then agree a next step with the family.",
        "impact": entry.impact,
        "standards": [s.pk for s in entry.standards.all()],
        "revision": entry.revision,
        "citations_listed": "on",
        "intent": "send_back",
    }


def test_save_and_send_back_is_one_step_from_the_editor(owner, owner_client, submitted, supervisor):
    request_changes(submitted, supervisor)
    edit = reverse("journal:entry_edit", args=[submitted.pk])
    page = owner_client.get(edit).content.decode()
    assert 'value="send_back"' in page and "Save without sending back" in page
    data = _sent_back_with_changes(submitted)
    response = owner_client.post(edit, data, follow=True)
    assert "Entry saved and sent back to Sue Supervisor for review." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.learning.startswith("Listen first, then agree")
    assert submitted.status == Entry.Status.MARKED_COMPLETE
    assert review_state(submitted).needs_review
    # Its own words, once, to the supervisor who asked: not a second "submitted".
    told = Notification.objects.filter(entry=submitted).exclude(recipient=owner).order_by("pk")
    assert [(n.recipient, n.message) for n in told] == [
        (supervisor, "Olu Owner submitted an entry for your review"),
        (supervisor, "Olu Owner sent back an entry with the changes you asked for"),
    ]
    # Nothing waits now: the editor offers a plain Save again.
    assert 'value="send_back"' not in owner_client.get(edit).content.decode()


def test_a_draft_with_changes_requested_goes_back_in_one_step(
    owner, owner_client, submitted, supervisor
):
    """Saved as a draft after a change request, the entry is offered the one step that marks
    it complete and sends it back; the entry page never offers a send-back a draft cannot do."""
    request_changes(submitted, supervisor)
    save_entry(owner, entry=submitted, status=Entry.Status.DRAFT)
    detail = owner_client.get(submitted.get_absolute_url()).content.decode()
    assert 'name="action" value="submit"' not in detail
    assert "press “Mark complete and send back” in the editor" in detail
    edit = reverse("journal:entry_edit", args=[submitted.pk])
    page = owner_client.get(edit).content.decode()
    assert "press “Mark complete and send back”" in page
    assert 'value="send_back"' in page and ">Mark complete and send back<" in page
    data = _sent_back_with_changes(submitted)
    response = owner_client.post(edit, data, follow=True)
    assert "Entry saved and sent back to Sue Supervisor for review." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Entry.Status.MARKED_COMPLETE
    assert review_state(submitted).needs_review


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

    data = peer_entry_form(
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


def test_two_tabs_cannot_silently_overwrite_each_other(owner_client, owner, primary_standards):
    entry = make_entry(owner, title="Shared draft")
    save_entry(owner, entry=entry)
    stale = entry.revision
    url = reverse("journal:entry_edit", args=[entry.pk])
    tab_one = peer_entry_form(
        primary_standards, learning="Tab one text", revision=stale, intent="draft"
    )
    tab_two = peer_entry_form(
        primary_standards, learning="Tab two text", revision=stale, intent="draft"
    )
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


def test_saving_a_complete_entry_keeps_it_complete(owner_client, primary_standards):
    """A complete entry's editor offers "Save" (still complete) first; going back to a draft is
    the button that says so. "Save draft" there once turned a complete piece back unasked."""
    owner_client.post(reverse("journal:entry_create"), peer_entry_form(primary_standards))
    entry = Entry.objects.get()
    assert entry.status == "complete"
    edit = reverse("journal:entry_edit", args=[entry.pk])
    page = owner_client.get(edit).content.decode()
    assert 'value="complete" class="btn btn-primary">Save</button>' in page
    assert ">Save as a draft instead</button>" in page and ">Save draft</button>" not in page
    owner_client.post(
        edit, peer_entry_form(primary_standards, learning="A small edit.", revision=1)
    )
    entry.refresh_from_db()
    assert entry.status == "complete" and entry.learning == "A small edit."
    owner_client.post(edit, peer_entry_form(primary_standards, intent="draft", revision=2))
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


def test_after_a_sign_off_the_entry_page_leads_with_it_and_keeps_the_request_as_history(
    owner_client, owner, supervisor, link
):
    entry = make_complete_entry(owner, title="Home visit debrief")
    sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    request_changes(entry, supervisor, field="", body="Say what you will do at the next visit.")
    save_entry(owner, entry=entry, impact="I will check each promise with the family.")
    sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor, note="Well done.")

    page = owner_client.get(reverse("journal:entry_detail", args=[entry.pk])).content.decode()

    lead = page.index('id="signoff-lead"')
    history = page.index('<details class="mt-3 earlier-requests">')
    assert lead < page.index("Say what you will do at the next visit.") and history < page.index(
        "Say what you will do at the next visit."
    )
    assert page.count("Signed off by <strong>Sue Supervisor</strong>") == 1
    assert "Changes requested, then signed off" in page
    assert '<span class="badge text-bg-warning">Changes requested</span>' not in page

    # The sharing page lists the sign-off first already; its badge no longer asks for changes.
    page = owner_client.get(reverse("journal:entry_share", args=[entry.pk])).content.decode()
    assert "Changes requested, then signed off" in page
    assert '<span class="badge text-bg-warning">Changes requested</span>' not in page


def test_the_suggestions_box_asks_for_writing_only_when_there_is_none(
    owner_client, owner, standards
):
    def suggestions_box(entry=None):
        url = (
            reverse("journal:entry_edit", args=[entry.pk])
            if entry
            else reverse("journal:entry_create")
        )
        html = owner_client.get(url).content.decode()
        return html[html.index('id="suggestions"') :].split("</section>")[0]

    asks = '<p class="small mb-0">Write a little and suggestions will appear here.</p>'
    assert asks in suggestions_box()
    assert asks in suggestions_box(save_entry(owner, title="Only a title"))

    # Written, with nothing the standards' words rest on: said so, not "write a little".
    plain = save_entry(
        owner,
        title="Shadowing",
        description="Shadowed the hospital discharge team for a morning.",
        learning="Discharge decisions are made fast.",
    )
    box = suggestions_box(plain)
    assert asks not in box
    assert "No further standard stands out in what you have written so far." in box

    evidenced = save_entry(
        owner, title="Capacity", learning="I learnt about the Mental Capacity Act."
    )
    box = suggestions_box(evidenced)
    assert "Tick standard 3 and 3.1" in box
    assert asks not in box and '<p class="small mb-0">No further' not in box
