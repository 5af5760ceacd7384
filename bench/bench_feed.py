"""How long importing a podcast feed takes: ten episodes, transcripts in mixed formats.

    .venv/bin/python bench/bench_feed.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpd_bench .venv/bin/python bench/bench_feed.py

Serves a generated show (tests/corpus/feed_server.py: ten weekly episodes of 120 real sentences
each, transcripts in turn JSON with chapters, WebVTT, SRT and HTML) from 127.0.0.1 and imports
it on a throwaway database, standards loaded so linking runs as in production. Then imports the
unchanged feed again (counting writes: there must be none) and refreshes it (a conditional
request answered 304).
"""

import time

from _django import throwaway_database
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corpus.feeds import import_feed, refresh_feeds
from corpus.models import Passage
from corpus.standards_loading import load_bundled_standards
from tests.corpus.feed_server import FeedServer

REPEATS = 5
WRITES = ("INSERT", "UPDATE", "DELETE")


def _timed(action):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = action()
        elapsed = (time.perf_counter() - started) * 1000
    writes = sum(1 for q in queries if q["sql"].split()[0].upper() in WRITES)
    return elapsed, writes, result


def main() -> None:
    settings.CORPUS_FETCH_ALLOW_PRIVATE = True  # the show is served on 127.0.0.1
    with throwaway_database(), FeedServer() as server:
        load_bundled_standards()
        url = server.put_show()
        fresh, writes, report = _timed(lambda: import_feed(url))
        formats = sorted({path.rsplit(".", 1)[-1] for path in server.files if "/show/" in path})
        print(
            f"feed: {report.episodes} episodes ({', '.join(formats)}), {report.speakers} speakers"
        )
        print(f"fresh import: {fresh:.0f} ms, {report.passages} passages, {writes} writes")
        print(f"passages with times: {Passage.objects.filter(start__isnull=False).count()}")
        again = [_timed(lambda: import_feed(url)) for _ in range(REPEATS)]
        best = min(elapsed for elapsed, _, _ in again)
        writes = max(w for _, w, _ in again)
        skipped = all(result.skipped for *_, result in again)
        print(f"re-import, unchanged: {best:.0f} ms, {writes} writes (skipped: {skipped})")
        refresh = [_timed(refresh_feeds) for _ in range(REPEATS)]
        best = min(elapsed for elapsed, _, _ in refresh)
        writes = max(w for _, w, _ in refresh)
        modified = sum(not r.not_modified for *_, results in refresh for r in results)
        print(f"refresh, unchanged (304): {best:.1f} ms, {writes} writes, {modified} re-read")
        if writes:
            raise SystemExit("an unchanged feed wrote to the database")


if __name__ == "__main__":
    main()
