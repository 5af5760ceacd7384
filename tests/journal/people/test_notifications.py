"""Notifications: in-app and by email, for every review event, never with the entry's text."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from journal import notifications, selectors
from journal.entries.services import EntryChange, SignedOffEntry, entry_save
from journal.models import Entry, EntryVersion, Notification
from journal.review import comments as comment_services
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review import supervision as supervision_services
from tests.factories import (
    make_complete_entry,
    make_framework,
    make_share,
    make_supervision,
    make_user,
    save_entry,
)

SECRET_TITLE = "Visit to the Okonkwo family"
SECRET_TEXT = "The child told me about the bruise on Tuesday"


@pytest.fixture
def secret_entry_and_link(owner, supervisor):
    link = make_supervision(owner, supervisor)
    entry = make_complete_entry(owner, title=SECRET_TITLE, learning=SECRET_TEXT, impact=SECRET_TEXT)
    return entry, link


def _every_event(owner, supervisor, entry, link):
    """Drive each event once; return the (recipient, message) pairs expected."""
    sharing_services.entry_share(entry=entry, supervision=link, user=owner)
    sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    comment = comment_services.comment_add(
        entry=entry, author=supervisor, body=SECRET_TEXT, field="learning"
    )
    comment_services.comment_add(entry=entry, author=owner, body=SECRET_TEXT, parent=comment)
    comment_services.entry_request_changes(entry=entry, supervisor=supervisor, body=SECRET_TEXT)
    sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor, note=SECRET_TEXT)
    return [
        ("supervisor", "Olu Owner shared an entry with you"),
        ("supervisor", "Olu Owner submitted an entry for your review"),
        ("owner", "Sue Supervisor commented on your entry"),
        ("supervisor", "Olu Owner replied to your comment"),
        ("owner", "Sue Supervisor asked for changes to your entry"),
        ("supervisor", "Olu Owner sent back an entry with the changes you asked for"),
        ("owner", "Sue Supervisor signed off your entry"),
    ]


def test_every_review_event_notifies_the_other_side_in_app_and_by_email(
    owner, supervisor, secret_entry_and_link, django_capture_on_commit_callbacks
):
    entry, link = secret_entry_and_link
    with django_capture_on_commit_callbacks(execute=True):
        expected = _every_event(owner, supervisor, entry, link)

    people = {"owner": owner, "supervisor": supervisor}
    got = [(n.recipient, n.message) for n in Notification.objects.order_by("pk")]
    assert got == [(people[who], message) for who, message in expected]
    assert len(mail.outbox) == len(expected)
    for email, (who, message) in zip(mail.outbox, expected, strict=True):
        assert email.to == [people[who].email]
        assert email.subject == f"{message} · CPD Journal"
        assert message in email.body
        html, mimetype = email.alternatives[0]
        assert mimetype == "text/html" and message in html
        assert "http://" in email.body  # an absolute link back into the app


def test_emails_and_notifications_never_contain_the_entry_or_comment_text(
    owner, supervisor, secret_entry_and_link, django_capture_on_commit_callbacks
):
    entry, link = secret_entry_and_link
    with django_capture_on_commit_callbacks(execute=True):
        _every_event(owner, supervisor, entry, link)
    assert mail.outbox
    for email in mail.outbox:
        everything = email.subject + email.body + email.alternatives[0][0]
        assert SECRET_TITLE not in everything
        assert SECRET_TEXT not in everything
    for note in Notification.objects.all():
        assert SECRET_TITLE not in note.message and SECRET_TEXT not in note.message


def test_the_list_names_the_entry_while_its_recipient_may_read_it(
    owner, supervisor, secret_entry_and_link, owner_client
):
    entry, link = secret_entry_and_link
    _every_event(owner, supervisor, entry, link)
    assert set(Notification.objects.values_list("entry", flat=True)) == {entry.pk}
    named = f"Sue Supervisor signed off your entry: “{SECRET_TITLE}”"
    assert named in owner_client.get(reverse("journal:notifications")).content.decode()

    boss = Client()
    boss.force_login(supervisor)
    named = f"Olu Owner submitted an entry for your review: “{SECRET_TITLE}”"
    assert named in boss.get(reverse("journal:notifications")).content.decode()
    # Once the entry is no longer shared with them, their list stops naming it.
    sharing_services.share_revoke(share=entry.shares.get(), user=owner)
    page = boss.get(reverse("journal:notifications")).content.decode()
    assert "Olu Owner submitted an entry for your review" in page
    assert SECRET_TITLE not in page


def test_the_list_reads_the_titles_in_one_query(
    owner, supervisor, secret_entry_and_link, django_assert_num_queries
):
    entry, link = secret_entry_and_link
    _every_event(owner, supervisor, entry, link)
    other = make_complete_entry(owner, title="Another")
    sharing_services.entry_share(entry=other, supervision=link, user=owner)
    notes = list(Notification.objects.filter(recipient=supervisor))
    with django_assert_num_queries(1):
        selectors.attach_entry_titles(supervisor, notes)
    assert {n.entry_title for n in notes} == {SECRET_TITLE, "Another"}


def test_names_in_emails_are_escaped_in_html(owner, django_capture_on_commit_callbacks):
    villain = make_user("villain", display_name='<b onmouseover="x">Vic</b>')
    with django_capture_on_commit_callbacks(execute=True):
        supervision_services.supervision_invite(supervisee=villain, identifier="owner")
    (email,) = mail.outbox
    assert '<b onmouseover="x">' not in email.alternatives[0][0]
    assert "&lt;b onmouseover" in email.alternatives[0][0]
    assert "\n" not in email.subject


def test_no_email_is_sent_when_the_action_is_rolled_back(
    owner, supervisor, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        supervision_services.supervision_invite(supervisee=owner, identifier="supervisor")
        transaction.set_rollback(True)
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_broken_mail_server_does_not_break_the_action(
    owner, supervisor, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens on the discard port
    with django_capture_on_commit_callbacks(execute=True):
        link = supervision_services.supervision_invite(supervisee=owner, identifier="supervisor")
    assert link.pk and Notification.objects.filter(recipient=supervisor).exists()
    assert "Could not send the notification email" in caplog.text


def test_people_without_an_email_address_still_get_in_app_notifications(
    owner, django_capture_on_commit_callbacks
):
    no_email = make_user("noemail", email="")
    with django_capture_on_commit_callbacks(execute=True):
        supervision_services.supervision_invite(supervisee=owner, identifier="noemail")
    assert Notification.objects.filter(recipient=no_email).exists()
    assert mail.outbox == []


def test_the_list_shows_unread_first_and_marks_read(owner, owner_client):
    old = notifications.notify(
        recipient=owner, event="signed_off", actor=owner, url="/supervision/"
    )
    notifications.notification_mark_read(notification=old)
    new = notifications.notify(recipient=owner, event="commented", actor=owner, url="/review/")

    page = owner_client.get(reverse("journal:notifications"))
    assert list(page.context["page"]) == [new, old]
    assert page.context["unread"] == 1

    response = owner_client.post(reverse("journal:notification_read", args=[new.pk]))
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.read_at is not None


def test_open_marks_read_and_follows_only_local_links(owner, owner_client):
    local = notifications.notify(recipient=owner, event="commented", actor=owner, url="/review/")
    response = owner_client.post(
        reverse("journal:notification_read", args=[local.pk]), {"open": "1"}
    )
    assert response["Location"] == "/review/"
    evil = Notification.objects.create(recipient=owner, message="x", url="https://evil.example/")
    response = owner_client.post(
        reverse("journal:notification_read", args=[evil.pk]), {"open": "1"}
    )
    assert response["Location"] == reverse("journal:notifications")


def test_mark_all_read_touches_only_my_notifications(owner, stranger, owner_client):
    for user in (owner, owner, stranger):
        notifications.notify(recipient=user, event="shared", actor=user, url="/review/")
    owner_client.post(reverse("journal:notifications_read_all"))
    assert not Notification.objects.filter(recipient=owner, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=stranger, read_at__isnull=True).count() == 1


def test_another_persons_notification_is_not_found(owner, stranger, owner_client):
    theirs = notifications.notify(recipient=stranger, event="shared", actor=owner, url="/")
    response = owner_client.post(reverse("journal:notification_read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert b"shared an entry" not in owner_client.get(reverse("journal:notifications")).content


def test_stopping_a_share_is_silent(owner, supervisor):
    link = make_supervision(owner, supervisor)
    entry = make_complete_entry(owner)
    share = make_share(entry, link)
    sharing_services.share_revoke(share=share, user=owner)
    # Revoking is silent: the supervisor simply no longer sees the entry.
    assert not Notification.objects.exists()


def test_unread_count(owner, supervisor):
    assert notifications.unread_count(owner) == 0
    notifications.notify(recipient=owner, event="signed_off", actor=supervisor, url="/")
    assert notifications.unread_count(owner) == 1


def test_opening_the_page_a_notification_points_to_reads_it(
    owner, supervisor, secret_entry_and_link
):
    entry, link = secret_entry_and_link
    sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    other = make_complete_entry(owner, title="Another")
    sharing_services.entry_share(entry=other, supervision=link, user=owner, submit=True)
    boss = Client()
    boss.force_login(supervisor)
    assert Notification.objects.filter(recipient=supervisor, read_at__isnull=True).count() == 2

    page = boss.get(reverse("journal:review_entry", args=[entry.pk]))
    unread = Notification.objects.filter(recipient=supervisor, read_at__isnull=True)
    assert [n.entry for n in unread] == [other]  # only the one about this page
    assert page.context["user"].nav_unread == 1  # and the menu on this very page says so
    boss.post(reverse("journal:review_comment", args=[entry.pk]), {"field": "", "body": "Hi"})
    assert unread.count() == 1  # only a page being read counts, not a form sent to it


def _signed_off_by_two(owner, supervisor):
    """A complete entry signed off by its supervisor and by a second one; returns both links."""
    second = make_user("second", display_name="Sam Second")
    links = [make_supervision(owner, supervisor), make_supervision(owner, second)]
    entry = save_entry(
        owner,
        title=SECRET_TITLE,
        status=Entry.Status.MARKED_COMPLETE,
        standards=[make_framework().standards.first()],
        activity_type="reading",
        activity_date=datetime.date(2027, 1, 5),
        description="A visit.",
        learning="Listen first.",
        impact="I ask before I advise.",
    )
    for link in links:
        sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
        sign_off_services.entry_sign_off(entry=entry, supervisor=link.supervisor)
    return entry, links


def _changed(owner, entry, **fields):
    return entry_save(
        user=owner,
        entry=entry,
        change=EntryChange(fields=fields, reopen_signed_off=True),
        expected_revision=entry.revision,
    )


def test_a_change_after_sign_off_tells_each_supervisor_who_signed_it_once(
    owner, supervisor, django_capture_on_commit_callbacks
):
    entry, (_, second_link) = _signed_off_by_two(owner, supervisor)
    Notification.objects.all().delete()
    # The second supervisor no longer reads the entry: the news is not for them.
    sharing_services.share_revoke(share=entry.shares.get(supervision=second_link), user=owner)
    with django_capture_on_commit_callbacks(execute=True):
        _changed(owner, entry, learning="Listen first, then agree a next step.")
        _changed(owner, entry, learning="Listen first, then agree the next step.")  # same episode
    told = [(n.recipient, n.message, n.entry) for n in Notification.objects.all()]
    assert told == [(supervisor, "Olu Owner changed an entry you signed off", entry)]
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    assert SECRET_TITLE not in mail.outbox[0].body
    assert Notification.objects.get().url == reverse("journal:review_entry", args=[entry.pk])

    # Signed off again, then changed again: a new episode, told once more.
    sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    Notification.objects.all().delete()
    _changed(owner, entry, learning="Listen first.")
    assert Notification.objects.get().recipient == supervisor


def test_an_autosave_or_a_refused_change_after_sign_off_tells_no_one_twice(owner, supervisor):
    entry, _ = _signed_off_by_two(owner, supervisor)
    Notification.objects.all().delete()
    with pytest.raises(SignedOffEntry):  # not chosen to reopen: refused, nobody told
        entry_save(
            user=owner,
            entry=entry,
            change=EntryChange(fields={"learning": "Changed."}),
            expected_revision=entry.revision,
        )
    assert not Notification.objects.exists()
    for text in ("Listen first, a", "Listen first, and", "Listen first, and then"):
        entry_save(
            user=owner,
            entry=entry,
            change=EntryChange(fields={"learning": text}, reopen_signed_off=True),
            kind=EntryVersion.Kind.AUTOSAVE,
        )
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "second",
        supervisor.username,
    ]
