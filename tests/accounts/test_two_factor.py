"""Two-factor sign-in: an authenticator app (TOTP) with recovery codes."""

import datetime

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.accounts.helpers import log_in, reauthenticate, totp_code, turn_on_two_factor
from tests.factories import make_user


@pytest.fixture
def enrolled(client, worker):
    log_in(client, "worker")
    secret, codes = turn_on_two_factor(client)
    client.post(reverse("account_logout"))
    return secret, codes


def test_turning_on_two_factor_gives_recovery_codes(client, worker):
    log_in(client, "worker")
    _, codes = turn_on_two_factor(client)
    assert Authenticator.objects.filter(user=worker, type="totp").exists()
    assert len(codes) == 10
    profile = client.get(reverse("journal:profile")).content.decode()
    assert "Turn on two-factor sign-in" not in profile  # no longer nagged


def test_a_wrong_code_does_not_turn_it_on(client, worker):
    log_in(client, "worker")
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    assert "authenticator app" in page.lower()
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=worker).exists()


def test_sign_in_then_asks_for_a_code(client, enrolled):
    secret, _ = enrolled
    response = log_in(client, "worker")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("journal:dashboard")).status_code == 302  # a password is not enough
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, step=1)})
    assert response.status_code == 302
    assert client.get(reverse("journal:dashboard")).status_code == 200


def test_a_wrong_code_keeps_you_out(client, enrolled):
    log_in(client, "worker")
    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert response.status_code == 200
    assert client.get(reverse("journal:dashboard")).status_code == 302


def test_the_production_cache_is_shared_by_every_process():
    from cpd import settings as production

    backend = production.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache"


def test_wrong_codes_are_limited_per_person_from_any_address(shared_cache, enrolled):
    secret, _ = enrolled
    for n in range(5):
        guesser = Client(REMOTE_ADDR=f"203.0.113.{n}")  # a new address for every guess
        log_in(guesser, "worker")
        response = guesser.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert "Incorrect code" in response.content.decode()
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    log_in(elsewhere, "worker")
    response = elsewhere.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert "Too many wrong codes" in response.content.decode()
    assert elsewhere.get(reverse("journal:dashboard")).status_code == 302
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16), tick=False):
        log_in(elsewhere, "worker")
        response = elsewhere.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert response.status_code == 302
        assert elsewhere.get(reverse("journal:dashboard")).status_code == 200


def test_right_codes_do_not_count_against_the_person(client, enrolled):
    _, codes = enrolled
    for code in codes[:6]:
        log_in(client, "worker")
        assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
        client.post(reverse("account_logout"))


def test_a_recovery_code_signs_in_once(client, enrolled):
    _, codes = enrolled
    log_in(client, "worker")
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("journal:dashboard")).status_code == 200
    client.post(reverse("account_logout"))
    log_in(client, "worker")
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 200
    assert client.get(reverse("journal:dashboard")).status_code == 302


def test_supervisors_are_asked_to_turn_it_on_before_signing_off(client, db):
    make_user("boss", role="supervisor")
    log_in(client, "boss")
    profile = client.get(reverse("journal:profile")).content.decode()
    assert "before you sign off anyone" in profile
    turn_on_two_factor(client)
    queue = client.get(reverse("journal:review_queue")).content.decode()
    assert "Turn on two-factor sign-in" not in queue


def test_the_review_queue_asks_a_supervisor_without_two_factor(client, db):
    make_user("boss", role="supervisor")
    log_in(client, "boss")
    queue = client.get(reverse("journal:review_queue")).content.decode()
    assert "Turn on two-factor sign-in" in queue
