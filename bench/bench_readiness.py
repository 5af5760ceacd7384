"""Readiness for a heavy user: 500 entries over 5 years, checked for the current year.

    .venv/bin/python bench/bench_readiness.py      (DATABASE_URL=postgres://... for PostgreSQL)
Target: a constant number of queries and under 50 ms (median and p95) on PostgreSQL. The
near-identical check compares every piece of the year with the others and with the year
before, so the texts are varied the way real reflections are. The privacy scan of each text
is cached in the process (keyed on the text), and so is the near-identical answer (keyed on
the year's texts), so the figures are for a page shown again; the first look after a restart,
which scans and compares every text, is printed too.
"""

import datetime
import random
import time

from _django import freeze_like_a_web_worker, percentiles, throwaway_database, timed
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal.year import selectors as year_selectors

REPEATS = 40
SYLLABLES = [
    "ba",
    "ca",
    "de",
    "fi",
    "go",
    "hu",
    "ja",
    "ke",
    "li",
    "mo",
    "nu",
    "pa",
    "re",
    "si",
    "to",
    "vu",
    "wa",
    "xe",
    "yo",
    "zu",
]
# Natural language follows Zipf's law: a few words everywhere, most words rare. Random draws
# from a short word list would make every record share every word, which no reflection does.
VOCABULARY = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES})[:6000]
WEIGHTS = [1 / rank for rank in range(1, len(VOCABULARY) + 1)]


# Reflections mention dates, statement numbers and durations: half the texts carry one, so the
# privacy scan's patterns for numbers run as they would on real writing.
NUMBERS = ["on 14 March 2026", "under standard 4.2", "for 6 weeks", "in 2025", "at 9am"]


def text(rng: random.Random, words: int) -> str:
    said = " ".join(rng.choices(VOCABULARY, WEIGHTS, k=words)).capitalize()
    return said + (f" {rng.choice(NUMBERS)}." if rng.random() < 0.5 else ".")


def seed():
    from corpus.models import Standard
    from corpus.standards_loading import load_bundled_standards
    from journal.models import Entry, User
    from journal.year.registration import RegistrationYear

    load_bundled_standards()
    standards = list(Standard.objects.filter(framework__is_primary=True))
    user = User.objects.create_user("heavy", password="x")
    current = RegistrationYear.current()
    rng = random.Random(12)
    for n in range(500):
        year = RegistrationYear.ending_in(current.end.year - n % 5)
        entry = Entry.objects.create(
            owner=user,
            title=f"Reflection {n}",
            activity_date=year.start + datetime.timedelta(days=rng.randrange(360)),
            description=text(rng, 60),
            learning=text(rng, 80),
            impact=text(rng, 80),
            status="complete" if n % 3 else "draft",
            peer_name="Colleague" if n % 4 == 0 else "",
            peer_learning=text(rng, 40) if n % 4 == 0 else "",
            copied_on=datetime.date.today() if n % 7 == 0 else None,
        )
        entry.standards.set(rng.sample(standards, 2))
        if n % 50 == 0:  # a pasted copy of another record, for the duplicate check to find
            Entry.objects.create(
                owner=user,
                title=f"Copy of {n}",
                activity_date=entry.activity_date,
                description=entry.description,
                learning=entry.learning,
                impact=entry.impact + " Again.",
                status="complete",
            )
    return user, current


def main():
    from journal.entries import privacy
    from journal.year import readiness, sameness

    with throwaway_database():
        user, year = seed()
        today = datetime.date.today()
        privacy.preload()  # as a web worker has them from start-up (cpd/gunicorn.conf.py)
        readiness._scan.cache_clear()
        sameness.forget_near_identical()
        started = time.perf_counter()
        year_selectors.year_readiness(user, [year], today=today)
        cold = (time.perf_counter() - started) * 1000
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                result = year_selectors.year_readiness(user, [year], today=today)[year]
            counts.append(len(queries))
        median, p95 = percentiles(
            timed(lambda: year_selectors.year_readiness(user, [year], today=today), REPEATS)
        )
        freeze_like_a_web_worker()
        served = percentiles(
            timed(lambda: year_selectors.year_readiness(user, [year], today=today), REPEATS)
        )
        flagged = sum(1 for p in result.pieces if p.matches)
        print(
            f"readiness: {len(result.pieces)} pieces this year (500 entries over 5 years), "
            f"{flagged} flagged near-identical, {counts[0]} quer{'y' if counts[0] == 1 else 'ies'}"
        )
        print(f"readiness median {median:.1f} ms, p95 {p95:.1f} ms (target < 50 ms)")
        print(
            f"readiness in a web worker (start-up heap frozen): median {served[0]:.1f} ms, "
            f"p95 {served[1]:.1f} ms (target < 50 ms)"
        )
        print(f"readiness first look after a restart (every text scanned): {cold:.1f} ms")


if __name__ == "__main__":
    main()
