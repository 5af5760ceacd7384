"""Page speed with a heavy user: dashboard, entry list and an entry page, against a bare view.

    .venv/bin/python bench/bench_pages.py
Seeds one user with 500 entries, all in the current registration year (a worst case: every
readiness check compares the whole year). Targets: each page under 100 ms p95. Printed twice:
in a plain process, and with the start-up heap frozen as each web worker has it.
"""

import datetime
import random

from _django import freeze_like_a_web_worker, percentiles, throwaway_database, timed
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse

REPEATS = 60


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bare/", bare)]


def seed():
    from corpus.models import Standard
    from corpus.standards_loading import load_bundled_standards
    from journal.entries import services
    from journal.models import Entry, User
    from journal.year.registration import RegistrationYear
    from tests.factories import make_passage, make_source

    load_bundled_standards()
    standards = list(Standard.objects.filter(framework__is_primary=True))
    passages = [make_passage(make_source(f"s{n}"), f"Passage {n} on supervision") for n in range(5)]
    user = User.objects.create_user("heavy", password="x")
    year = RegistrationYear.current()
    rng = random.Random(7)
    for n in range(500):
        entry = Entry.objects.create(
            owner=user,
            title=f"Reflection {n}",
            activity_date=year.start + datetime.timedelta(days=rng.randrange(360)),
            description="Description " * 20,
            learning="Learning " * 30,
            impact="Impact " * 30,
            status="complete" if n % 3 else "draft",
            peer_name="Colleague" if n % 4 == 0 else "",
            peer_learning="Discussed" if n % 4 == 0 else "",
        )
        entry.standards.set(rng.sample(standards, 2))
        if n % 5 == 0:
            services.entry_save(
                user=user, entry=entry, change=services.EntryChange(cite=[rng.choice(passages)])
            )
    return user, entry


def main():
    with throwaway_database():
        user, entry = seed()
        client = Client()
        client.force_login(user)
        pages = {
            "bare view": "/bare/",
            "dashboard": reverse("journal:dashboard"),
            "entry list": reverse("journal:entry_list"),
            "entry page": reverse("journal:entry_detail", args=[entry.pk]),
        }
        from django.urls import clear_url_caches, get_resolver

        get_resolver().url_patterns.insert(0, urlpatterns[0])
        clear_url_caches()
        for url in pages.values():
            assert client.get(url).status_code == 200, url
        _report("plain process", pages, client)
        freeze_like_a_web_worker()
        _report("web worker, start-up heap frozen", pages, client)


def _report(title, pages, client):
    results = {
        name: percentiles(timed(lambda u=url: client.get(u), REPEATS))
        for name, url in pages.items()
    }
    bare_median = results["bare view"][0]
    print(f"\n{title}\n{'page':<12} {'median ms':>10} {'p95 ms':>8} {'x bare':>7}")
    for name, (median, p95) in results.items():
        print(f"{name:<12} {median:>10.1f} {p95:>8.1f} {median / bare_median:>7.1f}")


if __name__ == "__main__":
    main()
