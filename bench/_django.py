"""Shared set-up for benchmarks: Django, and a throwaway test database."""

import datetime
import gc
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpd.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

# The benchmarks' day: late in a registration year (1 December 2026 - 30 November 2027), in the
# renewal rush, so a whole year of seeded entries lies in the past (an entry dated ahead is
# never complete), and the figures do not change with the day they are taken.
BENCH_DAY = datetime.datetime(2027, 11, 28, 10, 0, tzinfo=datetime.UTC)


@contextmanager
def throwaway_database():
    # Not django.test.utils.setup_test_environment(): its instrumented template rendering
    # keeps every rendered context alive, and the heap it grows makes garbage collection
    # look far slower than it is in a server. Only what the test client needs is set.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # As production serves: no SQL log kept per query, no template file checked for changes.
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.settings_dict["NAME"]
    import time_machine

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    travel = time_machine.travel(BENCH_DAY, tick=True)
    travel.start()
    try:
        print(f"database: {connection.vendor}")
        yield
    finally:
        travel.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


def freeze_like_a_web_worker() -> None:
    """Take the heap so far out of the garbage collector's way, as each web worker does once it
    has started (post_worker_init in cpd/gunicorn.conf.py), for figures a server would see."""
    from journal.entries import privacy

    privacy.preload()
    gc.collect()
    gc.freeze()


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed(fn, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples
