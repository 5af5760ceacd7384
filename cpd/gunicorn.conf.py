"""Gunicorn settings for `make serve`; every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# Trust X-Forwarded-* only from the reverse proxy in front of us.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Take what the worker loaded at start-up out of the garbage collector's way.

    Modules, the URLconf, settings and the privacy guard's word lists live as long as the
    worker. Frozen, they are not scanned by every full collection, which otherwise adds a
    pause of tens of milliseconds to one request in fifteen on a busy page
    (bench/bench_readiness.py prints both).
    """
    import gc
    from importlib import import_module

    from django.conf import settings

    import_module(settings.ROOT_URLCONF)  # every view imported now, not on a first request
    # The privacy guard's word lists and the suggester's English lemmas take about a second each
    # to read: read now, and frozen below, rather than on someone's first save.
    from journal.entries import privacy

    privacy.preload()
    import_module("corpus.cues").warm_up()
    gc.collect()
    gc.freeze()
