"""The nine things that broke on the real path (issue 11), each where the person met it.

Plus the rules that make them impossible: one field spec, one save path (one version and one
audit event per save), one review state, one completeness rule, one entry document.
"""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from journal.entries.content import ENTRY_FIELDS, FIELD_NAMES
from journal.entries.services import EntryChange, SignedOffEntry, entry_save
from journal.exports import build
from journal.exports.markdown import split_front_matter
from journal.models import AuditEvent, Entry, ReviewState, Supervision
from journal.review import sharing, sign_off, supervision
from journal.year.registration import RegistrationYear
from tests.factories import (
    make_entry,
    make_framework,
    make_passage,
    make_share,
    make_source,
    make_supervision,
    make_user,
    save_entry,
)


@pytest.fixture
def framework(db):
    return make_framework()


@pytest.fixture
def passage(db):
    source = make_source("tisw", title="This Is Social Work")
    make_passage(source, "The host says hello.", speaker="Philippa")
    cited = make_passage(source, "Supervision is where I reflect on standard 4.6.", speaker="Fran")
    make_passage(source, "Thanks for listening.", speaker="Philippa")
    return cited


def reference(passage):
    return f"{passage.source.slug}:{passage.anchor}"


def entry_form(framework, **overrides):
    data = {
        "activity_type": "podcast",
        "title": "Podcast on supervision",
        "activity_date": "2026-03-14",
        "description": "I listened to an episode about **supervision**.",
        "learning": "Reflection needs protected time.",
        "impact": "I book reflective supervision monthly, and families get a calmer worker.",
        "notes": "PRIVATE: I felt out of my depth.",
        "standards": [framework.standards.get(number="4").pk],
        "citations_listed": "True",
        "intent": "complete",
    }
    data.update(overrides)
    return data


@pytest.fixture
def reviewed(owner, supervisor, framework):
    """A complete entry with private notes, shared with and signed off by the supervisor."""
    entry = save_entry(
        owner,
        title="Signed entry",
        description="I read about **relationship-based** practice.",
        learning="Trust takes time.",
        impact="I explain my role at the first visit.",
        notes="PRIVATE: this one was hard for me.",
        status=Entry.Status.COMPLETE,
        standards=[framework.standards.get(number="2")],
    )
    link = make_supervision(owner, supervisor)
    make_share(entry, link, submitted=True)
    sign_off.entry_sign_off(entry=entry, supervisor=supervisor, note="Clear and honest.")
    return entry


# 1. A pending email invitation -----------------------------------------------------------


def test_supervision_page_with_a_pending_email_invitation(
    owner_client, owner, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cpd.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse("journal:supervision"), {"identifier": "new.boss@example.org"}
        )
    assert response.status_code == 302
    page = owner_client.get(reverse("journal:supervision"))
    assert page.status_code == 200
    assert "new.boss@example.org" in page.content.decode()
    # The link in the email uses the configured site address, not 127.0.0.1:8000.
    assert "https://cpd.example.org/accounts/signup/" in mail.outbox[0].body
    link = Supervision.objects.get()
    cancel = owner_client.post(reverse("journal:supervision_revoke", args=[link.pk]))
    assert cancel.status_code == 302
    link.refresh_from_db()
    assert link.status == Supervision.Status.REVOKED


# 2. and 3. Citations survive refusals and are in the versions ---------------------------


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


# 4. and 6. The supervisor reads rendered Markdown, never the private notes --------------


def test_the_supervisor_sees_rendered_markdown_and_no_private_notes(client, supervisor, reviewed):
    client.force_login(supervisor)
    body = client.get(reverse("journal:review_entry", args=[reviewed.pk])).content.decode()
    assert "<strong>relationship-based</strong>" in body
    assert "PRIVATE" not in body
    choices = dict(
        client.get(reverse("journal:review_entry", args=[reviewed.pk]))
        .context["comment_form"]
        .fields["field"]
        .choices
    )
    assert "notes" not in choices
    assert {"standards", "citations", "peer_learning"} <= set(choices)


def test_private_notes_are_in_exports_only_when_the_owner_asks(owner, reviewed):
    for fmt in ("md", "pdf"):
        shared = build.export_entry(reviewed, fmt).content
        personal = build.export_entry(reviewed, fmt, include_private=True).content
        assert b"PRIVATE" not in shared if fmt == "md" else "PRIVATE" not in pdf_text(shared)
        if fmt == "md":
            assert b"PRIVATE: this one was hard" in personal
        else:
            assert "PRIVATE: this one was hard" in pdf_text(personal)
    # The owner's own page shows them, marked as private.
    assert "only you see these" in render_owner_page(owner, reviewed)


