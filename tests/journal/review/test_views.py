"""journal.review.views: the review page, the share page and the supervisor's pages."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal import policy
from journal.entries.bin import entry_move_to_bin
from journal.models import (
    AuditEvent,
    Comment,
    Entry,
    Notification,
    ReviewState,
    Share,
    SignOff,
    Supervision,
)
from journal.review import comments as comment_services
from journal.review import supervision as supervision_services
from journal.review.models import latest_sign_off
from journal.review.sign_off import entry_sign_off
from journal.review.standing import review_state
from tests.factories import (
    make_complete_entry,
    make_entry,
    make_share,
    make_supervision,
    make_user,
    owner_edits,
    request_changes,
    save_entry,
)


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


def test_a_supervisors_page_does_not_say_they_have_no_supervisor(link, supervisor_client):
    page = supervisor_client.get(reverse("journal:supervision")).content.decode()
    assert "People you supervise" in page
    assert "You have no supervisor" not in page


def test_the_supervisors_reply_button_names_the_supervisee(
    submitted, supervisor, supervisor_client
):
    comment_services.comment_add(entry=submitted, author=supervisor, body="Good start")
    page = supervisor_client.get(
        reverse("journal:review_entry", args=[submitted.pk])
    ).content.decode()
    assert 'Reply<span class="visually-hidden"> to Olu Owner</span>' in page
    assert "to Sue Supervisor</span>" not in page


def test_the_share_page_explains_only_the_buttons_it_offers(owner, owner_client, link, supervisor):
    entry = make_complete_entry(owner)
    url = reverse("journal:entry_share", args=[entry.pk])
    page = owner_client.get(url).content.decode()
    assert "<dt>Share for reading</dt>" in page and "nothing waits for them to act" in page
    assert "<dt>Submit for review</dt>" in page and "review queue: they comment" in page
    make_share(entry, link, submitted=True)
    page = owner_client.get(url).content.decode()
    assert "share-choices" not in page and "Stop sharing" in page  # waiting: nothing to send
    # Signed off: neither button, so neither is explained.
    entry_sign_off(entry=entry, supervisor=supervisor)
    page = owner_client.get(url).content.decode()
    assert "Share for reading" not in page and "Submit for review" not in page
    assert "nothing waits for them to act" not in page and "review queue: they comment" not in page
    # Edited after the sign-off: submitting again is offered, and explained.
    save_entry(owner, entry=entry, learning="Listen first, then agree a next step.")
    page = owner_client.get(url).content.decode()
    assert "Submit again" in page and "<dt>Submit for review</dt>" in page
    assert "<dt>Share for reading</dt>" not in page


def test_the_share_page_calls_it_feedback_only_once_there_is_some(
    owner_client, submitted, supervisor
):
    url = reverse("journal:entry_share", args=[submitted.pk])
    page = owner_client.get(url).content.decode()
    assert "Feedback on your entry" not in page and "No comments yet." in page
    request_changes(submitted, supervisor)
    page = owner_client.get(url).content.decode()
    assert "Feedback on your entry" in page and "No comments yet." not in page


def test_after_a_change_request_the_share_page_leads_to_the_editor_not_to_resubmitting(
    owner, owner_client, submitted, supervisor
):
    url = reverse("journal:entry_share", args=[submitted.pk])
    request_changes(submitted, supervisor)
    page = owner_client.get(url).content.decode()
    alert = page[page.index('id="changes-requested"') :]
    assert alert.index("Sue Supervisor asked for changes.") < alert.index("Edit the entry")
    assert reverse("journal:entry_edit", args=[submitted.pk]) in alert
    # Nothing changed yet: sending it back is offered, but asks first and is not the next step.
    assert "Send back unchanged" in page and "data-confirm=" in page
    assert "Send back for review<" not in page
    save_entry(owner, entry=submitted, learning="Listen first, then agree a next step.")
    page = owner_client.get(url).content.decode()
    assert "Send back for review<" in page and "Send back unchanged" not in page


@pytest.fixture
def queue(owner, supervisor):
    """Three entries waiting, oldest first: two of Olu's, then one of Priya's."""
    priya = make_user("priya", display_name="Priya Shah")
    mine, hers = make_supervision(owner, supervisor), make_supervision(priya, supervisor)
    now = timezone.now()
    entries = []
    for person, link, title, days in [
        (owner, mine, "Oldest", 9),
        (owner, mine, "Newer", 2),
        (priya, hers, "Priya's", 5),
    ]:
        entry = make_entry(person, title=title, status=Entry.Status.MARKED_COMPLETE)
        share = make_share(entry, link, submitted=True)
        Share.objects.filter(pk=share.pk).update(submitted_at=now - datetime.timedelta(days=days))
        entries.append(entry)
    return entries


def test_the_review_page_says_how_long_and_steps_through_the_queue(supervisor_client, queue):
    oldest, newer, priyas = queue
    page = supervisor_client.get(reverse("journal:review_entry", args=[oldest.pk]))
    assert "waiting <time" in page.content.decode() and "9\xa0days" in page.content.decode()

    def step(name, entry):
        return supervisor_client.get(reverse(name, args=[entry.pk]))["Location"]

    def review(entry):
        return reverse("journal:review_entry", args=[entry.pk])

    assert step("journal:review_next", oldest) == review(newer)
    assert step("journal:review_next", newer) == review(priyas)
    assert step("journal:review_previous", priyas) == review(newer)
    # At either end, back to the queue.
    assert step("journal:review_previous", oldest) == reverse("journal:review_queue")
    assert step("journal:review_next", priyas) == reverse("journal:review_queue")


def test_sign_off_and_open_the_next_waiting(supervisor_client, queue):
    oldest, newer, priyas = queue

    def sign_off(entry):
        return supervisor_client.post(
            reverse("journal:review_sign_off", args=[entry.pk]),
            {"fingerprint": entry.content_fingerprint(), "then": "next"},
            follow=True,
        )

    response = sign_off(oldest)
    assert (
        response.redirect_chain[-1][0] == reverse("journal:review_entry", args=[newer.pk]) + "#main"
    )
    assert "This is the next entry waiting." in response.content.decode()
    # The same person's next first, then the next person's.
    assert (
        sign_off(newer).redirect_chain[-1][0]
        == reverse("journal:review_entry", args=[priyas.pk]) + "#main"
    )
    last = sign_off(priyas)
    assert last.redirect_chain[-1][0] == reverse("journal:review_queue") + "#main"
    assert "Nothing else is waiting for your review." in last.content.decode()


def test_sign_off_and_open_the_next_goes_on_past_a_skipped_entry(supervisor_client, queue):
    """Where "Next waiting" pointed, not back to the entry stepped past; from the last, round
    to the first still waiting."""
    oldest, newer, priyas = queue

    def sign_off(entry):
        response = supervisor_client.post(
            reverse("journal:review_sign_off", args=[entry.pk]),
            {"fingerprint": entry.content_fingerprint(), "then": "next"},
        )
        return response["Location"]

    # "#main": the next entry opens at its top, not at the sign-off form it was sent from.
    assert sign_off(newer) == reverse("journal:review_entry", args=[priyas.pk]) + "#main"
    assert sign_off(priyas) == reverse("journal:review_entry", args=[oldest.pk]) + "#main"


def test_only_the_supervisor_with_the_share_steps_from_an_entry(queue, stranger):
    client = Client()
    client.force_login(stranger)
    assert client.get(reverse("journal:review_next", args=[queue[0].pk])).status_code == 404


def _queue_nav(page: str) -> str:
    return page[page.index('<nav aria-label="Review queue"') :].split("</nav>", 1)[0]


def test_the_review_page_links_only_where_something_else_waits(supervisor_client, queue):
    oldest, newer, priyas = queue

    def nav(entry):
        page = supervisor_client.get(reverse("journal:review_entry", args=[entry.pk]))
        return _queue_nav(page.content.decode()), page.content.decode()

    first, _ = nav(oldest)
    assert "Previous waiting" not in first  # nothing before the oldest
    assert "1 of 3 waiting" in first
    assert f'href="{reverse("journal:review_entry", args=[newer.pk])}">Next waiting' in first
    middle, _ = nav(newer)
    assert f'href="{reverse("journal:review_entry", args=[oldest.pk])}">← Previous' in middle
    assert f'href="{reverse("journal:review_entry", args=[priyas.pk])}">Next waiting' in middle
    assert "2 of 3 waiting" in middle

    for entry in (oldest, newer):
        supervisor_client.post(
            reverse("journal:review_sign_off", args=[entry.pk]),
            {"fingerprint": entry.content_fingerprint()},
        )
    last, page = nav(priyas)
    assert "Nothing else is waiting for your review." in last
    assert "Previous waiting" not in last and "Next waiting" not in last
    assert " of 1 waiting" not in last  # said once: nothing else is waiting
    assert "Sign off and open the next waiting" not in page


SECRET = "A secret title about a family"


@pytest.fixture
def shared(owner, supervisor):
    link = make_supervision(owner, supervisor)
    entry = make_entry(owner, title=SECRET, status=Entry.Status.MARKED_COMPLETE)
    make_share(entry, link, submitted=True)
    return entry, link


def _page(client, entry):
    response = client.get(reverse("journal:review_entry", args=[entry.pk]))
    assert response.status_code == 410
    text = response.content.decode()
    assert SECRET not in text and "I listened to an episode" not in text
    return text


@pytest.mark.today("2027-02-16")  # its dates are that year's
def test_binned_by_its_owner(supervisor_client, shared, owner):
    entry, _ = shared
    entry_move_to_bin(entry=entry, user=owner)
    text = _page(supervisor_client, entry)
    assert "Olu Owner moved this entry to their bin on 16 February 2027" in text
    assert "If they restore it within 30 days" in text


def test_supervision_ended(supervisor_client, shared, owner):
    entry, link = shared
    supervision_services.supervision_revoke(supervision=link, user=owner)
    assert "Your supervision of Olu Owner has ended" in _page(supervisor_client, entry)


def test_made_a_draft_again(supervisor_client, shared):
    entry, _ = shared
    Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.DRAFT)
    assert "made this entry a draft again" in _page(supervisor_client, entry)


def test_a_comment_typed_in_an_old_tab_is_shown_back(supervisor_client, shared):
    entry, _ = shared
    Share.objects.update(revoked_at=entry.created_at)
    response = supervisor_client.post(
        reverse("journal:review_comment", args=[entry.pk]),
        {"field": "entry", "body": "Well argued, and brave."},
    )
    assert response.status_code == 410
    assert b"What you wrote was not sent" in response.content
    assert b"Well argued, and brave." in response.content


def test_nobody_who_never_had_a_share_learns_anything(shared, owner, stranger):
    entry, _ = shared
    linked = make_user("linked-sup", role="supervisor")
    make_supervision(owner, linked)  # supervises the owner, never shared with
    Share.objects.update(revoked_at=entry.created_at)
    for person in (stranger, linked):
        client = Client()
        client.force_login(person)
        assert client.get(reverse("journal:review_entry", args=[entry.pk])).status_code == 404
    missing = Client()
    missing.force_login(linked)
    assert missing.get(reverse("journal:review_entry", args=[entry.pk + 100])).status_code == 404


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
    assert review_state(entry) == ReviewState.SUBMITTED

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
    assert review_state(entry) == ReviewState.CHANGES_REQUESTED
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
    assert review_state(entry).is_signed_off
    assert supervisor_client.get(reverse("journal:review_queue")).context["waiting"] == 0

    # Editing after sign-off shows "changed since sign-off" and needs review again.
    owner_edits(entry, learning="I learnt to name the resistance and to stay curious.")
    state = review_state(entry)
    assert state.changed_since_sign_off and state.needs_review
    assert latest_sign_off(entry.signoffs.all()) == sign_off
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


def test_the_share_page_names_the_invitation_still_waiting_for_an_answer(client, db):
    owner = make_user("nell", display_name="Nell Worker")
    entry = make_complete_entry(owner)
    client.force_login(owner)
    share_page = reverse("journal:entry_share", args=[entry.pk])
    assert "You have no supervisor on CPD Journal yet." in client.get(share_page).content.decode()

    make_supervision(owner, make_user("beth"), status=Supervision.Status.INVITED)
    page = client.get(share_page).content.decode()
    assert "Waiting for an answer to your invitation: <strong>beth</strong>." in page
    assert "You have no supervisor" not in page
