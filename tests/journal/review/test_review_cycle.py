"""The whole review cycle, and the rules around shares, comments and sign-off."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journal import policy
from journal.entries.services import EntryChange, entry_save
from journal.errors import ReviewError
from journal.models import (
    AuditEvent,
    Comment,
    Entry,
    EntryVersion,
    Notification,
    ReviewState,
    Share,
    SignOff,
)
from journal.review import comments as comment_services
from journal.review import selectors as review_selectors
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review.queue import review_queue
from tests.factories import (
    make_complete_entry,
    make_entry,
    make_framework,
    make_share,
    make_supervision,
    make_user,
)


def owner_edits(entry, **changes):
    """An edit the way the editor saves it, having chosen to edit a signed-off entry."""
    entry_save(
        user=entry.owner,
        entry=entry,
        change=EntryChange(fields=changes, reopen_signed_off=True),
        expected_revision=entry.revision,
    )
    return entry


def test_the_whole_review_cycle(owner, supervisor, owner_client, supervisor_client):
    # Invite and accept.
    owner_client.post(reverse("journal:supervision"), {"identifier": "supervisor@example.org"})
    link = owner.links_as_supervisee.get()
    supervisor_client.post(reverse("journal:supervision_accept", args=[link.pk]))

    # Submit a complete entry for review.
    entry = make_complete_entry(owner, title="Working with resistance")
    response = owner_client.post(
        reverse("journal:entry_share", args=[entry.pk]),
        {"supervision": link.pk, "action": "submit"},
    )
    assert response.status_code == 302
    share = Share.objects.get(entry=entry)
    assert share.submitted_at
    assert entry.review_state() == ReviewState.SUBMITTED

    queue = supervisor_client.get(reverse("journal:review_queue"))
    assert queue.context["waiting"] == 1
    assert b"Working with resistance" in queue.content and b"Olu Owner" in queue.content

    # Comment on one field; the owner sees it beside that field and replies.
    supervisor_client.post(
        reverse("journal:review_comment", args=[entry.pk]),
        {"field": "learning", "body": "Can you say more about what you learnt?"},
    )
    comment = Comment.objects.get()
    assert (comment.field, comment.author, comment.requests_changes) == (
        "learning",
        supervisor,
        False,
    )
    page = owner_client.get(reverse("journal:entry_share", args=[entry.pk]))
    learning = next(f for f in page.context["doc"].fields if f.name == "learning")
    assert learning.threads == [comment]
    assert b"Can you say more about what you learnt?" in page.content
    response = owner_client.post(
        reverse("journal:comment_reply", args=[entry.pk, comment.pk]),
        {"body": "I learnt to name the resistance.", "next": entry.get_absolute_url()},
    )
    reply = comment.replies.get()
    assert reply.author == owner
    # Back on the page it was written on, at the reply; never to another site.
    assert response["Location"] == f"{entry.get_absolute_url()}#comment-{reply.pk}"
    assert 'name="next" value="/entries/' in page.content.decode()

    # Request changes.
    supervisor_client.post(
        reverse("journal:review_comment", args=[entry.pk]),
        {"field": "impact", "body": "Add the impact on the family.", "action": "request_changes"},
    )
    share.refresh_from_db()
    assert share.changes_requested_at
    assert entry.review_state() == ReviewState.CHANGES_REQUESTED
    assert supervisor_client.get(reverse("journal:review_queue")).context["waiting"] == 0

    # The owner edits and submits again; it is back in the queue.
    owner_edits(entry, impact="The family now leads our planning meetings.")
    owner_client.post(
        reverse("journal:entry_share", args=[entry.pk]),
        {"supervision": link.pk, "action": "submit"},
    )
    assert supervisor_client.get(reverse("journal:review_queue")).context["waiting"] == 1

    # Sign off exactly what the supervisor read.
    page = supervisor_client.get(reverse("journal:review_entry", args=[entry.pk]))
    fingerprint = page.context["fingerprint"]
    assert fingerprint == entry.content_fingerprint()
    response = supervisor_client.post(
        reverse("journal:review_sign_off", args=[entry.pk]),
        {"fingerprint": fingerprint, "note": "A thoughtful reflection."},
    )
    assert response.status_code == 302
    sign_off = SignOff.objects.get()
    assert sign_off.supervisor == supervisor
    assert sign_off.fingerprint == fingerprint
    assert sign_off.version == entry.versions.order_by("-number").first()
    assert sign_off.version.data["impact"] == "The family now leads our planning meetings."
    assert entry.review_state().is_signed_off
    assert supervisor_client.get(reverse("journal:review_queue")).context["waiting"] == 0

    # Editing after sign-off shows "changed since sign-off" and needs review again.
    owner_edits(entry, learning="I learnt to name the resistance and to stay curious.")
    state = entry.review_state()
    assert state.changed_since_sign_off and state.needs_review
    assert entry.latest_sign_off() == sign_off
    owner_page = owner_client.get(reverse("journal:entry_share", args=[entry.pk]))
    assert b"Changed since sign-off" in owner_page.content
    queue = supervisor_client.get(reverse("journal:review_queue"))
    assert queue.context["waiting"] == 1
    assert b"Changed since sign-off" in queue.content
    review_page = supervisor_client.get(reverse("journal:review_entry", args=[entry.pk]))
    assert review_page.context["changed_fields"] == ["What I learnt"]

    # Revoking the share hides the entry again at once; the supervisor is told why.
    owner_client.post(reverse("journal:share_revoke", args=[entry.pk, share.pk]))
    gone = supervisor_client.get(reverse("journal:review_entry", args=[entry.pk]))
    assert gone.status_code == 410 and b"stopped sharing this entry with you" in gone.content
    assert b"name the resistance" not in gone.content
    assert supervisor_client.get(reverse("journal:review_queue")).context["groups"] == []
    assert not policy.entries_shared_with(supervisor).exists()

    # Everything is on the audit trail, which only the owner can read.
    actions = list(
        AuditEvent.objects.filter(entry=entry).order_by("pk").values_list("action", flat=True)
    )
    assert actions == [
        "shared",
        "submitted",
        "commented",
        "commented",
        "changes_requested",
        "edited",
        "submitted",
        "signed_off",
        "edited",
        "unshared",
    ]
    history = owner_client.get(reverse("journal:entry_audit", args=[entry.pk]))
    assert history.status_code == 200
    assert b"Signed off" in history.content and b"Share revoked" in history.content
    assert set(Notification.objects.filter(recipient=owner).values_list("message", flat=True)) == {
        "Sue Supervisor accepted your invitation to supervise you",
        "Sue Supervisor commented on your entry",
        "Sue Supervisor asked for changes to your entry",
        "Sue Supervisor signed off your entry",
    }


def test_drafts_cannot_be_shared(owner, link, owner_client):
    entry = make_entry(owner)  # a draft by default
    response = owner_client.post(
        reverse("journal:entry_share", args=[entry.pk]), {"supervision": link.pk, "action": "share"}
    )
    assert response.status_code == 200
    assert b"Drafts stay private" in response.content
    assert not Share.objects.exists()


def test_an_entry_marked_complete_that_is_not_complete_cannot_be_shared(owner, link):
    # Marked complete but with no standard, or dated after today: Entry.is_complete decides.
    untagged = make_entry(owner, status="complete")
    to_come = make_entry(
        owner,
        status="complete",
        standards=[make_framework().standards.get(number="1")],
        activity_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    for entry in (untagged, to_come):
        with pytest.raises(ReviewError, match="Drafts stay private"):
            sharing_services.entry_share(entry=entry, supervision=link, user=owner)
    assert not Share.objects.exists()


def test_an_entry_moved_back_to_draft_or_the_bin_disappears_from_the_supervisor(
    owner, supervisor, link
):
    entry = make_complete_entry(owner)
    make_share(entry, link, submitted=True)
    assert policy.entries_shared_with(supervisor).get() == entry
    Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.DRAFT)
    assert not policy.entries_shared_with(supervisor).exists()
    assert review_queue(supervisor=supervisor) == []
    Entry.objects.filter(pk=entry.pk).update(status="complete", deleted_at=timezone.now())
    assert not policy.entries_shared_with(supervisor).exists()


def test_sharing_twice_reuses_the_live_share(owner, link):
    entry = make_complete_entry(owner)
    first = sharing_services.entry_share(entry=entry, supervision=link, user=owner)
    second = sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    assert first.pk == second.pk and Share.objects.count() == 1
    # Submitting again while it is already waiting changes nothing and tells nobody twice.
    sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    assert Notification.objects.filter(message__contains="submitted").count() == 1


def test_only_the_owner_shares_and_only_with_an_active_link(owner, supervisor, stranger):
    entry = make_complete_entry(owner)
    invited = make_supervision(owner, supervisor, status="invited")
    with pytest.raises(ReviewError) as error:
        sharing_services.entry_share(entry=entry, supervision=invited, user=owner)
    assert error.value.code == "inactive_supervision"
    someone_elses = make_supervision(stranger, supervisor)
    with pytest.raises(ReviewError):
        sharing_services.entry_share(entry=entry, supervision=someone_elses, user=owner)
    with pytest.raises(PermissionDenied):
        sharing_services.entry_share(entry=entry, supervision=someone_elses, user=stranger)
    assert not Share.objects.exists()


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
    assert Entry.objects.get(pk=entry.pk).review_state().is_signed_off


def test_changing_standards_counts_as_a_change_since_sign_off(owner, supervisor, link):
    standards = make_framework()
    entry = make_complete_entry(owner)
    make_share(entry, link, submitted=True)
    sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    entry.standards.add(standards.standards.get(number="4"))
    entry = Entry.objects.get(pk=entry.pk)
    assert entry.review_state().changed_since_sign_off


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


def test_comment_rules(owner, supervisor, link):
    entry = make_complete_entry(owner)
    make_share(entry, link)
    with pytest.raises(ReviewError) as error:
        comment_services.comment_add(entry=entry, author=owner, body="A note to myself")
    assert error.value.code == "owner_top_level"
    with pytest.raises(ReviewError) as error:
        comment_services.comment_add(entry=entry, author=supervisor, body="x", field="password")
    assert error.value.code == "unknown_field"
    with pytest.raises(ReviewError) as error:
        comment_services.comment_add(entry=entry, author=supervisor, body="   ")
    assert error.value.code == "empty"
    top = comment_services.comment_add(entry=entry, author=supervisor, body="Good", field="title")
    with pytest.raises(ReviewError) as error:
        comment_services.comment_add(
            entry=entry, author=supervisor, body="x", parent=top, requests_changes=True
        )
    assert error.value.code == "reply_changes"
    reply = comment_services.comment_add(entry=entry, author=owner, body="Thanks", parent=top)
    assert reply.field == "title"
    assert Comment.objects.count() == 2


def test_an_invalid_comment_shows_the_form_again_and_stores_nothing(owner, link, supervisor_client):
    entry = make_complete_entry(owner)
    make_share(entry, link)
    response = supervisor_client.post(
        reverse("journal:review_comment", args=[entry.pk]), {"field": "password", "body": ""}
    )
    assert response.status_code == 200
    assert b"Choose a part of the entry to comment on." in response.content
    assert b"Write your comment before sending it." in response.content
    assert not Comment.objects.exists()


def test_two_supervisors_never_read_each_others_comments(owner, supervisor, link, client):
    entry = make_complete_entry(owner)
    make_share(entry, link)
    other = make_user("manager", display_name="Mo Manager")
    make_share(entry, make_supervision(owner, other))
    mine = comment_services.comment_add(entry=entry, author=supervisor, body="From Sue")
    theirs = comment_services.comment_add(entry=entry, author=other, body="From Mo")
    comment_services.comment_add(entry=entry, author=owner, body="Reply to Mo", parent=theirs)

    assert list(policy.comments_visible_to(supervisor, entry)) == [mine]
    assert len(policy.comments_visible_to(owner, entry)) == 3
    client.force_login(supervisor)
    page = client.get(reverse("journal:review_entry", args=[entry.pk]))
    assert b"From Sue" in page.content and b"From Mo" not in page.content
    # Nor reply in the other's thread.
    response = client.post(
        reverse("journal:comment_reply", args=[entry.pk, theirs.pk]), {"body": "Hi"}
    )
    assert response.status_code == 404


def test_hostile_comment_text_is_shown_as_text(owner, supervisor, link, owner_client):
    entry = make_complete_entry(owner)
    make_share(entry, link)
    comment_services.comment_add(
        entry=entry, author=supervisor, body='<script>alert("x")</script><img src=x onerror=1>'
    )
    page = owner_client.get(reverse("journal:entry_share", args=[entry.pk]))
    assert b"<script>alert" not in page.content
    assert b"<img src=x" not in page.content
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.content


def test_the_queue_groups_by_supervisee_oldest_first(supervisor):
    ann = make_user("ann", display_name="Ann Ames")
    bob = make_user("bob", display_name="Bob Baker")
    now = timezone.now()
    for person, ages in ((ann, (1, 5)), (bob, (3,))):
        link = make_supervision(person, supervisor)
        for days in ages:
            entry = make_entry(
                person, title=f"{person} {days}d", status=Entry.Status.MARKED_COMPLETE
            )
            share = make_share(entry, link, submitted=True)
            Share.objects.filter(pk=share.pk).update(
                submitted_at=now - datetime.timedelta(days=days)
            )
    groups = review_queue(supervisor=supervisor)
    assert [g.supervisee for g in groups] == [ann, bob]
    assert [item.entry.title for item in groups[0].waiting] == ["Ann Ames 5d", "Ann Ames 1d"]


def _queue_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("journal:review_queue"))
    assert response.status_code == 200
    return len(queries)


def test_the_queue_costs_the_same_queries_for_2_or_12_entries(supervisor, supervisor_client):
    def add_entries(count):
        person = make_user()
        link = make_supervision(person, supervisor)
        for n in range(count):
            entry = make_entry(person, title=f"Entry {n}", status=Entry.Status.MARKED_COMPLETE)
            make_share(entry, link, submitted=True)
            if n % 2:
                sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)

    add_entries(2)
    _queue_queries(supervisor_client)  # a session's first page also records it (sessions page)
    few = _queue_queries(supervisor_client)
    add_entries(10)
    many = _queue_queries(supervisor_client)
    assert many == few
    assert few < 15


def test_an_edit_after_sign_off_can_be_submitted_again_once(owner, supervisor, link):
    entry = make_complete_entry(owner)
    share = make_share(entry, link, submitted=True)
    sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    # Unchanged and signed off: nothing to submit.
    with pytest.raises(ReviewError) as error:
        sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    assert error.value.code == "already_signed_off"

    owner_edits(entry, impact="Better impact.")
    share.refresh_from_db()
    assert share.review_state(entry.signoffs.all(), entry.content_fingerprint()) == (
        ReviewState.CHANGED_SINCE_SIGN_OFF
    )
    assert review_queue(supervisor=supervisor)[0].waiting  # back without resubmitting
    for _ in range(2):
        sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    assert Notification.objects.filter(message__contains="submitted").count() == 1
    share.refresh_from_db()
    assert entry.review_state() == ReviewState.SUBMITTED


def test_review_states_for_a_list_of_entries_cost_no_query_per_entry(
    owner, supervisor, link, django_assert_num_queries
):
    for n in range(6):
        entry = make_complete_entry(owner, title=f"Entry {n}")
        make_share(entry, link, submitted=True)
        if n % 2:
            sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    owner_edits(Entry.objects.get(title="Entry 1"), learning="Changed after sign-off.")

    entries = list(Entry.objects.filter(owner=owner))
    # The shared ids; shares and sign-offs; then tags, statements and quotations of the three
    # signed-off entries: the same six queries for six entries or six hundred.
    with django_assert_num_queries(6):
        review_selectors.attach_review_states(entries)
    states = {entry.title: entry.state for entry in entries}
    assert states["Entry 0"] == "submitted"
    assert states["Entry 1"] == "changed_since_sign_off"
    assert states["Entry 3"] == "signed_off"


def test_comment_on_says_which_parts_the_entry_leaves_empty(owner, link, supervisor_client):
    entry = make_entry(owner, status=Entry.Status.MARKED_COMPLETE, peer_name="", peer_learning="")
    make_share(entry, link, submitted=True)
    page = supervisor_client.get(reverse("journal:review_entry", args=[entry.pk]))
    choices = dict(page.context["comment_form"].fields["field"].choices)
    assert choices["peer_name"].endswith("(empty)") and choices["citations"].endswith("(empty)")
    assert not choices["learning"].endswith("(empty)") and choices["entry"] == "The whole entry"
    # An empty part can still be commented on: "please add who you discussed it with".
    response = supervisor_client.post(
        reverse("journal:review_comment", args=[entry.pk]),
        {"field": "peer_name", "body": "Please add who you discussed it with."},
    )
    comment = entry.comments.get()
    assert comment.field == "peer_name"
    # To the new comment, where it now shows, not back to the emptied form.
    assert response["Location"].endswith(f"/review/entries/{entry.pk}/#comment-{comment.pk}")
    page = supervisor_client.get(response["Location"]).content.decode()
    assert f'id="comment-{comment.pk}"' in page


def test_a_reply_never_sends_anyone_to_another_site(owner, supervisor, link, owner_client):
    entry = make_complete_entry(owner)
    make_share(entry, link, submitted=True)
    comment = comment_services.comment_add(entry=entry, author=supervisor, body="Why?")
    response = owner_client.post(
        reverse("journal:comment_reply", args=[entry.pk, comment.pk]),
        {"body": "Because.", "next": "https://evil.example/"},
    )
    share_page = reverse("journal:entry_share", args=[entry.pk])
    assert response["Location"] == f"{share_page}#comment-{comment.replies.get().pk}"
