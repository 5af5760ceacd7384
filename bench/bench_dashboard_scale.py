"""The dashboard for one social worker with 20, 200 and 2,000 entries, as a multiple of the
login page: the page should grow about as its entries do, not with their pairs.

    .venv/bin/python bench/bench_dashboard_scale.py

The clock stands at 10 December 2026, in the weeks after a deadline, when the dashboard also
checks the year that just closed. Each person's entries are spread over that year, the one
before and the current one, written like real reflections (bench_readiness's Zipf
vocabulary), and one in twenty is a pasted copy of another with a word added, for the
near-identical check to find. Each dashboard request is paired with one of the login page, so
both see the same load on a shared machine. The first visit (which scans every text for
identifiers and checks both years for near-identical pieces) is printed on its own: later
visits find both answers kept until a text changes, and they are what most visits are.
"""

import datetime
import random
import statistics
import time

import time_machine
from _django import freeze_like_a_web_worker, throwaway_database
from bench_page_budget import _timed_get
from bench_readiness import text
from django.db import connection
from django.test import Client

SIZES = (20, 200, 2_000)
NOW = datetime.datetime(2026, 12, 10, 12, 0, tzinfo=datetime.UTC)


def seed(size: int):
    from corpus.models import Standard
    from journal.models import Entry
    from journal.year.registration import RegistrationYear
    from tests.factories import make_user

    user = make_user(f"scale-{size}", display_name="Scale Worker")
    standards = list(Standard.objects.filter(framework__is_primary=True))
    current = RegistrationYear.current(NOW.date())
    years = [current, current.previous(), current.previous().previous()]
    rng = random.Random(size)
    made = []
    for n in range(size):
        year = years[n % 3]
        start = year.start
        days = min(360, (NOW.date() - start).days)  # nothing dated after today
        if n % 20 == 19:  # a pasted copy with a word added
            original = rng.choice(made)
            fields = {
                "description": original.description,
                "learning": original.learning,
                "impact": original.impact + " Again.",
                "activity_date": original.activity_date,
            }
        else:
            fields = {
                "description": text(rng, 60),
                "learning": text(rng, 80),
                "impact": text(rng, 80),
                "activity_date": start + datetime.timedelta(days=rng.randrange(max(days, 1))),
            }
        entry = Entry(
            owner=user,
            title=f"Reflection {n}",
            status="complete" if n % 3 else "draft",
            peer_name="Colleague" if n % 4 == 0 else "",
            peer_learning=text(rng, 40) if n % 4 == 0 else "",
            **fields,
        )
        made.append(entry)
    Entry.objects.bulk_create(made)
    through = Entry.standards.through
    through.objects.bulk_create(
        through(entry=entry, standard=standard)
        for entry in made
        for standard in rng.sample(standards, 2)
    )
    return user


def measure(client: Client, anonymous: Client, repeats: int) -> tuple[float, float, float, int]:
    # The first visit scans every text for identifiers and checks both years for
    # near-identical pieces; later ones find both answers kept, until a text changes.
    first = _timed_get(client, "/dashboard/")[0]
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        assert client.get("/dashboard/").status_code == 200
    page, login = [], []
    for _ in range(repeats):
        login.append(_timed_get(anonymous, "/accounts/login/")[0])
        page.append(_timed_get(client, "/dashboard/")[0])
    return first, statistics.median(page), statistics.median(login), len(queries)


def main() -> None:
    from corpus.standards_loading import load_bundled_standards

    with throwaway_database(), time_machine.travel(NOW, tick=True):
        load_bundled_standards()
        anonymous = Client()
        anonymous.get("/accounts/login/")
        people = {}
        for size in SIZES:
            started = time.perf_counter()
            people[size] = seed(size)
            print(f"seeded {size:>5} entries in {time.perf_counter() - started:.1f} s")
        freeze_like_a_web_worker()
        print(
            f"\n{'entries':>7} {'first visit ms':>14} {'dashboard ms':>12} {'login ms':>9} "
            f"{'x login':>8} {'queries':>8}"
        )
        for size in SIZES:
            client = Client()
            client.force_login(people[size])
            first, median, login, queries = measure(client, anonymous, 9 if size < 2_000 else 5)
            print(
                f"{size:>7} {first:>14.1f} {median:>12.1f} {login:>9.1f} "
                f"{median / login:>8.1f} {queries:>8}"
            )


if __name__ == "__main__":
    main()
