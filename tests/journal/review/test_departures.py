"""A supervisor leaves (account deleted, or the supervision ended): each supervisee is told
once, open change requests close with a note, and the worker hands the history they choose to
a new supervisor, who reads exactly that."""

import pytest
from django.core import mail
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from journal import policy
from journal.account import services as account
from journal.errors import ReviewError
from journal.models import AuditEvent, Comment, Entry, Handover, Notification
from journal.review import comments as comment_services
from journal.review import departures
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review import supervision as supervision_services
from journal.review.queue import review_queue
from journal.review.selectors import comment_threads, open_comments
from tests.accounts.helpers import reauthenticate
from tests.factories import (
    make_complete_entry,
    make_session,
    make_supervision,
    make_user,
    save_entry,
)

NOTE = "Dana Price left before you replied, so this request is closed. Your entry is unchanged."


@pytest.fixture
def nia(db):
    return make_user("nia", display_name="Nia Evans", role="supervisor")


def supervised(worker, supervisor, *titles):
    link = make_supervision(worker, supervisor)
    entries = []
    for title in titles:
        entry = make_complete_entry(worker, title=title)
        sharing_services.entry_share(entry=entry, supervision=link, user=worker, submit=True)
        entries.append(entry)
    return link, entries


@pytest.fixture
def team(dana, owner):
    """Dana supervises three people; Olu has a change request open, a sign-off, a comment
    and a session with her."""
    others = [make_user(f"worker{n}", display_name=f"Worker {n}") for n in (1, 2)]
    link, (asked, signed, quiet) = supervised(owner, dana, "Asked", "Signed", "Quiet")
    comment_services.entry_request_changes(entry=asked, supervisor=dana, body="Say more.")
    comment_services.comment_add(entry=signed, author=dana, body="Good analysis.")
    sign_off_services.entry_sign_off(entry=signed, supervisor=dana, note="Well done.")
    session = make_session(link, signed.activity_date)
    for worker in others:
        supervised(worker, dana, f"{worker.username} entry")
    mail.outbox.clear()
    return {"asked": asked, "signed": signed, "quiet": quiet, "session": session, "others": others}


