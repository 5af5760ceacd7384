"""Reminder emails: opt-in, what is due on which day, never twice, one-click unsubscribe."""

import datetime
import io
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from journal.account import reminders
from journal.models import ReminderPreference, ReminderSent, SupervisionSession
from tests.factories import make_entry, make_framework, make_session, make_supervision, make_user


def run_on(day):
    with mock.patch("journal.clock.today", return_value=day):
        call_command("send_reminders", stdout=io.StringIO())


@pytest.fixture
def opted_in(db):
    user = make_user("rem", email="rem@example.org")
    ReminderPreference.objects.create(user=user, renewal=True)
    return user


def test_nothing_is_sent_without_opting_in(db):
    make_user("quiet", email="quiet@example.org")
    run_on(datetime.date(2026, 9, 1))
    assert mail.outbox == []


def test_renewal_opening_and_the_deadline_countdown(opted_in):
    make_entry(opted_in, title="Visit to a family", activity_date=datetime.date(2026, 3, 1))
    for day in (
        datetime.date(2026, 9, 1),
        datetime.date(2026, 10, 31),
        datetime.date(2026, 11, 23),
        datetime.date(2026, 11, 29),
        datetime.date(2026, 11, 15),
    ):
        run_on(day)
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "Renewal is open: 90 days left",
        "30 days left to finish your CPD for 2025–26",
        "7 days left to finish your CPD for 2025–26",
        "1 day left to finish your CPD for 2025–26",
    ]
    message = mail.outbox[1]
    assert message.to == ["rem@example.org"]
    assert "Still missing:" in message.body and "2 more ready pieces of CPD" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "2 more ready pieces of CPD" in html
    assert "Visit to a family" not in message.body + html  # never the text of an entry
    assert "/reminders/unsubscribe/" in message.body and "List-Unsubscribe" in message.extra_headers


def test_running_twice_a_day_sends_once_and_records_it(opted_in):
    run_on(datetime.date(2026, 11, 23))
    run_on(datetime.date(2026, 11, 23))
    assert len(mail.outbox) == 1
    assert list(ReminderSent.objects.values_list("key", flat=True)) == ["2025–26:deadline-7"]


def test_no_deadline_reminder_once_the_year_is_met(opted_in):
    standard = make_framework().standards.first()
    for n in range(2):
        make_entry(
            opted_in,
            title=f"Piece {n}",
            status="complete",
            standards=[standard],
            activity_date=datetime.date(2026, 3, 1 + n),
            copied_on=datetime.date(2026, 9, 1),
            description=["A course on capacity.", "Shadowing the hospital team."][n],
            learning=["Decisions are specific.", "Discharge is rushed."][n],
            impact=["I record each decision for people.", "I plan earlier with carers."][n],
            peer_name="A colleague" if n == 0 else "",
            peer_learning="Talked." if n == 0 else "",
        )
    run_on(datetime.date(2026, 11, 23))
    assert mail.outbox == []


def test_quarterly_summary(db):
    user = make_user("q", email="q@example.org")
    ReminderPreference.objects.create(user=user, quarterly=True)
    run_on(datetime.date(2027, 3, 1))
    run_on(datetime.date(2027, 3, 2))
    assert [m.subject for m in mail.outbox] == ["Your CPD so far in 2026–27"]


def test_no_address_no_email(db):
    user = make_user("noaddress", email="")
    ReminderPreference.objects.create(user=user, renewal=True)
    run_on(datetime.date(2026, 9, 1))
    assert mail.outbox == []


def test_one_click_unsubscribe_needs_no_login_and_a_valid_token(client, opted_in):
    url = reverse("journal:reminders_unsubscribe", args=[reminders.unsubscribe_token(opted_in)])
    assert "Stop all reminder emails" in client.get(url).content.decode()
    opted_in.reminder_preference.refresh_from_db()
    assert opted_in.reminder_preference.renewal  # a GET (a link scanner) changes nothing
    response = client.post(url)
    assert response.status_code == 200 and 'id="unsubscribed"' in response.content.decode()
    opted_in.reminder_preference.refresh_from_db()
    assert not opted_in.reminder_preference.renewal
    bad = reverse("journal:reminders_unsubscribe", args=["forged:token"])
    assert client.post(bad).status_code == 400


