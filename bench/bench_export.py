"""Time and peak memory to export a year bundle of 100 entries with citations, and the worst
single-entry PDF: pathological text in every written field.

    .venv/bin/python bench/bench_export.py
Targets: PDF under 10 s and 500 MB peak; Markdown under 1 s. The worst single entry is bounded
by its text (journal.entries.markdown.MAX_PRINT_LINES); a PDF with more text than
jobs.PDF_INLINE_CHARS is built on the worker, so a web request spends at most what the
"worst in a web request" line shows.
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


WRITTEN = ("description", "learning", "impact", "peer_learning", "notes")


def laid_out(text: str) -> float:
    """A cheap model of WeasyPrint's cost for a field: the lines it lays out, from breaks and
    from wrapping about 90 characters a line. Picks which shapes to render for real."""
    from journal.entries.markdown import render_markdown_for_print

    html = str(render_markdown_for_print(text))
    return html.count("\n") + len(html) / 90


def worst_single_entry(user, top: int = 6) -> None:
    from journal.exports import build, jobs
    from journal.models import Entry
    from tests.journal.markdown_shapes import print_shapes

    fuzz = print_shapes()
    heaviest = sorted(fuzz, key=lambda name: laid_out(fuzz[name]), reverse=True)[:top]
    # The issue's own case first, however the model ranks it.
    names = ["a word a line", *(name for name in heaviest if name != "a word a line")]
    results = []
    for name in names:
        entry = Entry.objects.create(
            owner=user, title="Shape", activity_date=datetime.date(2025, 1, 1),
            peer_name="A peer", **dict.fromkeys(WRITTEN, fuzz[name]),
        )  # fmt: skip
        started = time.perf_counter()
        content = build.export_entry(entry, "pdf", include_private=True).content
        results.append((time.perf_counter() - started, len(content), name))
        entry.delete()
    print(f"single-entry PDF, {len(WRITTEN)} fields of {len(fuzz['a word a line']):,} characters:")
    for elapsed, size, name in results:
        print(f"  {elapsed:7.2f} s  {size:>10,} bytes  {name}")
    elapsed, _, name = max(results)
    print(f"worst single-entry PDF   {elapsed:7.2f} s  ({name})")
    # What a web request may spend at most: the worst shape, cut to the inline budget.
    per_field = jobs.PDF_INLINE_CHARS // len(WRITTEN)
    entry = Entry.objects.create(
        owner=user, title="Budget", activity_date=datetime.date(2025, 1, 1),
        peer_name="A peer", **dict.fromkeys(WRITTEN, print_shapes(per_field)[name]),
    )  # fmt: skip
    started = time.perf_counter()
    build.export_entry(entry, "pdf", include_private=True)
    print(
        f"worst in a web request  {time.perf_counter() - started:7.2f} s  ({name}, "
        f"{jobs.PDF_INLINE_CHARS:,} characters in all; more goes to the worker)"
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
        worst_single_entry(user)


if __name__ == "__main__":
    main()
