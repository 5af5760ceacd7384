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
from django.utils import timezone

from journal.models import Entry, Supervision, SupervisionSession
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review import supervision as supervision_services
from journal.review import team as team_selectors
from journal.year.registration import RegistrationYear, requirement_status
from tests.factories import (
    make_entry,
    make_framework,
    make_session,
    make_supervision,
    make_user,
    save_entry,
    save_submittable_entry,
)

# Written around the entries, sessions and sign-offs of the 2026–27 registration year.
pytestmark = pytest.mark.today("2027-02-16")


def _supervisee(supervisor, n, *, session_on=None):
    """A person with one entry waiting, one signed off then changed, one signed off."""
    person = make_user(f"member{supervisor.pk}-{n}", display_name=f"Member {n}")
    link = make_supervision(person, supervisor)
    with time_machine.travel(datetime.datetime(2027, 2, 6, 11, 0), tick=False):
        waiting, changed, signed = (
            save_submittable_entry(person, f"Secret title {n}-{k}")
            for k in ("waiting", "changed", "signed")
        )
        for entry in (waiting, changed, signed):
            sharing_services.entry_share(entry=entry, supervision=link, user=person, submit=True)
    with time_machine.travel(datetime.datetime(2027, 2, 7, 11, 0), tick=False):
        for entry in (changed, signed):
            sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    with time_machine.travel(datetime.datetime(2027, 2, 9, 11, 0), tick=False):
        save_entry(person, entry=changed, learning="Something learnt, and more.")
    if session_on:
        make_session(link, session_on)
    return person, link


def _queries(supervisor, name, *args):
    client = Client()
    client.force_login(supervisor)
    client.get(reverse(name, args=args))  # the first request of a session records it
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name, args=args)).status_code == 200
    return len(queries)


def test_the_team_and_the_queue_cost_the_same_queries_for_1_or_15_supervisees(standards):
    one, fifteen = (make_user(f"sup-{n}", role="supervisor") for n in (1, 15))
    first, _ = _supervisee(one, 0, session_on=datetime.date(2027, 1, 20))
    for n in range(15):
        _supervisee(fifteen, n, session_on=datetime.date(2027, 1, 20) if n % 2 else None)
    for name in ("journal:team", "journal:team_csv", "journal:team_print", "journal:review_queue"):
        assert _queries(one, name) == _queries(fifteen, name), name
    # The review page reads the queue too, for its previous and next waiting.
    in_one = first.entries.get(title="Secret title 0-waiting")
    in_fifteen = Entry.objects.get(
        owner__username=f"member{fifteen.pk}-7", title__endswith="waiting"
    )
    assert _queries(one, "journal:review_entry", in_one.pk) == _queries(
        fifteen, "journal:review_entry", in_fifteen.pk
    )


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
    assert "2 waiting<span" in row and "the oldest for 9\xa0days" in row  # unbroken, in days
    assert "1 changed since sign-off" in row
    queue = f'href="{reverse("journal:review_queue")}#supervisee-{person.pk}"'
    assert row.count(queue) == 3  # waiting, shared, signed off: each count a link
    assert f'href="{reverse("journal:session_list", args=[link.pk])}"' in row
    assert ">6\xa0days ago</time>" in row  # the last change, on 9 February