def test_deleting_a_supervisors_account_tells_each_supervisee_exactly_once(
    team, dana, owner, django_capture_on_commit_callbacks
):
    last = Notification.objects.order_by("pk").last().pk
    with django_capture_on_commit_callbacks(execute=True):
        account.account_delete(user=dana)
    supervisees = [owner, *team["others"]]
    notices = Notification.objects.filter(pk__gt=last)
    assert sorted(n.recipient_id for n in notices) == sorted(p.pk for p in supervisees)
    for notice in notices:
        assert notice.message == "Dana Price deleted their account and no longer supervises you"
        handover = Handover.objects.get(supervisee=notice.recipient)
        assert notice.url == reverse("journal:handover", args=[handover.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in supervisees)
    assert all("Dana Price deleted their account" in m.body for m in mail.outbox)


def test_her_open_change_request_is_closed_with_a_note_and_the_entry_unchanged(team, dana, owner):
    asked = team["asked"]
    before = asked.content_fingerprint()
    account.account_delete(user=dana)
    request = Comment.objects.get(entry=asked, requests_changes=True)
    assert request.closed_at is not None and request.closed_note == NOTE
    assert Comment.objects.get(entry=team["signed"]).closed_at is None  # not a change request
    asked.refresh_from_db()
    assert asked.content_fingerprint() == before
    assert AuditEvent.objects.filter(entry=asked, action="request_closed").count() == 1
    assert Handover.objects.get(supervisee=owner).requests_closed == 1
    # The owner's page shows the note and no reply box under the closed request.
    thread = comment_threads(entry=asked, user=owner)["entry"][0]
    assert thread.read_only and thread.author_label == "Dana Price (account deleted)"
    assert open_comments(entry=asked, user=owner)["entry"] == []


def test_the_owners_share_page_shows_the_note(team, dana, owner_client):
    account.account_delete(user=dana)
    trail = owner_client.get(reverse("journal:entry_audit", args=[team["asked"].pk]))
    assert "Change request closed: the supervisor left" in trail.content.decode()
    assert "Dana Price left before a reply" in trail.content.decode()
    page = owner_client.get(reverse("journal:entry_share", args=[team["asked"].pk]))
    html = page.content.decode()
    assert NOTE.replace("'", "&#x27;") in html
    assert "Your reply to Dana Price (account deleted)" not in html


def test_ending_the_supervision_either_way_closes_requests_and_tells_the_other_once(
    team, dana, owner
):
    link = owner.links_as_supervisee.get(supervisor=dana)
    supervision_services.supervision_revoke(supervision=link, user=dana)
    assert Notification.objects.filter(recipient=owner).latest("pk").message == (
        "Dana Price ended your supervision link"
    )
    assert Notification.objects.filter(recipient=owner, message__contains="ended").count() == 1
    assert Comment.objects.get(requests_changes=True).closed_note == NOTE
    handover = Handover.objects.get(supervisee=owner)
    assert handover.reason == Handover.Reason.ENDED_BY_SUPERVISOR

    worker = team["others"][0]
    own_link = worker.links_as_supervisee.get(supervisor=dana)
    before = Notification.objects.filter(recipient=worker).count()
    supervision_services.supervision_revoke(supervision=own_link, user=worker)
    assert Notification.objects.filter(recipient=worker).count() == before  # they did it
    assert Notification.objects.filter(recipient=dana, message__contains="ended").count() == 1
    assert Handover.objects.get(supervisee=worker).reason == Handover.Reason.ENDED_BY_WORKER


def hand_over(owner, nia, *, entries, **carry):
    handover = Handover.objects.get(supervisee=owner)
    link = supervision_services.handover_invite(
        handover=handover, user=owner, identifier="nia", entries=entries, **carry
    )
    supervision_services.supervision_accept(supervision=link, user=nia)
    return link


def test_the_new_supervisor_reads_exactly_the_history_chosen(team, dana, owner, nia):
    account.account_delete(user=dana)
    signed, quiet = team["signed"], team["quiet"]
    hand_over(owner, nia, entries=[signed], carry_comments=False)

    readable = set(policy.entries_shared_with(nia).values_list("pk", flat=True))
    assert readable == {signed.pk}  # "Quiet" was not chosen; "Asked" neither
    assert list(policy.comments_visible_to(nia, signed)) == []  # comments left out
    history = Handover.objects.carried_to(nia).history_of(signed)
    assert [s.note for part in history for s in part.sign_offs] == ["Well done."]
    assert history[0].handover.supervisor_label == "Dana Price (account deleted)"
    assert list(policy.sessions_visible_to(nia)) == [team["session"]]
    assert policy.entries_shared_with(nia).filter(pk=quiet.pk).exists() is False


def test_carried_comments_are_read_only_and_sign_offs_and_sessions_can_stay_behind(
    team, dana, owner, nia, client
):
    account.account_delete(user=dana)
    signed = team["signed"]
    hand_over(owner, nia, entries=[signed], carry_sign_offs=False, carry_sessions=False)
    [thread] = policy.comments_visible_to(nia, signed)
    assert thread.body == "Good analysis."
    with pytest.raises(Http404):
        policy.get_comment_for_reply(nia, signed, thread.pk)
    assert list(policy.sessions_visible_to(nia)) == []
    client.force_login(nia)
    page = client.get(reverse("journal:review_entry", args=[signed.pk])).content.decode()
    assert "History from Dana Price (account deleted)" in page
    assert "Good analysis." in page and "Well done." not in page
    assert f'action="{reverse("journal:comment_reply", args=[signed.pk, thread.pk])}"' not in page


def test_a_handover_is_offered_once_and_again_after_a_decline(team, dana, owner, nia):
    account.account_delete(user=dana)
    handover = Handover.objects.get(supervisee=owner)
    link = supervision_services.handover_invite(
        handover=handover, user=owner, identifier="nia", entries=[]
    )
    with pytest.raises(ReviewError):
        supervision_services.handover_invite(
            handover=handover, user=owner, identifier="nia", entries=[]
        )
    supervision_services.supervision_decline(supervision=link, user=nia)
    handover.refresh_from_db()
    assert handover.is_offered


def test_only_entries_shared_with_the_former_supervisor_can_be_carried(team, dana, owner):
    account.account_delete(user=dana)
    private = make_complete_entry(owner, title="Never shared")
    with pytest.raises(ReviewError):
        supervision_services.handover_invite(
            handover=Handover.objects.get(supervisee=owner),
            user=owner,
            identifier="nia",
            entries=[private],
        )
    assert not owner.links_as_supervisee.filter(invited_username="nia").exists()


def test_the_handover_page_is_the_workers_own(team, dana, owner_client, client, stranger):
    account.account_delete(user=dana)
    handover = Handover.objects.get(supervisee__username="owner")
    url = reverse("journal:handover", args=[handover.pk])
    page = owner_client.get(url).content.decode()
    assert "Dana Price no longer supervises you" in page
    assert "Dana Price deleted their account on" in page
    assert "1 change request you had not answered is closed" in page
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_carry_history_skips_entries_since_moved_to_the_bin(team, dana, owner, nia):
    account.account_delete(user=dana)
    signed = team["signed"]
    handover = Handover.objects.get(supervisee=owner)
    link = supervision_services.handover_invite(
        handover=handover, user=owner, identifier="nia", entries=[signed]
    )
    Entry.objects.filter(pk=signed.pk).update(status=Entry.Status.DRAFT)
    supervision_services.supervision_accept(supervision=link, user=nia)
    assert departures.carry_history(link=link) == 0
    assert not policy.entries_shared_with(nia).exists()


def _waiting(supervisor, worker):
    return {
        item.entry.title: item
        for group in review_queue(supervisor=supervisor)
        for item in group.waiting
        if group.supervisee == worker
    }


def test_entries_waiting_for_the_former_supervisor_wait_for_the_new_one_since_the_same_day(
    team, dana, owner, nia
):
    """A submitted entry, and one changed since her sign-off, wait for Nia as they waited for
    Dana, and for as long; the rest are shared for reading."""
    signed = save_entry(owner, entry=team["signed"], learning="What I would do differently.")
    before = _waiting(dana, owner)
    assert set(before) == {"Quiet", "Signed"}
    assert before["Signed"].state.changed_since_sign_off
    last = Notification.objects.filter(recipient=nia).count()

    account.account_delete(user=dana)
    link = hand_over(owner, nia, entries=[team["asked"], signed, team["quiet"]])

    after = _waiting(nia, owner)
    assert set(after) == {"Quiet", "Signed"}
    for title in after:
        assert after[title].waiting_since == before[title].waiting_since
        assert after[title].state.needs_review
    [group] = review_queue(supervisor=nia)
    assert [(item.entry.title, item.state) for item in group.other] == [("Asked", "shared")]
    # The sharing service wrote each share, its audit line naming the hand-over; Nia, who
    # accepted it, is told of nothing per entry: only the invitation.
    audit = AuditEvent.objects.get(entry=team["quiet"], action="shared", detail__contains="Nia")
    assert audit.detail.startswith("With Nia Evans, handed over from Dana Price (account deleted)")
    assert "waiting for review since" in audit.detail
    told = Notification.objects.filter(recipient=nia).order_by("pk")[last:]
    assert [n.message for n in told] == ["Olu Owner invited you to be their supervisor"]
    handover = Handover.objects.get(successor=link)
    assert (handover.entries_carried, handover.entries_skipped) == (3, 0)


def test_a_handover_to_a_current_supervisor_keeps_what_they_already_did(team, dana, owner, nia):
    """Nia already supervises Olu and signed "Quiet" off: it stays signed off for her."""
    current = make_supervision(owner, nia)
    sharing_services.entry_share(entry=team["quiet"], supervision=current, user=owner, submit=True)
    sign_off_services.entry_sign_off(entry=team["quiet"], supervisor=nia)
    account.account_delete(user=dana)
    supervision_services.handover_invite(
        handover=Handover.objects.get(supervisee=owner),
        user=owner,
        identifier="nia",
        entries=[team["quiet"]],
    )
    [group] = review_queue(supervisor=nia)
    assert group.waiting == []
    assert [item.state for item in group.other] == ["signed_off"]


def test_entries_sharing_refuses_are_skipped_and_the_handover_page_says_why(
    team, dana, owner, nia, owner_client
):
    account.account_delete(user=dana)
    asked, signed, quiet = team["asked"], team["signed"], team["quiet"]
    link = supervision_services.handover_invite(
        handover=Handover.objects.get(supervisee=owner),
        user=owner,
        identifier="nia",
        entries=[asked, signed, quiet],
    )
    Entry.objects.filter(pk=asked.pk).update(deleted_at=timezone.now())
    quiet.standards.clear()  # still marked complete, but no longer complete
    supervision_services.supervision_accept(supervision=link, user=nia)

    assert list(policy.entries_shared_with(nia)) == [signed]
    handover = Handover.objects.get(successor=link)
    assert (handover.entries_carried, handover.skipped_in_bin, handover.skipped_incomplete) == (
        1,
        1,
        1,
    )
    assert departures.carry_history(link=link) == 0  # carried once
    page = owner_client.get(reverse("journal:handover", args=[handover.pk])).content.decode()
    assert "1 entry is shared with them." in page
    assert "2 entries you chose were not shared:" in page
    assert "1 is in the bin. Restore it first if you want to share it." in page
    assert "1 is no longer complete, and drafts stay private." in page


def test_the_deletion_page_names_each_supervisee_first(team, dana, client):
    client.force_login(dana)
    reauthenticate(client)
    page = client.get(reverse("journal:account_delete")).content.decode()
    first = page.index("First, the 3 people you supervise")
    assert first < page.index("Delete my account for good")
    for name in ("Olu Owner", "Worker 1", "Worker 2"):
        assert (
            f"<strong>{name}</strong>: their sign-offs and your comments stay in their records under your name."
            in page
        )
    assert "Each of them will be told that you have left" in page
    # Olu's "Quiet" waits for Dana (each of the others has one waiting too); "Asked" waits
    # for Olu's changes and "Signed" is signed off.
    assert "Entries waiting for your review go back to their owners, unreviewed." in page
    for name in ("Olu Owner", "Worker 1", "Worker 2"):
        assert (
            f"<strong>{name}</strong>: their sign-offs and your comments stay in their records "
            "under your name. 1 entry waiting for your review goes back to them, unreviewed.</li>"
            in page
        )


def test_a_worker_deleting_their_account_reads_nothing_about_supervisees(owner_client):
    reauthenticate(owner_client)
    page = owner_client.get(reverse("journal:account_delete")).content.decode()
    assert "people you supervise" not in page and "person you supervise" not in page


def test_the_new_supervisor_reads_handed_over_sessions_and_cannot_change_them(
    team, dana, owner, nia, client
):
    account.account_delete(user=dana)
    link = hand_over(owner, nia, entries=[team["signed"]])
    session = team["session"]
    client.force_login(nia)
    listing = client.get(reverse("journal:session_list", args=[link.pk])).content.decode()
    assert "Earlier sessions, handed over to you" in listing
    assert reverse("journal:session_detail", args=[session.pk]) in listing
    detail = client.get(reverse("journal:session_detail", args=[session.pk])).content.decode()
    assert "You can read it, not change it." in detail
    assert reverse("journal:session_edit", args=[session.pk]) not in detail
    assert client.get(reverse("journal:session_edit", args=[session.pk])).status_code == 403


def test_handing_over_to_a_current_supervisor_carries_the_history_at_once(team, dana, owner, nia):
    make_supervision(owner, nia)
    account.account_delete(user=dana)
    link = supervision_services.handover_invite(
        handover=Handover.objects.get(supervisee=owner),
        user=owner,
        identifier="nia",
        entries=[team["signed"]],
    )
    assert link.is_active and link.supervisor == nia
    assert list(policy.entries_shared_with(nia)) == [team["signed"]]


def test_the_states_as_she_leaves_are_read_as_the_queue_reads_them(dana, owner):
    """The fingerprint comes from SQL (current_fingerprint), so reading every share's state
    takes the same queries for one entry or four, and agrees with the queue."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(link):
        with CaptureQueriesContext(connection) as read:
            states = departures._review_states(link)
        return len(read), states

    one, _ = supervised(owner, dana, "Only")
    other = make_user("other", display_name="Other Worker")
    four, entries = supervised(other, dana, "A", "B", "C", "D")
    sign_off_services.entry_sign_off(entry=entries[0], supervisor=dana)
    save_entry(other, entry=entries[0], learning="Changed since.")
    assert queries(one)[0] == queries(four)[0]
    queue = {
        item.entry.pk: item.state
        for group in review_queue(supervisor=dana)
        for item in group.waiting
        if group.supervisee == other
    }
    assert {share.entry.pk: state for share, state in queries(four)[1]} == queue


def test_a_reply_under_a_deleted_supervisors_comment_is_the_workers_own_note(
    team, dana, owner_client
):
    account.account_delete(user=dana)
    signed = team["signed"]
    url = reverse("journal:entry_share", args=[signed.pk])
    page = owner_client.get(url).content.decode()
    assert "Good analysis." in page
    assert "Add a note for your own record" in page
    assert "Your note, for your own record (Dana Price (account deleted) will not read it)" in page
    assert "Reply to Dana Price" not in page and "Your reply to Dana Price" not in page
    thread = Comment.objects.get(entry=signed, parent=None)
    answer = owner_client.post(
        reverse("journal:comment_reply", args=[signed.pk, thread.pk]),
        {"body": "Noted for my file.", "next": url},
        follow=True,
    ).content.decode()
    assert "Note kept in your record." in answer and "Reply sent." not in answer
    assert thread.replies.get().body == "Noted for my file."
