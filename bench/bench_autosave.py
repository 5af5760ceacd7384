"""Autosave: queries and time per save, on a draft with a long history and a full form.

    .venv/bin/python bench/bench_autosave.py
Seeds one draft with 200 versions, 10 quotations and ticked standards and statements, then
autosaves it as the editor does (every field, a different word each time, so no save folds
into the one before). Targets: the same number of queries whatever the history, and under
50 ms p95 in a web worker.
"""

import time

from _django import freeze_like_a_web_worker, percentiles, throwaway_database
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

REPEATS = 60


def seed():
    from corpus.models import Standard, Statement
    from corpus.standards_loading import load_bundled_standards
    from journal.entries import services
    from journal.models import User
    from tests.factories import make_passage, make_source

    load_bundled_standards()
    user = User.objects.create_user("writer", password="x")
    passages = [
        make_passage(make_source(f"s{n}"), f"Passage {n} on supervision") for n in range(10)
    ]
    entry = services.entry_save(
        user=user,
        change=services.EntryChange(fields={"title": "A long draft"}, cite=passages),
    ).entry
    for n in range(200):
        entry = services.entry_save(
            user=user,
            entry=entry,
            change=services.EntryChange(fields={"learning": f"Version {n} " * 50}),
            expected_revision=entry.revision,
        ).entry
    standards = list(Standard.objects.filter(framework__is_primary=True).order_by("number")[:3])
    statements = list(Statement.objects.filter(standard__in=standards).order_by("number")[:4])
    return user, entry, standards, statements


def main():
    from journal.models import Entry

    with throwaway_database():
        user, entry, standards, statements = seed()
        client = Client()
        client.force_login(user)
        url = reverse("journal:entry_autosave", args=[entry.pk])
        citations = [c.pk for c in entry.citations.all()]
        counter = iter(range(10**6))

        def save():
            revision = Entry.objects.values_list("revision", flat=True).get(pk=entry.pk)
            data = {
                "activity_type": "reading",
                "title": "A long draft",
                "activity_date": "2026-03-14",
                "description": "What I did and why it matters. " * 40,
                "learning": f"Word {next(counter)}. " + "What I learnt. " * 80,
                "impact": "What changes for the people I work with. " * 40,
                "revision": revision,
                "standards": [s.pk for s in standards],
                "statements": [s.pk for s in statements],
                "citation": citations,
                "citations_listed": "on",
            }
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.post(url, data)
                took = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.content
            return took, len(queries)

        save()  # the session's device, recorded once
        for title, prepare in (("plain process", None), ("web worker", freeze_like_a_web_worker)):
            if prepare:
                prepare()
            runs = [save() for _ in range(REPEATS)]
            median, p95 = percentiles([took for took, _ in runs])
            counts = sorted({n for _, n in runs})
            print(
                f"{title}: autosave median {median:.1f} ms, p95 {p95:.1f} ms; "
                f"queries per autosave {counts} (history {entry.versions.count()} versions)"
            )


if __name__ == "__main__":
    main()
