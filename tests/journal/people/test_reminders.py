"""Reminder emails: opt-in, what is due on which day, never twice, one-click unsubscribe."""

import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from journal.models import ReminderPreference, ReminderSent
from journal.people import reminders
from tests.factories import make_entry, make_framework, make_user


def run_on(day):
    with mock.patch("journal.year.clock.today", return_value=day):
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
