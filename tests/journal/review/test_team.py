"""The team view runs a team: sessions, waiting and for how long, sign-offs this year, last
activity, a link from every count, "changed since sign-off" flagged, a CSV of counts only."""

import csv
import datetime
import io

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpus.models import Standard
from journal.models import Entry, SupervisionSession
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review import team as team_selectors
from journal.year.registration import RegistrationYear
from tests.factories import make_supervision, make_user, save_entry


def _entry(owner, title):
    return save_entry(
        owner,
        title=title,
        description="A visit.",
        learning="Something learnt.",
        impact="Something changed.",
        activity_date=datetime.date(2027, 1, 5),
        status=Entry.Status.COMPLETE,
        standards=list(Standard.objects.filter(number="3")),
    )


def _supervisee(supervisor, n, *, session_on=None):
    """A person with one entry waiting, one signed off then changed, one signed off."""
    person = make_user(f"member{supervisor.pk}-{n}", display_name=f"Member {n}")
    link = make_supervision(person, supervisor)
    with time_machine.travel(datetime.datetime(2027, 2, 6, 11, 0), tick=False):
        waiting, changed, signed = (
            _entry(person, f"Secret title {n}-{k}") for k in ("waiting", "changed", "signed")
        )
        for entry in (waiting, changed, signed):
            sharing_services.entry_share(entry=entry, supervision=link, user=person, submit=True)
    with time_machine.travel(datetime.datetime(2027, 2, 7, 11, 0), tick=False):
        for entry in (changed, signed):
            sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    with time_machine.travel(datetime.datetime(2027, 2, 9, 11, 0), tick=False):
        save_entry(person, entry=changed, learning="Something learnt, and more.")
    if session_on:
        SupervisionSession.objects.create(
            supervisee=person,
            supervision=link,
            supervisor=supervisor,
            held_on=session_on,
            attended="Both",
            status=SupervisionSession.Status.CONFIRMED,
        )
    return person, link


def _queries(supervisor, name):
    client = Client()
    client.force_login(supervisor)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    return len(queries)


def test_the_team_costs_the_same_queries_for_1_or_15_supervisees(standards):
    one, fifteen = (make_user(f"sup-{n}", role="supervisor") for n in (1, 15))
    _supervisee(one, 0, session_on=datetime.date(2027, 1, 20))
    for n in range(15):
        _supervisee(fifteen, n, session_on=datetime.date(2027, 1, 20) if n % 2 else None)
    for name in ("journal:team", "journal:team_csv"):
        assert _queries(one, name) == _queries(fifteen, name)


def test_each_row_says_sessions_waits_sign_offs_and_activity(standards, supervisor):
    person, link = _supervisee(supervisor, 1, session_on=datetime.date(2027, 1, 10))
    (member,) = team_selectors.team(supervisor=supervisor, year=RegistrationYear.current())
    assert member.last_session_on == datetime.date(2027, 1, 10)
    assert member.next_due == datetime.date(2027, 2, 10)
    assert (len(member.waiting), member.changed_since_sign_off, member.signed_off) == (2, 1, 2)
    assert member.shared_count == 3

    client = Client()
    client.force_login(supervisor)
    page = client.get(reverse("journal:team")).content.decode()
    row = page[page.index('<th scope="row">Member 1') :]
    assert "Overdue since 10 Feb 2027" in row
    assert "2 waiting<span" in row and "the oldest for 1\xa0week" in row  # timesince spaces
    assert "1 changed since sign-off" in row
    queue = f'href="{reverse("journal:review_queue")}#supervisee-{person.pk}"'
    assert row.count(queue) == 3  # waiting, shared, signed off: each count a link
    assert f'href="{reverse("journal:session_list", args=[link.pk])}"' in row
    assert ">6\xa0days ago</time>" in row  # the last change, on 9 February


def test_the_csv_for_appraisal_holds_counts_never_entry_text(standards, supervisor):
    _supervisee(supervisor, 1, session_on=datetime.date(2027, 1, 10))
    evil = make_user("evil", display_name="=HYPERLINK(1)")
    make_supervision(evil, supervisor)
    client = Client()
    client.force_login(supervisor)

    response = client.get(reverse("journal:team_csv"))

    assert response["Content-Disposition"] == 'attachment; filename="team-2027-02-16.csv"'
    text = response.content.decode()
    assert "Secret title" not in text and "Something learnt" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Registration year 2026–27"]
    header, by_name = rows[1], {row[0]: dict(zip(rows[1], row, strict=True)) for row in rows[2:]}
    assert header == team_selectors.CSV_COLUMNS
    assert by_name["Member 1"] | {} == {
        "Person": "Member 1",
        "Registration number": "",
        "Last session": "2027-01-10",
        "Next session due": "2027-02-10",
        "Waiting for review": "2",
        "Oldest waiting (days)": "10",  # since 6 February
        "Changed since sign-off": "1",
        "Shared with you": "3",
        "Signed off by you this year": "2",
        "Complete pieces": "3",
        "Peer reflection": "not yet",
        "Copied to Social Work England": "0",
        "Drafts": "0",
        "Last activity": "2027-02-09",
    }
    assert "'=HYPERLINK(1)" in by_name  # never run as a formula
