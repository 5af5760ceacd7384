"""Logging in: by username or email, in any case; accounts from before verification."""

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError
from django.urls import reverse

from journal.models import User
from tests.accounts.helpers import enter_code, last_code, log_in
from tests.factories import make_user


@pytest.fixture
def priya(db):
    # Signed up on a phone that capitalised the first letter.
    return make_user("Priya.nq", email="priya@example.org")


@pytest.mark.parametrize("typed", ["priya.nq", "PRIYA.NQ", "Priya.nq", "priya@example.org",
                                   "Priya@Example.ORG"])  # fmt: skip
def test_log_in_with_the_username_or_email_in_any_case(client, priya, typed):
    response = log_in(client, typed)
    assert response.status_code == 302, typed
    assert client.get(reverse("journal:dashboard")).status_code == 200


def test_usernames_are_unique_regardless_of_case(priya):
    with pytest.raises(IntegrityError):
        User.objects.create_user(username="PRIYA.NQ", password="x")


def test_a_wrong_password_says_so_once_in_plain_words(client, priya):
    body = log_in(client, "priya.nq", password="wrong").content.decode()
    assert body.count("do not match an account") == 1


def test_someone_from_before_verification_still_reaches_their_entries(client, db):
    user = make_user("old-hand", verified=False)
    User.objects.filter(pk=user.pk).update(joined_before_verification=True)
    response = log_in(client, "old-hand")
    assert response.status_code == 302 and response["Location"] == reverse("journal:dashboard")
    page = client.get(response["Location"]).content.decode()
    assert "Please confirm your email address" in page
    assert not EmailAddress.objects.get(user=user).verified

    # From the email page: a code to the address, typed in, and it is confirmed.
    assert "not confirmed yet" in client.get(reverse("account_email")).content.decode()
    response = client.post(reverse("account_email"), {"email": user.email, "action_send": ""})
    assert response["Location"] == reverse("account_email_verification_sent")
    enter_code(client, last_code(user.email))
    assert EmailAddress.objects.get(user=user).verified


def test_the_login_box_does_not_capitalise_on_a_phone(client, db):
    body = client.get(reverse("account_login")).content.decode()
    assert 'name="login"' in body
    assert 'autocapitalize="none"' in body and 'autocorrect="off"' in body


def test_bookmarked_addresses_still_work(client, db):
    for old, new in [
        ("/accounts/login/", None),
        ("/accounts/signup/", None),
        ("/accounts/password_reset/", reverse("account_reset_password")),
        ("/accounts/reset/MQ/old-token/", reverse("account_reset_password")),
    ]:
        response = client.get(old)
        if new is None:
            assert response.status_code == 200, old
        else:
            assert response.status_code == 302 and response["Location"] == new, old


def test_the_admin_logs_in_through_the_same_door(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    make_user("clerk")
    log_in(client, "clerk")
    assert client.get("/admin/login/").status_code == 403  # logged in, but not staff


def test_logging_in_names_the_person_as_the_pages_do(client, db):
    make_user("bea.w", email="bea@example.org", display_name="Bea Worker")
    response = log_in(client, "bea.w")
    page = client.get(response["Location"]).content.decode()
    assert "Logged in as Bea Worker." in page and "bea.w" not in page
    client.post(reverse("account_logout"))
    assert "You have logged out." in client.get(reverse("account_login")).content.decode()


def test_a_page_that_needs_logging_in_says_it_will_carry_on_there(client, db):
    response = client.get(reverse("journal:entry_create"), {"cite": "pod:p1"}, follow=True)
    page = response.content.decode()
    assert "Log in first, and you go straight on to the page you asked for." in page
    plain = client.get(reverse("account_login")).content.decode()
    assert "you go straight on" not in plain
