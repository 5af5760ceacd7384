"""Shared fixtures: personas for permission tests and a small corpus to cite."""

import datetime

import pytest

from tests import factories
from tests.today import a_fixed_day


@pytest.fixture(autouse=True)
def _a_fixed_day(request):
    """Every test but the browser tests runs on tests.today.TEST_TODAY; a test about a
    particular day travels again inside it. A test written around the dates of one year says
    so with `@pytest.mark.today("2027-02-16")`, and keeps that day whatever CPD_TEST_TODAY is."""
    if request.node.get_closest_marker("e2e"):
        yield
        return
    pinned = request.node.get_closest_marker("today")
    with a_fixed_day(datetime.date.fromisoformat(pinned.args[0]) if pinned else None):
        yield


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Argon2 is deliberately slow; tests measure behaviour, not hashing cost. Set for the
    whole session, so that a world built once for a module (the permission matrix's seven
    people) is hashed quickly too, not only what each test makes."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL the tests' connections commit without waiting for the disk
    (synchronous_commit=off: a commit is seen by every other connection at once, and only a
    server crash could lose it, which a test database never outlives). Migrating each test
    database and the browser tests' requests commit often; each commit waited about 3 ms here.
    Subprocesses of the operations tests keep the server's own setting."""
    from django.db import connections

    for connection in connections.all():
        if connection.vendor == "postgresql":
            options = connection.settings_dict.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(scope="session", autouse=True)
def _quick_flush_on_postgresql():
    """After each browser test (and every other test on transactional_db) Django empties
    every table. On PostgreSQL it does so with one TRUNCATE of all 56 tables, which makes new
    files for each table and index: about 0.9 s a test here. Deleting the rows instead, with
    the foreign keys checked at commit (Django makes them all DEFERRABLE), leaves the same
    empty tables in 0.03 s. Only the tests' flush changes; sequences are kept either way."""
    from unittest import mock

    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [
            "SET CONSTRAINTS ALL DEFERRED",
            *(f"DELETE FROM {self.quote_name(table)}" for table in tables),
        ]

    with mock.patch.object(DatabaseOperations, "sql_flush", sql_flush):
        yield


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path_factory):
    # The shared cache is a database table in production; in memory here, so that tests with
    # no database can run (the shared_cache fixture below uses the table).
    settings.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in settings.CACHES
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Background tasks run at once, in the test's own transaction.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Evidence files go to a temporary folder, never the checkout's var/evidence.
    settings.EVIDENCE_ROOT = tmp_path_factory.getbasetemp() / "evidence"


@pytest.fixture(autouse=True)
def _empty_cache(_fast_and_quiet):
    # Row ids come round again between tests, and allauth's rate limits live in the cache:
    # nothing cached may outlive its test.
    from django.core.cache import caches

    from corpus.models import Standard
    from journal.year import sameness

    for cache in caches.all():
        cache.clear()
    Standard.objects.forget_primary()
    sameness.forget_near_identical()
    yield
    for cache in caches.all():
        cache.clear()
    Standard.objects.forget_primary()
    sameness.forget_near_identical()


@pytest.fixture
def shared_cache(db, settings):
    """The cache as production has it: a table in the database, shared by every process."""
    from cpd import settings as production

    in_memory, settings.CACHES = settings.CACHES, production.CACHES
    yield
    settings.CACHES = in_memory


@pytest.fixture
def standards(db):
    """Social Work England's six standards and their statements, as shipped."""
    return factories.swe_framework()


@pytest.fixture
def owner(db):
    return factories.make_user("owner", display_name="Olu Owner")


@pytest.fixture
def stranger(db):
    return factories.make_user("stranger", display_name="Sam Stranger")


@pytest.fixture
def supervisor(db):
    return factories.make_user("supervisor", display_name="Sue Supervisor", role="supervisor")


@pytest.fixture
def worker(db):
    """A person with an account and nothing else, for the sign-in and session tests."""
    return factories.make_user("worker")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client