def render_owner_page(owner, entry):
    from django.test import Client

    client = Client()
    client.force_login(owner)
    return client.get(entry.get_absolute_url()).content.decode()


def test_editing_a_private_note_does_not_unsign_an_entry(owner, reviewed):
    save_entry(owner, entry=reviewed, notes="PRIVATE: a different thought.")
    assert reviewed.review_state() == ReviewState.SIGNED_OFF


# 5. "Sign in to reflect" -------------------------------------------------------------------


def test_strangers_are_offered_sign_in_to_reflect(client, passage):
    body = client.get(passage.get_absolute_url(), follow=True).content.decode()
    assert "Log in to reflect on this" in body


# 7. A sign-off is never cancelled without a word ---------------------------------------


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
    assert "This entry is signed off" in editor and "Leave it signed off" in editor

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
        owner, title="Finished", learning="As I wrote it.", status=Entry.Status.COMPLETE
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


def test_version_history_marks_the_signed_off_version(owner_client, reviewed):
    body = owner_client.get(reverse("journal:entry_versions", args=[reviewed.pk])).content
    assert b"Signed off by Sue Supervisor" in body


def test_pdf_says_plainly_when_the_text_differs_from_the_signed_off_version(owner, reviewed):
    save_entry(owner, entry=reviewed, impact="A later change.")
    text = pdf_text(build.export_entry(reviewed, "pdf").content)
    assert "Signed off by Sue Supervisor" in text
    assert "Clear and honest." in text
    assert "differs from the signed-off version" in text


# 8. A refused "Save and mark complete" keeps a draft -----------------------------------


def test_a_refused_complete_on_a_new_entry_is_kept_as_a_draft(owner_client, framework):
    data = entry_form(framework, learning="", impact="")
    response = owner_client.post(reverse("journal:entry_create"), data)
    assert "Your text is kept as a draft" in response.content.decode()
    drafts = owner_client.get(reverse("journal:entry_list") + "?status=draft")
    assert "Podcast on supervision" in drafts.content.decode()


# 9. The sign-off note is part of the entry document -----------------------------------


def test_the_sign_off_note_is_in_the_pdf_and_the_markdown(reviewed):
    front, body = split_front_matter(build.export_entry(reviewed, "md").content.decode())
    assert front["sign_off"]["note"] == "Clear and honest."
    assert "Signed off by Sue Supervisor" in body and "> Clear and honest." in body
    text = pdf_text(build.export_entry(reviewed, "pdf").content)
    assert "Clear and honest." in text and "Sue Supervisor" in text


def test_a_hostile_supervisor_name_is_escaped_in_the_markdown(owner, supervisor, reviewed):
    supervisor.display_name = "[click](javascript:alert(1)) <b>"
    supervisor.save()
    body = build.export_entry(reviewed, "md").content.decode()
    assert "\\[click\\]\\(javascript:alert\\(1\\)\\) \\<b\\>" in body


# One definition of each thing ------------------------------------------------------------


def test_the_field_spec_drives_the_form_the_snapshot_and_the_editor(owner, framework):
    from journal.entries.forms import EntryForm

    form = EntryForm()
    for spec in ENTRY_FIELDS:
        assert form.fields[spec.name].label == spec.label
        assert form[spec.name].field.widget.attrs["data-entry-field"] == spec.name
    assert set(FIELD_NAMES) <= set(make_entry(owner).snapshot())


def test_review_state_is_derived_from_the_latest_event(owner, supervisor, framework):
    entry = make_entry(owner, status="complete", standards=[framework.standards.first()])
    assert entry.review_state() == ReviewState.PRIVATE
    link = make_supervision(owner, supervisor)
    sharing.entry_share(entry=entry, supervision=link, user=owner)
    assert entry.review_state() == ReviewState.SHARED
    sharing.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    assert entry.review_state() == ReviewState.SUBMITTED
    from journal.review.comments import entry_request_changes

    entry_request_changes(entry=entry, supervisor=supervisor, body="More, please.")
    assert entry.review_state() == ReviewState.CHANGES_REQUESTED
    sharing.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    assert entry.review_state() == ReviewState.SUBMITTED
    sign_off.entry_sign_off(entry=entry, supervisor=supervisor)
    assert entry.review_state() == ReviewState.SIGNED_OFF


