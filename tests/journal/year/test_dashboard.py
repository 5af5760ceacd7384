"""Registration years, the requirement checklist, the dashboard and the entry list."""

import datetime
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpus.models import Standard
from journal.models import User
from journal.review import sign_off as sign_off_services
from journal.year.registration import RegistrationYear, requirement_status
from tests.factories import (
    make_entry,
    make_user,
    request_changes,
)


def test_registration_year_boundaries():
    assert RegistrationYear.containing(datetime.date(2026, 11, 30)) == RegistrationYear(
        datetime.date(2025, 12, 1), datetime.date(2026, 11, 30)
    )
    december = RegistrationYear.containing(datetime.date(2026, 12, 1))
    assert december.start == datetime.date(2026, 12, 1)
    assert december.end == datetime.date(2027, 11, 30)
    assert december.label == "2026–27"
    assert RegistrationYear.ending_in(2026).days_left(datetime.date(2026, 11, 24)) == 6


def complete(owner, standard, **fields):
    return make_entry(owner, status="complete", standards=[standard], **fields)


def test_requirement_across_the_30_november_boundary(owner, framework):
    standard = framework.standards.first()
    peer = {"peer_name": "A colleague", "peer_learning": "We talked it through."}
    complete(owner, standard, activity_date=datetime.date(2026, 11, 30), **peer)
    complete(owner, standard, activity_date=datetime.date(2026, 12, 1))
    entries = list(owner.entries.prefetch_related("standards"))
    ending_2026 = requirement_status(entries, RegistrationYear.ending_in(2026))
    assert ending_2026.complete_count == 1 and ending_2026.peer_reflection_met
    assert not ending_2026.met
    assert ending_2026.missing == ["1 more complete piece of CPD"]
    ending_2027 = requirement_status(entries, RegistrationYear.ending_in(2027))
    assert ending_2027.complete_count == 1 and not ending_2027.peer_reflection_met
    assert "a complete piece of CPD with a peer reflection" in ending_2027.missing


def test_an_empty_year_needs_everything(owner):
    status = requirement_status([], RegistrationYear.ending_in(2026))
    assert not status.met
    assert status.missing == [
        "2 more complete pieces of CPD",
        "a complete piece of CPD with a peer reflection",
    ]


def test_drafts_and_untagged_entries_do_not_count(owner, framework):
    make_entry(owner, status="draft", standards=[framework.standards.first()])
    make_entry(owner, status="complete")  # no standard
    status = requirement_status(list(owner.entries.all()), RegistrationYear.ending_in(2026))
    assert status.complete_count == 0 and status.draft_count == 2


def test_two_complete_pieces_with_a_peer_reflection_meet_it(owner, framework):
    standard = framework.standards.first()
    complete(owner, standard, peer_name="Supervisor", peer_learning="Useful.")
    complete(owner, standard)
    status = requirement_status(list(owner.entries.all()), RegistrationYear.ending_in(2026))
    assert status.met and status.missing == []


