"""Supervisor pages with a full team: the team view, the review queue, the supervisor's
dashboard, and a supervisee's coverage heatmap and agenda.

    .venv/bin/python bench/bench_supervision.py
Seeds one supervisor with 15 supervisees, 40 entries each (a third shared, half of those
submitted, some with change requests). Targets: each page under 150 ms p95, and the same
number of queries for the team view with 1 or 15 supervisees.
"""

import datetime
import random

from _django import freeze_like_a_web_worker, percentiles, throwaway_database, timed
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

REPEATS = 30
SUPERVISEES = 15
ENTRIES = 40


def seed():
    from corpus.models import Standard, Statement
    from corpus.standards_loading import load_bundled_standards
    from journal.models import Entry, Supervision, User
    from journal.review import comments, sharing
    from journal.year.registration import RegistrationYear

    load_bundled_standards()
    standards = list(Standard.objects.filter(framework__is_primary=True))
    statements = list(Statement.objects.filter(standard__in=standards))
    boss = User.objects.create_user("boss", password="x", display_name="Bench Supervisor")
    year = RegistrationYear.current()
    rng = random.Random(13)
    first_link = None
    for person in range(SUPERVISEES):
        worker = User.objects.create_user(f"worker{person}", password="x")
        link = Supervision.objects.create(supervisee=worker, supervisor=boss, status="active")
        first_link = first_link or link
        for n in range(ENTRIES):
            entry = Entry.objects.create(
                owner=worker,
                title=f"Reflection {n}",
                activity_date=year.start + datetime.timedelta(days=rng.randrange(360)),
                description="Description " * 20,
                learning="Learning " * 30,
                impact="Impact " * 30,
                status="complete",
                peer_name="Colleague" if n % 4 == 0 else "",
                peer_learning="Discussed" if n % 4 == 0 else "",
            )
            entry.standards.set(rng.sample(standards, 2))
            entry.statements.set(rng.sample(statements, 3))
            if n % 3 == 0:
                sharing.entry_share(entry=entry, supervision=link, user=worker, submit=n % 2 == 0)
                if n % 9 == 0:
                    comments.comment_add(
                        entry=entry,
                        author=boss,
                        body="More please.",
                        field="impact",
                        requests_changes=True,
                    )
    return boss, first_link


def team_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("journal:team"))
    return len(queries)


def _report(title, pages, counts):
    print(f"\n{title}\n{'page':<24} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, (who, url) in pages.items():
        median, p95 = percentiles(timed(lambda w=who, u=url: w.get(u), REPEATS))
        print(f"{name:<24} {median:>10.1f} {p95:>8.1f} {counts[name]:>8}")


def main():
    with throwaway_database():
        boss, link = seed()
        client = Client()
        client.force_login(boss)
        worker = Client()
        worker.force_login(link.supervisee)
        pages = {
            "bare (health check)": (client, reverse("healthz")),
            "team view": (client, reverse("journal:team")),
            "review queue": (client, reverse("journal:review_queue")),
            "dashboard (supervisor)": (client, reverse("journal:dashboard")),
            "agenda (supervisor)": (client, reverse("journal:supervisee_agenda", args=[link.pk])),
            "coverage (worker)": (worker, reverse("journal:coverage")),
            "agenda (worker)": (worker, reverse("journal:agenda")),
        }
        print(f"{SUPERVISEES} supervisees x {ENTRIES} entries")
        counts = {}
        for name, (who, url) in pages.items():
            assert who.get(url).status_code == 200, url
            with CaptureQueriesContext(connection) as queries:
                who.get(url)
            counts[name] = len(queries)  # read now: the query log is a bounded deque
        _report("plain process", pages, counts)
        freeze_like_a_web_worker()
        _report("web worker, start-up heap frozen", pages, counts)

        from journal.models import Supervision

        full = team_queries(client)
        Supervision.objects.filter(supervisor=boss).exclude(pk=link.pk).update(status="revoked")
        print(
            f"team view queries: {full} with {SUPERVISEES} supervisees, "
            f"{team_queries(client)} with 1"
        )


if __name__ == "__main__":
    main()
