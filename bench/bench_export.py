"""Time and peak memory to export a year bundle of 100 entries with citations.

    .venv/bin/python bench/bench_export.py
Targets: PDF under 10 s and 500 MB peak; Markdown under 1 s.
"""

import datetime
import resource
import time
import tracemalloc

from _django import throwaway_database


def seed():
    from journal.entries import services
    from journal.models import Entry, User
    from journal.year.registration import RegistrationYear
    from tests.factories import make_framework, make_passage, make_source

    framework = make_framework()
    standards = list(framework.standards.all())
    source = make_source("bench-source", title="This Is Social Work")
    passages = [
        make_passage(source, f"Passage {n}: supervision and reflection matter. " * 3)
        for n in range(20)
    ]
    user = User.objects.create_user(
        "exporter", password="x", display_name="Bench Worker", registration_number="SW1"
    )
    # Last year, which is wholly past: this year's would hold future dates early in the year.
    year = RegistrationYear.current().previous()
    for n in range(100):
        entry = Entry.objects.create(
            owner=user,
            title=f"Reflection {n}",
            activity_date=year.start + datetime.timedelta(days=n * 3),
            description="I listened to a podcast on **supervision**.\n\n- point one\n- point two\n"
            * 3,
            learning="What I learnt. " * 40,
            impact="The impact on my practice. " * 40,
            peer_name="Team manager",
            peer_learning="We discussed it. " * 10,
            status="complete",
        )
        entry.standards.set(standards[n % 6 : n % 6 + 2])
        for passage in passages[n % 17 : n % 17 + 2]:
            services.entry_save(user=user, entry=entry, change=services.EntryChange(cite=[passage]))
    return user, year


def measure(label, fn):
    # Time first on its own: tracemalloc slows Python down several times over.
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    # Read before tracemalloc runs: its own record of every allocation is large.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:<22} {elapsed:>7.2f} s   python peak {peak / 2**20:>7.1f} MB   process max RSS {rss:>7.1f} MB   {len(result.content):>10,} bytes"
    )


def main():
    with throwaway_database():
        from journal.exports import build

        user, year = seed()
        params = {"year": year.end.year}
        measure(
            "Markdown ZIP, 100",
            lambda: build.export_for_params(owner=user, fmt="md", params=params),
        )
        measure(
            "PDF, 100 entries",
            lambda: build.export_for_params(owner=user, fmt="pdf", params=params),
        )


if __name__ == "__main__":
    main()