def test_a_row_names_the_three_oldest_waiting_and_links_the_rest_to_the_queue(
    standards, supervisor
):
    person = make_user("many-waiting", display_name="Mo Many")
    link = make_supervision(person, supervisor)
    for day in range(1, 6):  # submitted on 1 to 5 February: the oldest first
        with time_machine.travel(datetime.datetime(2027, 2, day, 11, 0), tick=False):
            entry = save_submittable_entry(person, f"Waiting from {day} February")
            sharing_services.entry_share(entry=entry, supervision=link, user=person, submit=True)
    (member,) = team_selectors.team(supervisor=supervisor, year=RegistrationYear.current())
    assert (len(member.waiting), member.shared_count, member.waiting_unlisted) == (5, 5, 2)

    client = Client()
    client.force_login(supervisor)
    page = client.get(reverse("journal:team")).content.decode()
    row = page[page.index('<th scope="row">Mo Many') :]
    row = row[: row.index("</tr>")]
    named = re.findall(r"Waiting from (\d) February", row)
    assert named == ["1", "2", "3"]
    queue = f"{reverse('journal:review_queue')}#supervisee-{person.pk}"
    assert f'<a href="{queue}">and 2 more<span class="visually-hidden">' in row
    assert "5 waiting<span" in row and "5 entries<span" in row


def test_the_csv_for_appraisal_holds_counts_never_entry_text(standards, supervisor):
    _supervisee(supervisor, 1, session_on=datetime.date(2027, 1, 10))
    evil = make_user("evil", display_name="=HYPERLINK(1)")
    make_supervision(evil, supervisor)
    client = Client()
    client.force_login(supervisor)

    response = client.get(reverse("journal:team_csv"))

    assert (
        response["Content-Disposition"] == 'attachment; filename="team-2026-27-on-2027-02-16.csv"'
    )
    # Excel reads the byte-order mark as "this is UTF-8"; the header row comes first.
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert "Secret title" not in text and "Something learnt" not in text
    rows = list(csv.reader(io.StringIO(text)))
    header, by_name = rows[0], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
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


def _team_page(supervisor, query="", url="journal:team"):
    client = Client()
    client.force_login(supervisor)
    return client.get(reverse(url) + query)


def _row_names(page: str, table="team-table") -> list[str]:
    body = page[page.index(f'id="{table}"') :]
    body = body[: body.index("</table>")]
    return [part.split("<", 1)[0] for part in body.split('<th scope="row">')[1:]]


@pytest.fixture
def team_of_three(standards, supervisor):
    """Member 1: two waiting (one changed since sign-off), last session 10 Jan (overdue).
    Quiet: nothing shared, a session on 15 Jan (due 15 Feb: overdue by a day).
    Fresh: nothing shared, a session on 10 Feb (due 10 Mar), edited an entry today."""
    _supervisee(supervisor, 1, session_on=datetime.date(2027, 1, 10))
    quiet = make_user("quiet", display_name="Ada Quiet")
    fresh = make_user("fresh", display_name="Zed Fresh")
    for person, held_on in (
        (quiet, datetime.date(2027, 1, 15)),
        (fresh, datetime.date(2027, 2, 10)),
    ):
        link = make_supervision(person, supervisor)
        make_session(link, held_on, status=SupervisionSession.Status.RECORDED)
    with time_machine.travel(datetime.datetime(2027, 1, 20, 11, 0), tick=False):
        save_submittable_entry(quiet, "Quiet's entry")
    save_submittable_entry(fresh, "Fresh's entry")


def test_the_team_sorts_by_name_due_date_waiting_and_last_activity(team_of_three, supervisor):
    def names(query):
        response = _team_page(supervisor, query)
        assert response.status_code == 200
        return _row_names(response.content.decode())

    assert names("") == ["Ada Quiet", "Member 1", "Zed Fresh"]
    assert names("?sort=name") == ["Ada Quiet", "Member 1", "Zed Fresh"]
    assert names("?sort=due") == ["Member 1", "Ada Quiet", "Zed Fresh"]  # 10 Feb, 15 Feb, 10 Mar
    assert names("?sort=waiting") == ["Member 1", "Ada Quiet", "Zed Fresh"]  # none waiting: last
    # Longest ago first: Quiet (20 Jan), Member 1 (9 Feb), Fresh (today).
    assert names("?sort=activity") == ["Ada Quiet", "Member 1", "Zed Fresh"]


