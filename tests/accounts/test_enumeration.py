"""Nothing tells a stranger who has an account (weakness 4).

Each pair of requests differs only in whether an account exists; the responses must be the
same (status, where they lead, and the page there, once the typed address is blanked out),
and an email goes out either way.
"""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from journal.models import Supervision, User
from tests.accounts.helpers import sign_up
from tests.factories import make_user


def page_after(client, response, typed: str) -> tuple[int, str, str]:
    location = response.get("Location", "")
    body = client.get(location).content.decode() if location else response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    body = re.sub(r"/supervision/\d+/", "/supervision/<pk>/", body)
    return response.status_code, location, body.replace(typed, "<typed>")


@pytest.fixture
def existing(db):
    return make_user("existing", email="existing@example.org")


# At one frozen moment: the code page says from when a new code may be sent, to the second.
@time_machine.travel(datetime.datetime(2026, 12, 7, 15, 0, tzinfo=datetime.UTC), tick=False)
def test_sign_up_with_a_taken_address_looks_like_any_other(client, existing):
    from django.test import Client

    taken = page_after(
        client, sign_up(client, email="existing@example.org"), "existing@example.org"
    )
    other = Client()
    fresh = page_after(other, sign_up(other, email="nobody@example.org"), "nobody@example.org")

    assert taken == fresh
    assert User.objects.filter(email__iexact="existing@example.org").count() == 1
    # Both addresses got an email: a code for the new one, "you already have an account" for
    # the taken one, so only the owner of the address learns anything.
    assert sorted(m.to[0] for m in mail.outbox) == ["existing@example.org", "nobody@example.org"]
    (notice,) = [m for m in mail.outbox if m.to == ["existing@example.org"]]
    assert "already uses this address" in notice.body


@pytest.mark.parametrize("email", ["existing@example.org", "nobody@example.org"])
def test_a_new_code_greys_the_button_whether_or_not_the_address_has_an_account(
    client, existing, email
):
    """With an account behind the address a new code is emailed; without, nothing is, yet
    allauth counts it against the address all the same, and the page says so alike."""
    page_url = reverse("account_email_verification_sent")
    with time_machine.travel(datetime.datetime(2026, 12, 7, 15, 0, tzinfo=datetime.UTC)) as t:
        sign_up(client, email=email)
        t.shift(11)
        assert 'data-wait-seconds="' not in client.get(page_url).content.decode()
        client.post(page_url, {"action": "resend"})
        assert 'data-wait-seconds="10"' in client.get(page_url).content.decode()


@pytest.mark.parametrize("email", ["existing@example.org", "nobody@example.org"])
def test_sign_up_does_the_same_slow_work_for_a_taken_address(client, existing, email, monkeypatch):
    # Hashing the password is most of a sign-up's time; skipping it for a taken address told
    # anyone with a stopwatch (8-13 ms against 124-156 ms) that the address has an account.
    from django.contrib.auth.hashers import MD5PasswordHasher

    hashed = []
    encode = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher, "encode", lambda self, *args: hashed.append(1) or encode(self, *args)
    )
    assert sign_up(client, email=email).status_code == 302
    assert len(hashed) == 1
    assert [m.to for m in mail.outbox] == [[email]]


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, existing):
    url = reverse("account_reset_password")
    known = page_after(client, client.post(url, {"email": "existing@example.org"}),
                       "existing@example.org")  # fmt: skip
    unknown = page_after(client, client.post(url, {"email": "nobody@example.org"}),
                         "nobody@example.org")  # fmt: skip
    assert known == unknown and known[0] == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["existing@example.org", "nobody@example.org"]


def test_inviting_an_account_or_a_stranger_looks_the_same(client, existing, owner):
    client.force_login(owner)
    url = reverse("journal:supervision")
    known = page_after(client, client.post(url, {"identifier": "existing@example.org"}),
                       "existing@example.org")  # fmt: skip
    Supervision.objects.all().delete()
    unknown = page_after(client, client.post(url, {"identifier": "nobody@example.org"}),
                         "nobody@example.org")  # fmt: skip
    assert known == unknown and known[0] == 302


def test_inviting_a_username_looks_the_same_whether_or_not_it_has_an_account(
    client, existing, owner
):
    # Before, an unknown username answered "We could not find anyone with the username…".
    client.force_login(owner)
    url = reverse("journal:supervision")
    known = page_after(client, client.post(url, {"identifier": "existing"}), "existing")
    unknown = page_after(client, client.post(url, {"identifier": "nobody-at-all"}), "nobody-at-all")
    assert known[:2] == unknown[:2]  # the same answer and the same page
    assert "Invitation sent to <typed>." in known[2] and "Invitation sent to <typed>." in unknown[2]
    assert Supervision.objects.count() == 2  # the unknown one waits, unanswered
