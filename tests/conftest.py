"""Shared fixtures: personas for permission tests and a small corpus to cite."""

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    # allauth's rate limits live in the cache: each test starts with none used.
    from django.core.cache import cache

    cache.clear()
    # Argon2 is deliberately slow; tests measure behaviour, not hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Background tasks run at once, in the test's own transaction.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # Row ids come round again between tests; nothing cached may outlive its test.
    from django.core.cache import cache

    from corpus.models import Standard
    from journal import readiness

    cache.clear()
    Standard.objects.forget_primary()
    readiness.forget_near_identical()
    yield
    cache.clear()
    Standard.objects.forget_primary()
    readiness.forget_near_identical()


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
def owner_client(client, owner):
    client.force_login(owner)
    return client