def test_the_team_filters_and_says_how_many_each_filter_keeps(team_of_three, supervisor):
    def names(show):
        page = _team_page(supervisor, f"?show={show}&sort=name").content.decode()
        return _row_names(page) if 'id="team-table"' in page else [], page

    assert names("due")[0] == ["Ada Quiet", "Member 1"]  # Fresh is due in three weeks
    assert names("waiting")[0] == ["Member 1"]
    changed, page = names("changed")
    assert changed == ["Member 1"]
    assert "1 of 3 people shown: changed since your sign-off" in page
    assert ">Changed since your sign-off (1)</option>" in page
    assert ">A session due within a week, or overdue (2)</option>" in page
    # The appraisal links carry the same choice.
    assert f'href="{reverse("journal:team_csv")}?sort=name&amp;show=changed"' in page


def test_a_filter_nobody_matches_says_so_and_offers_everyone(standards, supervisor):
    make_supervision(make_user("calm", display_name="Calm Person"), supervisor)
    page = _team_page(supervisor, "?show=waiting").content.decode()
    assert "No one matches “Entries waiting for your review”" in page
    assert f'href="{reverse("journal:team")}?sort=name">Show everyone' in page


@pytest.mark.parametrize(
    "query", ["?sort=secret", "?show=everything", "?sort=name&show=%00", "?year=1999", "?year=x"]
)
def test_an_order_or_filter_the_page_does_not_offer_answers_400(supervisor, query):
    assert _team_page(supervisor, query).status_code == 400


def test_past_supervisees_keep_their_dates_sessions_and_sign_offs(standards, supervisor):
    person, link = _supervisee(supervisor, 1, session_on=datetime.date(2027, 1, 10))
    accepted = timezone.make_aware(datetime.datetime(2026, 12, 2, 9, 0))
    Supervision.objects.filter(pk=link.pk).update(responded_at=accepted)
    cancelled = make_supervision(make_user("never", display_name="Never Accepted"), supervisor)
    cancelled.status = cancelled.Status.INVITED
    cancelled.save()
    supervision_services.supervision_revoke(supervision=cancelled, user=cancelled.supervisee)
    with time_machine.travel(datetime.datetime(2027, 2, 12, 11, 0), tick=False):
        supervision_services.supervision_revoke(supervision=link, user=person)

    (past,) = team_selectors.past_team(supervisor=supervisor)
    assert (past.name, past.ended_on, past.session_dates) == (
        "Member 1",
        datetime.date(2027, 2, 12),
        [datetime.date(2027, 1, 10)],
    )
    assert (past.signed_off, past.last_sign_off_on) == (2, datetime.date(2027, 2, 7))

    page = _team_page(supervisor).content.decode()
    assert 'id="team-table"' not in page  # nobody is supervised now
    assert "People you supervised before" in page and "Never Accepted" not in page
    row = page[page.index('id="past-team-table"') :]
    assert "2 Dec 2026 to 12 Feb 2027" in row and "1: 10 Jan 2027" in row
    assert "2, the last on 7 Feb 2027" in row
    assert "Secret title" not in page
    # The history is still theirs to print for an appraisal.
    client = Client()
    client.force_login(supervisor)
    assert client.get(reverse("journal:team_print")).status_code == 200


def test_the_print_view_for_appraisal_holds_counts_never_entry_text(standards, supervisor):
    _supervisee(supervisor, 1, session_on=datetime.date(2027, 1, 10))
    client = Client()
    client.force_login(supervisor)
    page = client.get(reverse("journal:team_print") + "?show=waiting").content.decode()
    assert "Secret title" not in page and "Something learnt" not in page
    row = page[page.index('<th scope="row">Member 1') :]
    row = row[: row.index("</tr>")]
    assert '<td data-label="Waiting for review">2</td>' in row
    assert '<td data-label="Oldest waiting (days)">10</td>' in row
    assert '<td data-label="Signed off by you this year">2</td>' in row
    assert "Showing 1 of 1: entries waiting for your review" in page
    assert '<td data-label="Last session">10 Jan 2027</td>' in row
    assert '<td data-label="Registration number">None</td>' in row


