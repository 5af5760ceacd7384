"""Search latency over the corpus grown to 50 times its size with generated passages.

    .venv/bin/python bench/bench_search.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpd_bench_search .venv/bin/python bench/bench_search.py

Imports the bundled documents into a throwaway database, adds generated passages (words
drawn from the real corpus) until there are 50 times as many, then times ~50 queries the
way the search page runs them: count, then the first page of 20 hits with snippets.
Target: p95 under 50 ms at 50x on PostgreSQL.
"""

import random
import time

from _django import percentiles, throwaway_database
from django.core.paginator import Paginator
from django.db import connection

from corpus import search as search_module
from corpus.loading import load_all
from corpus.models import Passage, Source, fingerprint
from corpus.search import search_passages
from corpus.standards_loading import load_bundled_standards

GROWTH = 50
PAGE = 20
SEED = 20260314


def _import_corpus() -> None:
    load_bundled_standards()
    reports = load_all()
    failed = [report for report in reports if not report.ok]
    if failed:
        raise SystemExit("\n".join(str(report.error) for report in failed))


def _grow(rng: random.Random) -> tuple[int, int]:
    real = list(Passage.objects.values_list("text", flat=True))
    vocabulary = [word for text in real for word in text.split()]
    lengths = [len(text.split()) for text in real]
    source = Source.objects.create(
        slug="generated", title="Generated passages", kind="article", importer="none"
    )
    target = len(real) * GROWTH
    batch = []
    for position in range(1, target - len(real) + 1):
        words = rng.sample(vocabulary, min(len(vocabulary), rng.choice(lengths) or 10))
        text = " ".join(words)
        digest = fingerprint(f"{position}:{text}")
        batch.append(
            Passage(
                source=source,
                position=position,
                anchor=digest[:12],
                fingerprint=digest,
                text=text,
            )
        )
        if len(batch) == 2000:
            Passage.objects.bulk_create(batch)
            batch = []
    Passage.objects.bulk_create(batch)
    search_module.reindex_source(source)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE corpus_passage")
    return len(real), Passage.objects.count()


def _queries(rng: random.Random) -> list[str]:
    fixed = [
        "supervision",
        "reflecting",
        "reflective practice",
        '"critical reflection"',
        "safeguarding",
        "social work england",
        '"continuing professional development"',
        "wellbeing",
        "equality diversity inclusion",
        "reflect* NEAR(supervision)",
    ]
    texts = list(
        Passage.objects.exclude(source__slug="generated").values_list("text", flat=True)[:400]
    )
    words = [w.strip(".,;:!?\"'()") for t in texts for w in t.split() if len(w) > 5]
    picked = [rng.choice(words) for _ in range(25)]
    pairs = [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(10)]
    phrases = []
    for text in rng.sample(texts, 5):
        parts = text.split()
        start = rng.randrange(max(1, len(parts) - 3))
        phrases.append('"' + " ".join(parts[start : start + 3]) + '"')
    return fixed + picked + pairs + phrases


def _time(query: str) -> tuple[float, int]:
    started = time.perf_counter()
    page = Paginator(search_passages(query), PAGE).get_page(1)
    hits = [(hit.passage.source.slug, str(hit.snippet)) for hit in page.object_list]
    elapsed = time.perf_counter() - started
    assert len(hits) == len(page.object_list)
    return elapsed, page.paginator.count


def main() -> None:
    rng = random.Random(SEED)
    with throwaway_database():
        started = time.perf_counter()
        _import_corpus()
        real, total = _grow(rng)
        print(f"passages: {real} real, {total} in all ({total / real:.0f}x)")
        print(f"set-up (import + generate): {time.perf_counter() - started:.1f} s")
        queries = _queries(rng)
        for query in queries[:5]:
            _time(query)  # warm caches and connections
        timings, hits = [], []
        for query in queries:
            elapsed, count = _time(query)
            timings.append(elapsed * 1000)
            hits.append(count)
        median, p95 = percentiles(timings)
        print(f"queries: {len(queries)}, median hits: {sorted(hits)[len(hits) // 2]}")
        print(
            f"search latency (count + first page of {PAGE}): median {median:.1f} ms, p95 {p95:.1f} ms"
        )
        print(f"slowest: {max(timings):.1f} ms for {queries[timings.index(max(timings))]!r}")


if __name__ == "__main__":
    main()
