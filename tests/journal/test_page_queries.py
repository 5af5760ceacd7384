"""The busiest pages each run a fixed number of queries, whatever the size of the year.

bench/bench_page_budget.py times these pages; on PostgreSQL each query is a round trip worth a
good part of the budget, so every page has a ceiling here and an added query is a decision,
not an accident. The ceilings count the session and the signed-in person, read with the menu's figures.
Each page is counted on the first and the last day of a registration year and in the middle of one,
so a year that reaches back across 30 November (a closed year on the dashboard) is counted too.
"""

import datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpus.models import Standard
from journal import clock
from journal.models import SessionAction
from journal.review.sign_off import entry_sign_off
from journal.year.registration import RegistrationYear
from tests.factories import (
    make_entry,
    make_passage,
    make_session,
    make_share,
    make_source,
    make_supervision,
    make_user,
    save_entry,
    swe_framework,
)

# url name, who asks, the most queries it may run. The year holds a shared entry and a signed-off
# one: the owner's pages read the unread sign-off notification, and a signed-off entry's state reads
# the fingerprint's parts (tags, statements, quotations), as a real year's pages do.
PAGES = [
    # 12, the renewal checklist's ticks, whether there is supervision to read (one query of
    # figures only the dashboard reads, navigation.for_dashboard: every other page saves building
    # them), and the owner's own supervision (two queries, read only by someone with a
    # supervisor: test_the_dashboard_reads_supervision_only_for_the_supervised)
    ("journal:dashboard", "owner", 15),
    ("journal:entry_list", "owner", 11),
    ("journal:entry_create", "owner", 3),
    ("journal:entry_detail", "owner", 9),
    ("journal:entry_edit", "owner", 7),
    ("journal:entry_share", "owner", 10),
    ("journal:review_queue", "supervisor", 8),
    # 8, and the queue read once (review_queue: shares; for entries this supervisor signed off,
    # their sign-offs and fingerprint parts), so "Previous/Next waiting" link only where
    # something waits.
    ("journal:review_entry", "supervisor", 13),
]


def _year(owner, standards, passages, count):
    """`count` entries spread over the registration year so far (on its first day, all on it)."""
    today = clock.today()
    start = RegistrationYear.current(today).start
    entry = None
    for n in range(count):
        entry = make_entry(
            owner,
            title=f"Reflection {n}",
            activity_date=max(today - datetime.timedelta(days=n % 200), start),
            status="complete" if n % 2 else "draft",
            standards=standards[n % 3 : n % 3 + 2],
        )
        save_entry(owner, entry=entry, cite=passages[n % 2 : n % 2 + 2], status="complete")
    return entry


def _queries(client, url) -> int:
    client.get(url)  # the first request of a session records the session itself
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


# The first day of a registration year, the middle of one, and its last day.
DAYS = ["2026-12-01", "2027-06-15", "2027-11-30"]


def on_day(day: str):
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T10:00+00:00"), tick=False)


@pytest.fixture(scope="module", params=DAYS)
def years(request, django_db_setup, django_db_blocker):
    """One day's two years (2 entries and 12), built once for the eight pages counted on it,
    inside a transaction rolled back at the end; each test runs in a savepoint within it, as
    the permission matrix does, so what one page's requests write never reaches the next."""
    day = request.param
    with django_db_blocker.unblock(), transaction.atomic():
        with on_day(day):
            built = _build_years()
        yield day, built
        transaction.set_rollback(True)


def _build_years() -> list[tuple]:
    """(owner, supervisor, the entry waiting for review) for a year of 2 entries and of 12."""
    standards = swe_framework()
    source = make_source()
    passages = [
        make_passage(source, position=n, text=f"Passage {n} on supervision.") for n in range(3)
    ]
    standards_list = list(Standard.objects.filter(framework=standards).order_by("order"))
    built = []
    for size in (2, 12):
        owner = make_user(f"owner{size}")
        supervisor = make_user(f"supervisor{size}", role="supervisor")
        entry = _year(owner, standards_list, passages, size)
        supervision = make_supervision(owner, supervisor)
        # The year holds a signed-off entry as well as the one waiting for review.
        signed = owner.entries.exclude(pk=entry.pk).latest("pk")
        make_share(signed, supervision, submitted=True)
        entry_sign_off(entry=signed, supervisor=supervisor)
        make_share(entry, supervision, submitted=True)
        built.append((owner, supervisor, entry))
    return built


@pytest.mark.parametrize(("url_name", "who", "ceiling"), PAGES)
def test_each_busy_page_stays_within_its_queries(client, db, years, url_name, who, ceiling):
    day, built = years
    with on_day(day):
        _count_page(client, built, url_name, who, ceiling)


def _count_page(client, built, url_name, who, ceiling):
    counts = []
    for owner, supervisor, entry in built:
        client.force_login(owner if who == "owner" else supervisor)
        needs_entry = url_name not in (
            "journal:dashboard",
            "journal:entry_list",
            "journal:entry_create",
            "journal:review_queue",
        )
        url = reverse(url_name, args=[entry.pk] if needs_entry else [])
        counts.append(_queries(client, url))
    assert counts[0] == counts[1], f"{url_name} grows with the year: {counts}"
    assert counts[1] <= ceiling, f"{url_name} runs {counts[1]} queries, over its {ceiling}"


@pytest.mark.today("2027-03-20")
def test_the_dashboard_reads_supervision_only_for_the_supervised(client, standards):
    """Someone with no supervisor pays nothing for it; someone supervised one query until a
    session is held, then two, however many sessions and actions they have."""
    owner = make_user("owner")
    client.force_login(owner)
    url = reverse("journal:dashboard")
    alone = _queries(client, url)
    link = make_supervision(owner, make_user("supervisor", role="supervisor"))
    supervised = _queries(client, url)
    assert supervised == alone + 1
    make_session(link, datetime.date(2027, 2, 20), status="confirmed")
    with_sessions = _queries(client, url)
    assert with_sessions == alone + 2
    for day in (1, 8, 15):
        session = make_session(link, datetime.date(2027, 3, day), status="recorded")
        for n in range(3):
            SessionAction.objects.create(session=session, text=f"Action {n}", owner="worker")
    assert "Waiting for you to confirm" in client.get(url).content.decode()
    assert _queries(client, url) == with_sessions
