"""Tries counted per person in the shared cache (journal.people.accounts.tries)."""

import datetime

import time_machine
from django.core.cache import cache
from django.utils import timezone

from journal.people.accounts import tries

CODES = tries.Limit("codes", tries=5, seconds=15 * 60)


def take_all(person_pk, limit=CODES):
    return [tries.take(limit, person_pk) for _ in range(limit.tries + 1)]


def test_the_try_after_the_last_is_refused(db):
    *counted, refused = take_all(1)
    assert all(counted) and refused is None


def test_each_person_has_their_own_tries(db):
    take_all(1)
    assert tries.take(CODES, 2) is not None


def test_a_try_given_back_does_not_count(db):
    for _ in range(CODES.tries * 2):
        tries.take(CODES, 1).give_back()
    assert len(cache.get(CODES.key(1))) == 0
    assert tries.take(CODES, 1) is not None


def test_giving_back_hands_back_that_try_only(db):
    first = tries.take(CODES, 1)
    tries.take(CODES, 1)
    first.give_back()
    first.give_back()  # twice is still one
    assert len(cache.get(CODES.key(1))) == 1


def test_tries_older_than_the_window_stop_counting_one_by_one(db):
    now = timezone.now()
    tries.take(CODES, 1)
    with time_machine.travel(now + datetime.timedelta(minutes=10), tick=False):
        for _ in range(CODES.tries - 1):
            assert tries.take(CODES, 1)
        assert tries.take(CODES, 1) is None
    with time_machine.travel(now + datetime.timedelta(minutes=16), tick=False):
        assert tries.take(CODES, 1) is not None  # the first try has gone
        assert tries.take(CODES, 1) is None  # the four at ten minutes still count


def test_a_count_another_process_holds_refuses_rather_than_waits_forever(db, monkeypatch):
    monkeypatch.setattr(tries, "LOCK_WAIT_SECONDS", 0.05)
    cache.add(f"{CODES.key(1)}:lock", True)
    assert tries.take(CODES, 1) is None
    cache.delete(f"{CODES.key(1)}:lock")
    assert tries.take(CODES, 1) is not None


def test_a_try_that_cannot_be_given_back_stays_counted(db, monkeypatch):
    counted = tries.take(CODES, 1)
    monkeypatch.setattr(tries, "LOCK_WAIT_SECONDS", 0.05)
    cache.add(f"{CODES.key(1)}:lock", True)
    counted.give_back()
    assert len(cache.get(CODES.key(1))) == 1


def test_tries_are_counted_in_the_table_every_process_shares(shared_cache):
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from django.db import connection

    take_all(1)
    assert isinstance(caches["default"], DatabaseCache)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cpd_cache")
        assert cursor.fetchone()[0] == 1  # the lock is gone; the count stays


def test_two_factor_codes_read_the_settings(settings):
    settings.TWO_FACTOR_CODE_TRIES, settings.TWO_FACTOR_CODE_TRIES_MINUTES = 3, 2
    assert tries.two_factor_codes() == tries.Limit("two_factor_codes", tries=3, seconds=120)
