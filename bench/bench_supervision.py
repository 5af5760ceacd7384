"""Supervisor pages with a full team: the team view (sorted, filtered, printed), the review
queue and a review page, the supervisor's dashboard, and a supervisee's coverage and agenda.

    .venv/bin/python bench/bench_supervision.py
Seeds one supervisor with 15 supervisees, 40 entries each (a third shared, half of those
submitted, some with change requests, some signed off; a session for every other person).
Targets: each page under 150 ms p95; each HTML page within the page budget that
bench_page_budget.py holds every page to (median within 5x the login page's, measured in turn
with it, under 150 KB); the same number of queries for the team view, the queue and the
review page with 1 or 15 supervisees.
"""

import datetime
import random

from _django import freeze_like_a_web_worker, percentiles, throwaway_database, timed
from bench_page_budget import _paired_medians
from bench_page_budget import _report as budget_report
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
    from journal.models import Entry, Supervision, SupervisionSession, User
    from journal.review import comments, sharing, sign_off
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
        if person % 2:
            SupervisionSession.objects.create(
                supervisee=worker,
                supervision=link,
                supervisor=boss,
                held_on=year.start + datetime.timedelta(days=rng.randrange(60)),
                attended="Both",
                status="confirmed",
            )
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
                if n % 12 == 0:
                    sign_off.entry_sign_off(entry=entry, supervisor=boss)
                elif n % 9 == 0:
                    comments.comment_add(
                        entry=entry,
                        author=boss,
                        body="More please.",
                        field="impact",
                        requests_changes=True,
                    )
    return boss, first_link


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


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
        from journal.review.queue import review_queue

        waiting = next(g.waiting[0].entry for g in review_queue(supervisor=boss) if g.waiting)
        review_page = reverse("journal:review_entry", args=[waiting.pk])
        team = reverse("journal:team")
        pages = {
            "bare (health check)": (client, reverse("healthz")),
            "team view": (client, team),
            "team, waiting longest": (client, team + "?sort=waiting&show=waiting"),
            "team, print": (client, reverse("journal:team_print")),
            "team, CSV": (client, reverse("journal:team_csv")),
            "review queue": (client, reverse("journal:review_queue")),
            "review page": (client, review_page),
            "dashboard (supervisor)": (client, reverse("journal:dashboard")),
            "agenda (supervisor)": (client, reverse("journal:supervisee_agenda", args=[link.pk])),
            "coverage (worker)": (worker, reverse("journal:coverage")),
            "agenda (worker)": (worker, reverse("journal:agenda")),
        }
        print(f"{SUPERVISEES} supervisees x {ENTRIES} entries")
        counts = {}
        for name, (who, url) in pages.items():
            assert who.get(url).status_code == 200, url
            counts[name] = queries(who, url)  # read now: the query log is a bounded deque
        _report("plain process", pages, counts)
        freeze_like_a_web_worker()
        _report("web worker, start-up heap frozen", pages, counts)

        anonymous = Client()
        anonymous.get("/accounts/login/")
        budget = [
            ("review", url, *_paired_medians(client, url, anonymous))
            for name, (who, url) in pages.items()
            if who is client and "CSV" not in name and "bare" not in name
        ]
        budget_report("Page budget, supervisor pages, web worker", budget)

        from journal.models import Supervision

        measured = {"team view": team, "review queue": pages["review queue"][1]}
        measured["review page"] = review_page
        full = {name: queries(client, url) for name, url in measured.items()}
        others = Supervision.objects.filter(supervisor=boss).exclude(supervisee=waiting.owner)
        others.update(status="revoked")
        for name, url in measured.items():
            one = queries(client, url)
            print(f"{name} queries: {full[name]} with {SUPERVISEES} supervisees, {one} with 1")


if __name__ == "__main__":
    main()