def test_a_name_is_text_on_the_team_its_print_and_its_history(standards, supervisor):
    person = make_user("hostile", display_name='<script>alert("x")</script>')
    ended = make_supervision(
        make_user("gone", display_name="<img src=x onerror=alert(1)>"), supervisor
    )
    make_supervision(person, supervisor)
    supervision_services.supervision_revoke(supervision=ended, user=supervisor)
    client = Client()
    client.force_login(supervisor)
    for name in ("journal:team", "journal:team_print"):
        page = client.get(reverse(name)).content.decode()
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        assert '<script>alert("x")' not in page and "<img src=x" not in page


def _team_for(supervisor, count):
    year = RegistrationYear.current()
    for n in range(count):
        person = make_user(f"team{count}-{n}", display_name=f"Person {n}")
        make_supervision(person, supervisor)
        entry = make_entry(
            person,
            title=f"Secret title {n}",
            status=Entry.Status.MARKED_COMPLETE,
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
        status=Entry.Status.MARKED_COMPLETE,
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
    # Links, entries, shares; their sign-offs only once something is shared (nothing is here).
    with django_assert_num_queries(3) as queries:
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


def _year_options(page: str) -> list[str]:
    select = page[page.index('id="id_year"') :]
    return re.findall(r'<option value="(\d+)"( selected)?>', select[: select.index("</select>")])


@pytest.fixture
def since_2025(standards, supervisor):
    """Dee has been supervised since June 2025, and completed one piece in September 2026."""
    person = make_user("dee", display_name="Dee Cember")
    link = make_supervision(person, supervisor)
    began = timezone.make_aware(datetime.datetime(2025, 6, 1, 9, 0))
    Supervision.objects.filter(pk=link.pk).update(created_at=began)
    with time_machine.travel(datetime.datetime(2026, 10, 1, 11, 0), tick=False):
        entry = save_submittable_entry(person, "Autumn piece")
        Entry.objects.filter(pk=entry.pk).update(activity_date=datetime.date(2026, 9, 20))
    return person


def test_in_early_december_the_team_opens_on_the_year_just_closed_and_offers_each(
    since_2025, supervisor
):
    with time_machine.travel(datetime.datetime(2026, 12, 7, 11, 0), tick=False):
        page = _team_page(supervisor).content.decode()
        chosen = _team_page(supervisor, "?year=2027&show=all").content.decode()
    assert "Registration year 2025–26: 1 December 2025 to 30 November 2026." in page
    assert "This is the year that closed on 30 November: in December the page opens on it" in page
    assert '<a href="?year=2027">See 2026–27</a> for what people have done since.' in page
    # The years the team has, newest first: the new one, the one just closed, back to June 2025.
    assert _year_options(page) == [("2027", ""), ("2026", " selected"), ("2025", "")]
    row = page[page.index('<th scope="row">Dee Cember') :]
    assert re.search(r'data-label="Complete pieces"><a [^>]+>1 of 2<span', row)

    assert "Registration year 2026–27: 358 days to 30 November." in chosen
    assert "This is the year that closed" not in chosen
    assert _year_options(chosen)[0] == ("2027", " selected")
    row = chosen[chosen.index('<th scope="row">Dee Cember') :]
    assert re.search(r'data-label="Complete pieces"><a [^>]+>0 of 2<span', row)
    # The appraisal links carry a year the page did not open on.
    assert f'href="{reverse("journal:team_csv")}?sort=name&amp;show=all&amp;year=2027"' in chosen


def test_a_team_that_began_this_december_opens_on_the_running_year(standards, supervisor):
    """Nothing of the year just closed is this supervisor's to finish: opening on it would show
    a worker's first signed-off pieces as nothing done."""
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0), tick=False):
        make_supervision(make_user("asha", display_name="Asha Patel"), supervisor)
    with time_machine.travel(datetime.datetime(2026, 12, 7, 11, 0), tick=False):
        page = _team_page(supervisor).content.decode()
        printed = _team_page(supervisor, url="journal:team_print").content.decode()
    assert "Registration year 2026–27: 358 days to 30 November." in page
    assert "This is the year that closed" not in page
    assert _year_options(page) == [("2027", " selected")]
    assert "Your team, registration year 2026–27" in printed


