"""Sign-up asks for an address, confirms it with a typed code, then offers two-factor."""

import datetime
import re

import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from journal.models import User
from journal.people.accounts import resend
from tests.accounts.helpers import enter_code, last_code, log_in, sign_up


def test_sign_up_confirms_the_address_with_a_code_then_offers_two_factor(client, db):
    response = sign_up(client, email="Nia.Worker@Example.org", registration_number="sw 123456")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert (user.display_name, user.registration_number) == ("New Worker", "SW123456")
    assert user.username  # made from the address; shown on the profile
    assert not EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("journal:dashboard")).status_code == 302  # not in yet

    response = enter_code(client, last_code("nia.worker@example.org"))

    assert response.status_code == 302
    assert response["Location"] == reverse("journal:account_welcome")
    assert EmailAddress.objects.get(user=user).verified
    welcome = client.get(response["Location"]).content.decode()
    assert "Turn on two-factor sign-in" in welcome
    assert client.get(reverse("journal:dashboard")).status_code == 200


def test_a_wrong_code_is_refused_and_nothing_is_verified(client, db):
    sign_up(client)
    response = enter_code(client, "AAAAAA")
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not EmailAddress.objects.filter(verified=True).exists()


def test_an_unverified_new_account_cannot_log_in_until_the_code_is_typed(client, db):
    sign_up(client)
    client.logout()
    mail.outbox.clear()
    cache.clear()  # later: a second code within 10 seconds is refused, rightly
    response = log_in(client, "new@example.org")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    enter_code(client, last_code("new@example.org"))
    assert client.get(reverse("journal:dashboard")).status_code == 200


def test_sign_up_rejects_weak_passwords(client, db):
    response = sign_up(client, password1="password", password2="password")
    assert response.status_code == 200
    assert b"too common" in response.content
    assert not User.objects.exists()


def test_sign_up_checks_the_registration_number(client, db):
    response = sign_up(client, registration_number="12345")
    assert "followed by digits" in response.content.decode()
    assert not User.objects.exists()


def test_the_email_box_does_not_capitalise_or_correct_on_a_phone(client, db):
    for url in ("account_signup", "account_login", "account_reset_password"):
        body = client.get(reverse(url)).content.decode()
        assert 'autocapitalize="none"' in body and 'autocorrect="off"' in body, url


def test_asking_for_new_codes_too_fast_answers_a_page_with_a_way_back(client, db):
    sign_up(client)
    resend = reverse("account_email_verification_sent")
    for _ in range(3):
        response = client.post(resend, {"action": "resend"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many requests in a short time" in page
    assert "The code in the latest email still works" in page
    assert f'href="{resend}"' in page


def _resend_button(page: str) -> str:
    return re.search(r'<button[^>]*form="resend"[^>]*>', page).group(0)


def test_send_a_new_code_is_greyed_until_another_may_be_sent_and_says_when(client, db):
    page_url = reverse("account_email_verification_sent")
    with time_machine.travel(
        datetime.datetime(2026, 12, 7, 15, 0, 0, tzinfo=datetime.UTC), tick=False
    ) as t:
        sign_up(client)
        page = client.get(page_url).content.decode()
        assert "disabled" in _resend_button(page)
        assert 'data-wait-seconds="10"' in _resend_button(page)
        # London time, as every page tells it.
        assert 'A new code can be sent from <time datetime="2026-12-07T15:00:10' in page
        assert ">15:00:10</time>" in page and "js/resend.js" in page

        t.shift(11)
        page = client.get(page_url).content.decode()
        assert "disabled" not in _resend_button(page)
        assert "A new code can be sent from" not in page
        mail.outbox.clear()
        client.post(page_url, {"action": "resend"})
        assert len(mail.outbox) == 1
        # Greyed again, from the new code on; a refused request (429) starts no new wait.
        assert 'data-wait-seconds="10"' in _resend_button(client.get(page_url).content.decode())
        t.shift(5)
        assert client.post(page_url, {"action": "resend"}).status_code == 429
        assert 'data-wait-seconds="5"' in _resend_button(client.get(page_url).content.decode())

        # allauth sends two new codes at most: then the page says what to do instead.
        t.shift(6)
        client.post(page_url, {"action": "resend"})
        page = client.get(page_url).content.decode()
        assert 'form="resend"' not in page.split("<form id=")[0]
        assert "No more new codes can be sent from this page" in page


@time_machine.travel(datetime.datetime(2026, 12, 7, 15, 0, 0, tzinfo=datetime.UTC), tick=False)
def test_the_moment_a_code_is_sent_is_noted_for_its_address(client, db):
    sign_up(client, email="Nia.Worker@Example.org")
    assert client.session[resend.SENT] == {
        "email": "nia.worker@example.org",
        "at": datetime.datetime(2026, 12, 7, 15, 0, 0, tzinfo=datetime.UTC).timestamp(),
    }


def test_the_emailed_link_opened_in_another_browser_says_why_it_asks_to_log_in(client, db):
    sign_up(client)
    elsewhere = Client()
    response = elsewhere.get(
        reverse("account_email_verification_sent"),
        {"code": last_code("new@example.org")},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("account_login")
    assert "works only in the browser where you created your account" in (response.content.decode())
    # As it says: logging in there sends a new code to type.
    mail.outbox.clear()
    cache.clear()
    assert log_in(elsewhere, "new@example.org")["Location"] == reverse(
        "account_email_verification_sent"
    )
    enter_code(elsewhere, last_code("new@example.org"))
    assert elsewhere.get(reverse("journal:dashboard")).status_code == 200