def test_invitations_claimed_by_email_still_work(owner, db):
    supervision.supervision_invite(supervisee=owner, identifier="later@example.org")
    newcomer = make_user("later", email="later@example.org")
    assert supervision.supervision_claim_invitations(user=newcomer, email=newcomer.email) == 1


# The PDF's structure tree ----------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def structure(content: bytes) -> list[tuple[str, str]]:
    """(tag, text) for each heading and paragraph of the PDF's structure tree, in order."""
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert root["/Lang"], "the PDF says its language"
    tree = root["/StructTreeRoot"].get_object()
    found = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        tag = str(node.get("/S", ""))
        if tag:
            found.append(tag)
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    walk(tree["/K"])
    return found


def test_the_year_pdf_is_tagged_with_headings_in_reading_order(owner, reviewed):
    year = RegistrationYear.containing(reviewed.activity_date)
    result = build.export_for_params(owner=owner, fmt="pdf", params={"year": year.end.year})
    tags = structure(result.content)
    headings = [t for t in tags if re.fullmatch(r"/H[1-6]", t)]
    assert headings[0] == "/H1"  # the cover's title
    assert "/H2" in headings and "/H3" in headings
    assert tags.count("/P") > 5
    reader = PdfReader(io.BytesIO(result.content))
    assert reader.metadata.title.startswith("CPD record")
    # The entry's parts read in the regulator's order.
    text = pdf_text(result.content)
    order = [
        text.index(label)
        for label in (
            "Description and why it is relevant",
            "What I learnt",
            "Impact on my practice",
            "Peer reflection",
            "Professional standards",
            "Supervisor sign-off",
        )
    ]
    assert order == sorted(order)


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


def test_restoring_from_the_bin_says_who_sees_the_entry_again(owner_client, owner, reviewed):
    from journal.entries.services import entry_move_to_bin

    entry_move_to_bin(entry=reviewed, user=owner)
    assert "Hidden from Sue Supervisor" in owner_client.get(reverse("journal:bin")).content.decode()
    response = owner_client.post(reverse("journal:entry_restore", args=[reviewed.pk]), follow=True)
    assert "shared again with Sue Supervisor" in response.content.decode()


def test_the_copy_view_gives_plain_text_in_boxes_tall_enough(owner_client, owner, reviewed):
    body = owner_client.get(reverse("journal:entry_regulator_form", args=[reviewed.pk]))
    html = body.content.decode()
    assert "I read about relationship-based practice." in html
    assert "**relationship-based**" not in html


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


def test_statements_are_checkboxes_by_standard_and_tag_their_standard(owner_client, framework):
    page = owner_client.get(reverse("journal:entry_create")).content.decode()
    assert "Hold Ctrl" not in page
    assert page.count('type="checkbox" name="statements"') == 6
    assert "<summary>Standard 2: Standard 2</summary>" in page
    statement = framework.standards.get(number="2").statements.get()
    data = entry_form(framework, statements=[statement.pk])
    assert owner_client.post(reverse("journal:entry_create"), data).status_code == 302
    entry = Entry.objects.get()
    assert set(entry.standards.values_list("number", flat=True)) == {"2", "4"}


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


def test_an_own_source_needs_what_it_is_and_the_quote(owner_client, framework):
    data = entry_form(framework, own_author="Someone")
    body = owner_client.post(reverse("journal:entry_create"), data).content.decode()
    assert "Say what the source is." in body and "Type the quote or your note" in body


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
    from journal.entries.services import fixed_findings

    make_passage(make_source("pod"), "Hello.", speaker="Andrea")
    entry = save_entry(owner, title="Podcast", learning="Andrea said Kayden (7) was heard.")
    first = entry.versions.get().data
    save_entry(owner, entry=entry, learning="The podcast said children were heard.")
    assert fixed_findings(entry, first) == ["Kayden"]


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


def test_a_quote_part_outside_the_passage_is_refused(owner_client, framework, passage):
    reference = f"{passage.source.slug}:{passage.anchor}@5-99999"
    response = owner_client.post(
        reverse("journal:entry_create"), entry_form(framework, cite=[reference])
    )
    assert "could not be found" in response.content.decode()


def test_a_citation_link_highlights_its_words_on_the_page(client, owner, passage):
    entry = save_entry(owner, title="Cited", cite=[passage])
    response = client.get(entry.citations.get().permalink)
    assert response.status_code == 302
    assert ":~:text=Supervision%20is%20where%20I%20reflect" in response["Location"]
    assert response["Location"].split("#")[1].startswith(f"p-{passage.anchor}")
