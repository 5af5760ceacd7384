"""Every HTML page against a budget: median time within 5x the login page's, under 150 KB.

    .venv/bin/python bench/bench_page_budget.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpd_bench_budget .venv/bin/python bench/bench_page_budget.py

Imports the bundled corpus and a podcast feed of ten episodes with audio (served on 127.0.0.1;
its episode pages have the player), seeds a social worker (40 entries citing passages) and a supervisor
reviewing one, then times each page with the test client, each request paired with one of the login page: the corpus pages (every source, every
episode, every standard and its all-passages page, search), the journal pages and the review
pages. Then it grows the corpus to 50x as bench_search does and times the corpus pages again,
with the generated 37,000-passage document's first and last pages. Prints each page's median,
its multiple of the login page's median, its uncompressed size and whether it is in budget.
"""

import datetime
import random
import statistics
import time

from _django import freeze_like_a_web_worker, throwaway_database
from django.test import Client

REPEATS = 15
MAX_MULTIPLE = 5.0
MAX_BYTES = 150 * 1024


def _timed_get(client: Client, url: str):
    started = time.perf_counter()
    response = client.get(url)
    return (time.perf_counter() - started) * 1000, response


def _paired_medians(client: Client, url: str, anonymous: Client) -> tuple[float, float, int]:
    """Median of the page and of the login page, requested in turn so that both see the same
    load on a shared machine; and the page's size."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    page, login = [], []
    for _ in range(REPEATS):
        login.append(_timed_get(anonymous, "/accounts/login/")[0])
        elapsed, response = _timed_get(client, url)
        page.append(elapsed)
    return statistics.median(page), statistics.median(login), len(response.content)


def _corpus_pages() -> list[str]:
    from corpus.models import Episode, Source, Standard

    pages = ["/", "/standards/", "/sources/", "/search/?q=supervision", "/search/?q=reflection"]
    for standard in Standard.objects.filter(framework__is_primary=True):
        pages += [standard.get_absolute_url(), standard.get_absolute_url() + "passages/"]
    for source in Source.objects.order_by("slug"):
        pages.append(source.get_absolute_url())
        if source.slug == "generated":
            last = source.passages.order_by("-position").first()
            pages.append(last.location_url().split("#")[0])
    for episode in Episode.objects.select_related("source").order_by("source__slug", "number"):
        pages.append(episode.get_absolute_url())
    return pages


def _seed_people():
    from corpus.models import Passage, Standard
    from journal.models import Entry
    from tests.factories import make_entry, make_share, make_supervision, make_user, save_entry

    worker = make_user("budget-worker", display_name="Bea Worker")
    supervisor = make_user("budget-supervisor", display_name="Sol Supervisor", role="supervisor")
    standards = list(Standard.objects.filter(framework__is_primary=True))
    passages = list(Passage.objects.filter(kind="paragraph").order_by("position")[:200])
    rng = random.Random(14)
    today = datetime.date.today()
    entry = None
    for n in range(40):
        entry = make_entry(
            worker,
            title=f"Reflection {n} on supervision",
            activity_date=today - datetime.timedelta(days=rng.randrange(200)),
            status=Entry.Status.DRAFT if n % 3 == 1 else Entry.Status.MARKED_COMPLETE,
            standards=rng.sample(standards, 2),
        )
        save_entry(worker, entry=entry, cite=rng.sample(passages, 2))
    make_share(entry, make_supervision(worker, supervisor), submitted=True)
    return worker, supervisor, entry


def _journal_pages(entry) -> list[str]:
    return [
        "/dashboard/",
        "/entries/",
        "/entries/new/",
        entry.get_absolute_url(),
        f"/entries/{entry.pk}/edit/",
        f"/entries/{entry.pk}/versions/",
        f"/entries/{entry.pk}/regulator-form/",
        f"/entries/{entry.pk}/share/",
        "/supervision/",
        "/notifications/",
        "/exports/",
    ]


def _review_pages(entry) -> list[str]:
    return ["/review/", f"/review/entries/{entry.pk}/"]


def _report(title: str, rows: list[tuple[str, str, float, float, int]]) -> int:
    logins = [login for *_, login, _ in rows]
    print(f"\n{title} (login page median {statistics.median(logins):.1f} ms over the run)")
    print(f"{'area':<8} {'median ms':>9} {'x login':>7} {'KB':>6}  {'':<4} page")
    failures = 0
    for area, url, median, login_ms, size in rows:
        multiple = median / login_ms
        ok = multiple <= MAX_MULTIPLE and size <= MAX_BYTES
        failures += not ok
        print(
            f"{area:<8} {median:>9.1f} {multiple:>7.1f} {size / 1024:>6.1f}  "
            f"{'ok' if ok else 'OVER':<4} {url}"
        )
    print(
        f"{len(rows) - failures} of {len(rows)} pages in budget (<= {MAX_MULTIPLE:.0f}x, < 150 KB)"
    )
    return failures


def _measure(groups: dict[str, tuple[Client, list[str]]], anonymous: Client):
    freeze_like_a_web_worker()  # what is loaded so far is the worker's start-up heap
    anonymous.get("/accounts/login/")
    rows = []
    for area, (client, urls) in groups.items():
        for url in urls:
            rows.append((area, url, *_paired_medians(client, url, anonymous)))
    return rows


def main() -> None:
    import bench_search
    from django.conf import settings

    from corpus.feeds import import_feed
    from tests.corpus.feed_server import FeedServer

    with throwaway_database(), FeedServer() as publisher:
        started = time.perf_counter()
        bench_search._import_corpus()
        # A podcast from its feed: its episode pages have a player and "Listen from here".
        settings.CORPUS_FETCH_ALLOW_PRIVATE = True
        import_feed(publisher.put_show())
        worker, supervisor, entry = _seed_people()
        print(f"set-up: {time.perf_counter() - started:.1f} s")
        anonymous, as_worker, as_supervisor = Client(), Client(), Client()
        as_worker.force_login(worker)
        as_supervisor.force_login(supervisor)
        groups = {
            "corpus": (anonymous, _corpus_pages()),
            "journal": (as_worker, _journal_pages(entry)),
            "review": (as_supervisor, _review_pages(entry)),
        }
        failures = _report("Bundled corpus", _measure(groups, anonymous))

        real, total = bench_search._grow(random.Random(bench_search.SEED))
        print(f"\ngrown: {real} real passages, {total} in all ({total / real:.0f}x)")
        groups["corpus"] = (anonymous, _corpus_pages())
        failures += _report("50x corpus", _measure(groups, anonymous))
        print(f"\npages over budget in both runs: {failures}")


if __name__ == "__main__":
    main()