def test_the_preferences_page(client, opted_in):
    client.force_login(opted_in)
    page = client.get(reverse("journal:reminder_preferences")).content.decode()
    assert "rem@example.org" in page
    client.post(reverse("journal:reminder_preferences"), {"quarterly": "on"})
    opted_in.reminder_preference.refresh_from_db()
    assert opted_in.reminder_preference.quarterly and not opted_in.reminder_preference.renewal


# Supervision sessions ------------------------------------------------------------------------


def _on(day: datetime.date):
    """Frozen at seven in the morning, when cron runs the command."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(7)), tick=False)


def _send_on(day):
    with _on(day):
        call_command("send_reminders", stdout=io.StringIO())


@pytest.fixture
def pair(db):
    """Wren supervises Kit monthly; their last session was on 10 January 2027, so the next is
    due on 10 February."""
    kit = make_user("kit", email="kit@example.org", display_name="Kit Worker")
    wren = make_user("wren", email="wren@example.org", display_name="Wren Supervisor")
    link = make_supervision(kit, wren)
    make_session(link, datetime.date(2027, 1, 10))
    return kit, wren, link


def test_session_reminders_are_opt_in_for_each_person(pair):
    kit, _wren, _ = pair
    ReminderPreference.objects.create(user=kit, renewal=True)  # other reminders only
    _send_on(datetime.date(2027, 2, 8))
    assert mail.outbox == []


def test_both_people_are_reminded_once_when_a_session_falls_due(pair):
    kit, wren, link = pair
    for person in (kit, wren):
        ReminderPreference.objects.create(user=person, sessions=True)

    _send_on(datetime.date(2027, 2, 6))  # four days before: not yet
    assert mail.outbox == []
    _send_on(datetime.date(2027, 2, 7))  # three days before
    _send_on(datetime.date(2027, 2, 7))  # cron twice the same day
    _send_on(datetime.date(2027, 2, 12))  # overdue now, but already told for this date
    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 2 and set(by_address) == {"kit@example.org", "wren@example.org"}
    assert by_address["kit@example.org"].subject == (
        "Supervision with Wren Supervisor is due on 10 February 2027"
    )
    to_wren = by_address["wren@example.org"]
    assert to_wren.subject == "Supervision with Kit Worker is due on 10 February 2027"
    assert "The last one was on 10 January 2027; you agreed to meet every month." in to_wren.body
    assert f"/supervision/{link.pk}/sessions/" in to_wren.body
    assert "/reminders/unsubscribe/" in to_wren.body

    # A session held moves the due date, and with it the next reminder.
    make_session(link, datetime.date(2027, 2, 14), status=SupervisionSession.Status.RECORDED)
    _send_on(datetime.date(2027, 3, 10))
    assert len(mail.outbox) == 2
    _send_on(datetime.date(2027, 3, 11))
    assert {m.subject for m in mail.outbox[2:]} == {
        "Supervision with Wren Supervisor is due on 14 March 2027",
        "Supervision with Kit Worker is due on 14 March 2027",
    }


def test_an_overdue_session_says_so_and_an_ended_supervision_reminds_no_one(pair):
    kit, _wren, link = pair
    ReminderPreference.objects.create(user=kit, sessions=True)
    _send_on(datetime.date(2027, 3, 1))
    (message,) = mail.outbox
    assert message.subject == "Supervision with Wren Supervisor was due on 10 February 2027"
    assert "no session has been recorded since" in message.body

    link.status = link.Status.REVOKED
    link.save()
    SupervisionSession.objects.filter(supervision=link).update(held_on=datetime.date(2027, 2, 1))
    _send_on(datetime.date(2027, 3, 1))
    assert len(mail.outbox) == 1


def test_no_session_yet_means_nothing_is_due(db):
    kit = make_user("kit", email="kit@example.org")
    make_supervision(kit, make_user("wren", email="wren@example.org"))
    ReminderPreference.objects.create(user=kit, sessions=True)
    _send_on(datetime.date(2027, 3, 1))
    assert mail.outbox == []


def test_one_click_unsubscribe_stops_session_reminders_too(client, pair):
    kit, _, _ = pair
    ReminderPreference.objects.create(user=kit, sessions=True)
    reminders.unsubscribe(kit)
    assert not ReminderPreference.objects.get(user=kit).sessions