def test_dashboard_shows_the_year_checklist_and_chart(owner_client, owner, framework):
    with mock.patch("journal.clock.today", return_value=datetime.date(2026, 11, 24)):
        response = owner_client.get(reverse("journal:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "2025–26" in body and "6 days left" in body
    assert "Still missing: 2 more ready pieces of CPD" in body
    # Nothing tagged yet: the table and a sentence, not an empty chart.
    assert 'role="img"' not in body and "<caption>" in body
    assert "the chart appears with the first" in body
    complete(owner, framework.standards.first())
    with mock.patch("journal.clock.today", return_value=datetime.date(2026, 11, 24)):
        body = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert 'role="img"' in body and "1 (1)" in body


def fill(owner, framework, count):
    standards = list(framework.standards.all())
    for n in range(count):
        make_entry(
            owner,
            title=f"Entry {n}",
            status="complete" if n % 2 else "draft",
            standards=standards[: 1 + n % 3],
            activity_date=datetime.date.today() - datetime.timedelta(days=n % 300),
        )


@pytest.mark.parametrize("url_name", ["journal:dashboard", "journal:entry_list"])
def test_list_pages_run_a_constant_number_of_queries(client, framework, url_name):
    counts = []
    for size in (1, 200):
        user = make_user(f"user{size}")
        fill(user, framework, size)
        client.force_login(user)
        caches["local"].clear()  # the day's reading prompt is cached: rank it for both users
        Standard.objects.primary()  # kept for the process, as a server has them
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_entry_list_filters_search_and_paginates(owner_client, owner, framework):
    fill(owner, framework, 25)
    make_entry(owner, title="Mental capacity course", activity_type="course")
    listing = owner_client.get(reverse("journal:entry_list")).content.decode()
    current = RegistrationYear.current()
    assert f'<option value="{current.end.year}">{current.label}</option>' in listing
    assert "Ending Nov" not in listing
    body = owner_client.get(reverse("journal:entry_list"), {"q": "capacity"}).content.decode()
    assert "Mental capacity course" in body and "Entry 3" not in body
    body = owner_client.get(reverse("journal:entry_list"), {"type": "course"}).content.decode()
    assert "1 entry" in body
    body = owner_client.get(reverse("journal:entry_list"), {"status": "draft"}).content.decode()
    assert "Page 1 of" not in body or "Entry" in body
    page_two = owner_client.get(reverse("journal:entry_list"), {"page": 2}).content.decode()
    assert "Page 2 of 2" in page_two


def test_entry_list_shows_only_my_entries(owner_client, owner, stranger):
    make_entry(stranger, title="Someone else's reflection")
    make_entry(owner, title="Mine")
    body = owner_client.get(reverse("journal:entry_list")).content.decode()
    assert "Mine" in body and "Someone else" not in body


def test_seed_demo_is_idempotent_prints_logins_and_emails_nobody(
    db, capsys, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.management import CommandError, call_command

    from corpus.standards_loading import load_bundled_standards

    load_bundled_standards()
    with pytest.raises(CommandError):
        call_command("seed_demo")  # tests run with DEBUG off, like production
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--force")
        call_command("seed_demo", "--force")
    out = capsys.readouterr().out
    assert out.rstrip().endswith("password: reflect-and-learn-2026")
    assert "username: demo" in out and "username: supervisor" in out
    assert mailoutbox == []  # the seeded review history is not news to anyone
    demo = User.objects.get(username="demo")
    assert demo.entries.count() == 5
    assert demo.check_password("reflect-and-learn-2026")
    assert demo.email == "demo@example.org"
    assert (
        demo.notifications.exists()
        or User.objects.get(username="supervisor").notifications.exists()
    )


def test_changes_requested_shows_as_a_badge_on_the_list_and_the_dashboard(
    owner_client, submitted, supervisor
):
    request_changes(submitted, supervisor)
    for name in ("journal:entry_list", "journal:dashboard"):
        page = owner_client.get(reverse(name)).content.decode()
        assert "review-state-changes_requested" in page, name
    dashboard = owner_client.get(reverse("journal:dashboard")).content.decode()
    readiness = dashboard[dashboard.index(f'id="readiness-{submitted.pk}"') :]
    assert "Hint: Your supervisor asked for changes: read their comments" in readiness
    copy_page = reverse("journal:year_copy", args=[RegistrationYear.current().end.year])
    year = owner_client.get(copy_page)
    assert "Your supervisor asked for changes" in year.content.decode()
    dashboard = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="dashboard-feedback"' in dashboard
    assert reverse("journal:entry_edit", args=[submitted.pk]) in dashboard


def test_a_ready_entry_sent_back_says_to_read_the_comments_before_copying(
    owner_client, submitted, supervisor
):
    url = reverse("journal:entry_detail", args=[submitted.pk])
    warning = "Your supervisor asked for changes: read their comments"
    assert warning not in owner_client.get(url).content.decode()
    request_changes(submitted, supervisor)
    page = owner_client.get(url).content.decode()
    assert warning in page
    assert "Say what you will do next." in page  # the comment itself, on the same page


def test_signed_off_shows_as_a_badge(owner_client, submitted, supervisor):
    sign_off_services.entry_sign_off(
        entry=submitted,
        supervisor=supervisor,
        note="",
        expected_fingerprint=submitted.content_fingerprint(),
    )
    page = owner_client.get(reverse("journal:entry_list")).content.decode()
    assert "review-state-signed_off" in page


def test_a_private_entry_has_no_review_badge(owner, owner_client):
    make_entry(owner, title="Private one")
    page = owner_client.get(reverse("journal:entry_list")).content.decode()
    assert "Private one" in page and "review-state-" not in page


def test_the_supervisors_dashboard_puts_waiting_reviews_first(submitted, supervisor_client):
    page = supervisor_client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="dashboard-queue"' in page
    assert page.index('id="dashboard-queue"') < page.index('id="checklist-heading"')
    assert "Home visit reflection" in page


def test_a_supervisor_with_nothing_waiting_still_finds_their_team(link, supervisor_client):
    page = supervisor_client.get(reverse("journal:dashboard")).content.decode()
    desk = page[page.index('id="dashboard-queue"') :].split("</section>", 1)[0]
    assert "Nothing is waiting for your review." in desk
    assert f'href="{reverse("journal:team")}">Your team\'s year</a>' in desk
    assert f'href="{reverse("journal:review_queue")}"' in desk


def test_someone_who_supervises_no_one_has_no_team_link(owner_client):
    page = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="dashboard-queue"' not in page and reverse("journal:team") not in page