def test_the_team_costs_the_same_queries_whichever_year_is_chosen(since_2025, supervisor):
    _supervisee(supervisor, 0)  # one, shaped as each of the fifteen
    fifteen = make_user("sup-15", role="supervisor")
    for n in range(15):
        _supervisee(fifteen, n)
    Supervision.objects.filter(supervisor=fifteen).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 6, 1, 9, 0))
    )

    def queries(person, query):
        client = Client()
        client.force_login(person)
        client.get(reverse("journal:team"))  # the first request of a session records it
        with CaptureQueriesContext(connection) as read:
            assert client.get(reverse("journal:team") + query).status_code == 200
        return len(read)

    counts = {
        queries(person, query)
        for person in (supervisor, fifteen)
        for query in ("", "?year=2026", "?year=2025")
    }
    assert len(counts) == 1, counts


def test_signed_off_this_year_counts_the_years_entries_not_the_sign_off_dates(
    since_2025, supervisor
):
    """Dee's September piece, signed off on 3 December, counts for 2025–26, the year it is in."""
    link = Supervision.objects.get(supervisee=since_2025, supervisor=supervisor)
    entry = since_2025.entries.get(title="Autumn piece")
    with time_machine.travel(datetime.datetime(2026, 12, 3, 11, 0), tick=False):
        sharing_services.entry_share(entry=entry, supervision=link, user=since_2025, submit=True)
        sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    signed = {
        ends_in: member.signed_off
        for ends_in in (2026, 2027)
        for member in team_selectors.team(
            supervisor=supervisor, year=RegistrationYear.ending_in(ends_in)
        )
    }
    assert signed == {2026: 1, 2027: 0}
    with time_machine.travel(datetime.datetime(2026, 12, 7, 11, 0), tick=False):
        page = _team_page(supervisor).content.decode()
    row = page[page.index('<th scope="row">Dee Cember') :]
    assert re.search(r'data-label="Signed off by you this year"><a [^>]+>1<span', row)


def test_the_team_counts_a_year_as_requirement_status_does(supervisor, standards):
    """The team counts plain rows; the worker's own pages count their entries
    (requirement_status): a mixed year must give the same figures."""
    year = RegistrationYear.current()
    worker = make_user("mixed-year")
    make_supervision(worker, supervisor, status=Supervision.Status.ACTIVE)
    with_peer = save_submittable_entry(worker, "With a peer")
    Entry.objects.filter(pk=with_peer.pk).update(
        peer_name="A colleague", peer_learning="We talked.", copied_on=datetime.date(2027, 1, 6)
    )
    save_submittable_entry(worker, "Without a peer")
    make_entry(worker, title="A draft", activity_date=datetime.date(2027, 1, 5))
    binned = save_submittable_entry(worker, "In the bin")
    Entry.objects.filter(pk=binned.pk).update(deleted_at=timezone.now())
    earlier = save_submittable_entry(worker, "Last year")
    Entry.objects.filter(pk=earlier.pk).update(activity_date=year.start - datetime.timedelta(1))

    (member,) = team_selectors.team(supervisor=supervisor, year=year)
    entries = Entry.objects.filter(owner=worker).prefetch_related("standards")
    expected = requirement_status(entries, year)

    assert (member.status.complete_count, member.status.peer_reflection_count) == (2, 1)
    assert member.status == expected
    assert member.copied == 1
    assert member.last_activity == max(
        e.updated_at for e in entries.alive().between(year.start, year.end)
    )
