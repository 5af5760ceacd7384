"""Supervision links: invite by email address, accept, decline, revoke from either side."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from journal import policy
from journal.errors import ReviewError
from journal.models import AuditEvent, Entry, Notification, Share, Supervision
from journal.review import selectors as review_selectors
from journal.review import supervision
from journal.review import supervision as supervision_services
from journal.review.flags import review_flags_named
from tests.factories import (
    PASSWORD,
    make_entry,
    make_share,
    make_supervision,
    make_user,
    request_changes,
)

SUPERVISION_URL = "/supervision/"


def invite(client, identifier):
    return client.post(reverse("journal:supervision"), {"identifier": identifier})


def test_inviting_a_confirmed_address_creates_a_pending_link_and_tells_the_invitee(
    owner_client, owner, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(owner_client, "SUPERVISOR@example.org")  # addresses match in any case

    assert response.status_code == 302
    link = Supervision.objects.get()
    assert (link.supervisee, link.supervisor, link.status) == (owner, supervisor, "invited")
    note = Notification.objects.get(recipient=supervisor)
    assert note.message == "Olu Owner invited you to be their supervisor"
    assert note.url == SUPERVISION_URL
    assert [m.to for m in mail.outbox] == [["supervisor@example.org"]]


def test_a_pending_invitation_is_said_where_the_supervisors_are_listed(owner_client, supervisor):
    page = owner_client.get(SUPERVISION_URL).content.decode()
    assert "You have no supervisor on CPD Journal yet. Invite one below." in page
    invite(owner_client, "supervisor@example.org")
    page = owner_client.get(SUPERVISION_URL).content.decode()
    assert "You have no supervisor" not in page
    supervisors = page.index('id="supervisors-heading"')
    assert page.index("None yet: they become your supervisor when they accept", supervisors)
    assert supervisors < page.index('id="sent-heading"') < page.index('id="invite-heading"')


def test_inviting_by_email_finds_the_account(owner_client, owner, supervisor):
    invite(owner_client, "Supervisor@Example.org")
    link = Supervision.objects.get()
    assert link.supervisor == supervisor
    # The pending list shows what was typed, not the name behind the address.
    page = owner_client.get(reverse("journal:supervision"))
    assert b"Supervisor@Example.org" in page.content
    assert b"Sue Supervisor" not in page.content


def test_an_address_without_an_account_gets_an_email_and_is_claimed_on_sign_in(
    owner_client, owner, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner_client, "new.manager@example.org")
    link = Supervision.objects.get()
    assert link.supervisor is None and link.invited_email == "new.manager@example.org"
    (email,) = mail.outbox
    assert email.to == ["new.manager@example.org"]
    assert "Olu Owner invited you to be their supervisor" in email.subject
    assert "/accounts/signup/" in email.body
    assert email.alternatives[0][1] == "text/html"

    # The inviter sees the address waiting (this page used to fail with one waiting).
    waiting = owner_client.get(reverse("journal:supervision")).content.decode()
    assert "new.manager@example.org" in waiting

    newcomer = make_user("newcomer", email="New.Manager@example.org")  # confirmed address
    client = Client()
    client.post(reverse("account_login"), {"login": "newcomer", "password": PASSWORD})
    page = client.get(reverse("journal:supervision"))
    assert b"Olu Owner" in page.content
    link.refresh_from_db()
    assert link.supervisor == newcomer
    client.post(reverse("journal:supervision_accept", args=[link.pk]))
    link.refresh_from_db()
    assert link.status == Supervision.Status.ACTIVE


@pytest.mark.parametrize(
    ("identifier", "code_text"),
    [
        ("not@an@address", b"or an email address like name@example.org"),
        ("two words", b"Enter a username (letters, numbers and . + - _)"),
        ("owner@example.org", b"You cannot invite yourself"),
        ("Owner", b"You cannot invite yourself"),
        ("", b"Enter your supervisor"),
    ],
)
def test_bad_invitations_are_refused_clearly_and_change_nothing(
    owner_client, identifier, code_text
):
    response = invite(owner_client, identifier)
    assert response.status_code == 200
    assert code_text in response.content
    assert b"There is a problem" in response.content
    assert b'href="#id_identifier"' in response.content  # the summary links to the field
    assert not Supervision.objects.exists()
    assert not Notification.objects.exists()


def test_a_username_is_invited_in_the_same_field_and_says_nothing_about_accounts(
    owner_client, owner, supervisor, django_capture_on_commit_callbacks
):
    page = owner_client.get(SUPERVISION_URL).content.decode()
    assert 'type="text"' in page and 'inputmode="email"' in page  # the browser lets it through
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for identifier in ("Supervisor", "nobody-here"):
            response = invite(owner_client, identifier)
            answers.append(owner_client.get(response["Location"]).content.decode())
    assert "Invitation sent to Supervisor." in answers[0]
    assert "Invitation sent to nobody-here." in answers[1]
    pending = answers[1][answers[1].index('id="sent-heading"') :]
    assert "Supervisor" in pending and "nobody-here" in pending
    assert "Sue Supervisor" not in pending  # what was typed, never the account's name
    assert Notification.objects.get().recipient == supervisor  # the account is told
    assert not mail.outbox or [m.to for m in mail.outbox] == [["supervisor@example.org"]]
    # Nobody claims an invitation by taking the username later.
    make_user("nobody-here")
    unclaimed = Supervision.objects.get(invited_username="nobody-here")
    assert unclaimed.supervisor is None
    invite(owner_client, "ghost")
    assert b"You have already invited this person." in invite(owner_client, "GHOST").content


def test_inviting_the_same_person_twice_is_refused(owner_client, owner, supervisor):
    invite(owner_client, "supervisor@example.org")
    response = invite(owner_client, "Supervisor@example.org")
    assert b"You have already invited this person." in response.content
    Supervision.objects.update(status=Supervision.Status.ACTIVE)
    response = invite(owner_client, "supervisor@example.org")
    assert b"This person already supervises you." in response.content
    assert Supervision.objects.count() == 1


@pytest.mark.parametrize(
    ("status", "first", "second"),
    [
        ("invited", "Supervisor", "supervisor@example.org"),
        ("invited", "supervisor@example.org", "supervisor"),
        # An accepted supervisor is listed by username, so only the address is new to them.
        ("active", "Supervisor", "supervisor@example.org"),
    ],
)
def test_another_name_for_someone_already_asked_is_answered_like_a_fresh_invitation(
    owner_client, owner, supervisor, status, first, second, django_capture_on_commit_callbacks
):
    """Answering "already" would tie a username to an address the inviter could not link."""
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner_client, first)
    Supervision.objects.update(status=status)
    told = (Notification.objects.count(), len(mail.outbox))

    for identifier in (second, "nobody@example.org"):  # known and unknown answer alike
        with django_capture_on_commit_callbacks(execute=True):
            response = invite(owner_client, identifier)
        assert response.status_code == 302
        page = owner_client.get(response["Location"]).content.decode()
        assert f"Invitation sent to {identifier}." in page
        pending = page[page.index('id="sent-heading"') :]
        assert f"{identifier} <span" in pending  # listed as typed, like any address

    # Nobody is asked twice: no second notice or email, and no second invitation to answer.
    assert (Notification.objects.count(), len(mail.outbox) - 1) == told
    assert Supervision.objects.filter(supervisor=supervisor).count() == 1
    # The same address again is what the page already shows: saying so reveals nothing.
    assert b"You have already invited this person." in invite(owner_client, second).content


def test_an_address_invited_beside_an_open_link_is_never_sent_again(owner, supervisor):
    """Declining (or ending) the first invitation answers the one made under another name."""
    link = supervision_services.supervision_invite(supervisee=owner, identifier="supervisor")
    waiting = supervision_services.supervision_invite(
        supervisee=owner, identifier="supervisor@example.org"
    )
    assert waiting.supervisor is None

    def claimed():
        return supervision_services.supervision_claim_invitations(
            user=supervisor, email="supervisor@example.org"
        )

    assert claimed() == 0
    supervision_services.supervision_decline(supervision=link, user=supervisor)
    assert claimed() == 0
    assert not Notification.objects.filter(recipient=supervisor, message__contains="invited")[1:]
    # An address invited later is a new invitation, claimed as any other.
    Supervision.objects.filter(pk=waiting.pk).update(status=Supervision.Status.REVOKED)
    supervision_services.supervision_invite(supervisee=owner, identifier="Supervisor@example.org")
    assert Supervision.objects.get(status="invited").supervisor == supervisor


def test_the_invitee_accepts_and_the_inviter_is_told(client, owner, supervisor):
    link = supervision_services.supervision_invite(supervisee=owner, identifier="supervisor")
    client.force_login(supervisor)

    response = client.post(reverse("journal:supervision_accept", args=[link.pk]))

    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == Supervision.Status.ACTIVE and link.responded_at
    assert Notification.objects.get(recipient=owner).message == (
        "Sue Supervisor accepted your invitation to supervise you"
    )
    page = client.get(reverse("journal:supervision"))
    assert b"People you supervise" in page.content and b"Olu Owner" in page.content


def test_the_invitee_declines(client, owner, supervisor):
    link = supervision_services.supervision_invite(supervisee=owner, identifier="supervisor")
    client.force_login(supervisor)
    client.post(reverse("journal:supervision_decline", args=[link.pk]))
    link.refresh_from_db()
    assert link.status == Supervision.Status.DECLINED
    assert Notification.objects.filter(recipient=owner, message__contains="declined").exists()
    # Answering twice is refused without changing anything.
    with pytest.raises(ReviewError) as error:
        supervision_services.supervision_accept(supervision=link, user=supervisor)
    assert error.value.code == "not_pending"


def test_only_the_invitee_can_answer(client, owner, supervisor, stranger):
    link = supervision_services.supervision_invite(supervisee=owner, identifier="supervisor")
    for user in (owner, stranger):
        client.force_login(user)
        response = client.post(reverse("journal:supervision_accept", args=[link.pk]))
        assert response.status_code == 404
    link.refresh_from_db()
    assert link.status == Supervision.Status.INVITED


@pytest.mark.parametrize("side", ["supervisee", "supervisor"])
def test_either_side_can_end_a_link_and_shared_entries_disappear_at_once(
    client, owner, supervisor, side
):
    link = make_supervision(owner, supervisor)
    entry = make_entry(owner, status="complete")
    make_share(entry, link, submitted=True)
    assert list(policy.entries_shared_with(supervisor)) == [entry]

    client.force_login(owner if side == "supervisee" else supervisor)
    response = client.post(reverse("journal:supervision_revoke", args=[link.pk]))

    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == Supervision.Status.REVOKED
    assert not policy.entries_shared_with(supervisor).exists()
    assert Share.objects.get().revoked_at is not None
    assert AuditEvent.objects.filter(entry=entry, action="unshared").exists()
    other = supervisor if side == "supervisee" else owner
    assert Notification.objects.filter(recipient=other, message__contains="ended").exists()
    client.force_login(supervisor)
    gone = client.get(reverse("journal:review_entry", args=[entry.pk]))
    assert gone.status_code == 410 and b"has ended" in gone.content


def test_the_inviter_can_cancel_an_invitation(owner_client, owner, supervisor):
    link = supervision_services.supervision_invite(supervisee=owner, identifier="supervisor")
    owner_client.post(reverse("journal:supervision_revoke", args=[link.pk]))
    link.refresh_from_db()
    assert link.status == Supervision.Status.REVOKED
    with pytest.raises(ReviewError):
        supervision_services.supervision_accept(supervision=link, user=supervisor)
    # Told as a cancelled invitation: they never supervised, so nothing "ended".
    assert Notification.objects.filter(recipient=supervisor).latest("pk").message == (
        "Olu Owner cancelled the invitation to be their supervisor"
    )


def test_a_stranger_cannot_end_someone_elses_link(client, owner, supervisor, stranger):
    link = make_supervision(owner, supervisor)
    client.force_login(stranger)
    assert client.post(reverse("journal:supervision_revoke", args=[link.pk])).status_code == 404
    link.refresh_from_db()
    assert link.is_active


def test_many_supervisors_and_many_supervisees(client, owner, supervisor):
    second_supervisor = make_user("manager", display_name="Mo Manager")
    other_worker = make_user("worker2", display_name="Wren Worker")
    make_supervision(owner, supervisor)
    make_supervision(owner, second_supervisor)
    make_supervision(other_worker, supervisor)

    client.force_login(owner)
    page = client.get(reverse("journal:supervision")).content.decode()
    assert "Sue Supervisor" in page and "Mo Manager" in page
    assert "Invite a supervisor to read the entries you choose to share" in page

    client.force_login(supervisor)
    page = client.get(reverse("journal:supervision")).content.decode()
    assert "Olu Owner" in page and "Wren Worker" in page
    # Spoken to as the supervisor she is here, and told what ending a link does to the worker.
    assert "Accept the invitations of the people you supervise" in page
    assert "Invite a supervisor to read the entries you choose to share" not in page
    assert "They are told, and your sign-offs and comments stay in their record." in page
    links = review_selectors.supervision_links(supervisor)
    assert {link.supervisee for link in links.supervisees} == {owner, other_worker}


def test_the_supervision_page_needs_a_login(client, db):
    response = client.get(reverse("journal:supervision"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_new_supervisor_is_told_how_supervising_starts(client, owner, supervisor):
    client.force_login(supervisor)
    dashboard = client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="supervising-starts"' in dashboard and supervisor.email in dashboard
    page = client.get(SUPERVISION_URL).content.decode()
    assert "The people you supervise invite you from their own Supervision page" in page
    # Once invited, the invitation itself says what to do.
    supervision_services.supervision_invite(supervisee=owner, identifier=supervisor.email)
    dashboard = client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="supervising-starts"' not in dashboard and 'id="invitations-waiting"' in dashboard
    assert "Answer the invitation above" in client.get(SUPERVISION_URL).content.decode()
    # A social worker is not told any of it.
    worker = Client()
    worker.force_login(owner)
    assert (
        'id="supervising-starts"' not in worker.get(reverse("journal:dashboard")).content.decode()
    )


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


def test_invitations_claimed_by_email_still_work(owner, db):
    supervision.supervision_invite(supervisee=owner, identifier="later@example.org")
    newcomer = make_user("later", email="later@example.org")
    assert supervision.supervision_claim_invitations(user=newcomer, email=newcomer.email) == 1


def test_an_email_invitation_notifies_the_new_account_at_once(owner, client):
    supervision_services.supervision_invite(supervisee=owner, identifier="new.sup@example.org")
    newcomer = make_user("newsup", email="new.sup@example.org", display_name="New Sup")
    assert (
        supervision_services.supervision_claim_invitations(user=newcomer, email=newcomer.email) == 1
    )
    note = Notification.objects.get(recipient=newcomer)
    assert "invited you to be their supervisor" in note.message
    assert (
        supervision_services.supervision_claim_invitations(user=newcomer, email=newcomer.email) == 0
    )
    assert Notification.objects.filter(recipient=newcomer).count() == 1
    client.force_login(newcomer)
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="invitations-waiting"' in page and 'data-unread="1"' in page


def test_a_change_request_ends_with_the_supervision(owner, submitted, supervisor, link):
    request_changes(submitted, supervisor)
    flagged = Entry.objects.annotate(**review_flags_named("changes_requested"))
    assert flagged.get(pk=submitted.pk).changes_requested
    supervision_services.supervision_revoke(supervision=link, user=owner)
    assert not flagged.get(pk=submitted.pk).changes_requested
