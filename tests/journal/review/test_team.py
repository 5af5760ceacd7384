"""The team view runs a team: sessions, waiting and for how long, sign-offs this year, last
activity, a link from every count, "changed since sign-off" flagged, a CSV of counts only."""

import csv
import datetime
import io
import re

import pytest
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
from tests.factories import make_entry, make_framework, make_supervision, make_user, save_entry


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


@pytest.fixture
def link(owner, supervisor):
    return make_supervision(owner, supervisor)


@pytest.fixture
def supervisor_client(supervisor):
    other = Client()
    other.force_login(supervisor)
    return other


@pytest.fixture
def submitted(owner, link, standards):
    entry = save_entry(
        owner,
        title="Home visit reflection",
        status=Entry.Status.COMPLETE,
        activity_type="reading",
        activity_date=datetime.date.today(),
        description="A visit.",
        learning="Listen first.",
        impact="I ask before I advise.",
        standards=[standards.standards.get(number="1").pk],
    )
    sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    return entry


def _team_for(supervisor, count):
    year = RegistrationYear.current()
    for n in range(count):
        person = make_user(f"team{count}-{n}", display_name=f"Person {n}")
        make_supervision(person, supervisor)
        entry = make_entry(
            person,
            title=f"Secret title {n}",
            status=Entry.Status.COMPLETE,
            activity_date=year.start,
            peer_name="Pat",
            peer_learning="Secret peer",
        )
        entry.standards.set([])
    return year


def test_the_team_shows_accepted_supervisees_only_and_no_unshared_content(
    owner, supervisor, supervisor_client, submitted, standards
):
    invited = make_user("invited-only", display_name="Ivy Invited")
    make_supervision(invited, supervisor, status="invited")
    ended = make_user("ended", display_name="Ed Ended")
    make_supervision(ended, supervisor, status="revoked")
    unshared = make_entry(
        owner,
        title="Unshared secret",
        status=Entry.Status.COMPLETE,
        activity_date=datetime.date.today(),
        learning="Very private words",
    )
    unshared.standards.set([standards.standards.get(number="2")])

    page = supervisor_client.get(reverse("journal:team")).content.decode()
    assert "Olu Owner" in page
    assert "Ivy Invited" not in page and "Ed Ended" not in page
    assert "Unshared secret" not in page and "Very private words" not in page
    assert "Home visit reflection" in page  # submitted to this supervisor
    member = team_selectors.team(supervisor=supervisor, year=RegistrationYear.current())[0]
    assert member.status.complete_count == 2 and member.status.pieces_met
    assert not member.status.peer_reflection_met
    assert len(member.waiting) == 1
    row = page[page.index('<th scope="row">Olu Owner') :]
    assert re.search(r'data-label="Complete pieces"><a [^>]+>2<span[^>]*> complete pieces', row)
    assert 'class="badge text-bg-success">Met' in row
    assert re.search(r'data-label="Copied to Social Work England"><a [^>]+>0 of 2<span', row)
    assert re.search(r'data-label="Shared with you"><a [^>]+>1 entry<span', row)


def test_the_team_does_not_show_entries_shared_with_another_supervisor(owner, submitted, stranger):
    other_supervisor = make_user("other-sup", role="supervisor")
    make_supervision(owner, other_supervisor)
    client = Client()
    client.force_login(other_supervisor)
    page = client.get(reverse("journal:team")).content.decode()
    assert "Olu Owner" in page and "Home visit reflection" not in page


def _team_queries(supervisor):
    client = Client()
    client.force_login(supervisor)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("journal:team")).status_code == 200
    return len(queries)


def test_the_team_costs_the_same_queries_for_1_or_10_supervisees(db):
    one, ten = make_user("sup-one", role="supervisor"), make_user("sup-ten", role="supervisor")
    _team_for(one, 1)
    _team_for(ten, 10)
    assert _team_queries(one) == _team_queries(ten)


def test_team_readiness_counts_peer_reflections_without_loading_text(
    supervisor, django_assert_num_queries
):
    year = _team_for(supervisor, 3)
    team_selectors.team(supervisor=supervisor, year=year)  # warm any content type caches
    with django_assert_num_queries(3) as queries:  # links, entries, shares
        members = team_selectors.team(supervisor=supervisor, year=year)
    entries_sql = next(q["sql"] for q in queries.captured_queries if "activity_date" in q["sql"])
    select_list = entries_sql.split(" FROM ")[0]
    # Only the completeness test touches the text (in SQL); no column of text is loaded.
    assert '"notes"' not in select_list and '"peer_role"' not in select_list
    assert [m.status.peer_reflection_count for m in members] == [0, 0, 0]  # no standards
    assert all(m.status.draft_count == 1 for m in members)


def test_the_team_counts_pieces_ticked_as_copied(supervisor, client):
    year = _team_for(supervisor, 1)
    member = team_selectors.team(supervisor=supervisor, year=year)[0]
    assert member.copied == 0
    entry = member.supervisee.entries.get()
    entry.standards.set([make_framework().standards.first()])
    entry.copied_on = datetime.date.today()
    entry.save()
    assert team_selectors.team(supervisor=supervisor, year=year)[0].copied == 1
    client.force_login(supervisor)
    assert "Copied to Social Work England" in client.get(reverse("journal:team")).content.decode()
