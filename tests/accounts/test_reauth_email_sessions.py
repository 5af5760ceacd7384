"""Re-authentication before sensitive actions, changing the email address, and sessions."""

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import (
    enter_code,
    last_code,
    log_in,
    reauthenticate,
    totp_code,
    turn_on_two_factor,
)
from tests.factories import make_user


def age_the_sign_in(client, seconds=3600):
    """As if the person signed in an hour ago and walked away."""
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= seconds
    session.save()


@pytest.mark.parametrize("url", ["journal:account_delete", "journal:account_data_export"])
def test_deleting_and_downloading_ask_for_the_password_again(client, worker, url):
    log_in(client, "worker")
    reauthenticate(client)
    assert client.get(reverse(url)).status_code == 200  # just typed it
    age_the_sign_in(client)
    response = client.get(reverse(url))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    wrong = client.post(reverse("account_reauthenticate"), {"password": "nope"})
    assert wrong.status_code == 200 and "That password is not right" in wrong.content.decode()
    reauthenticate(client)
    assert client.get(reverse(url)).status_code == 200


def test_with_two_factor_a_code_also_confirms_it_is_you(client, worker):
    log_in(client, "worker")
    secret, _ = turn_on_two_factor(client)
    age_the_sign_in(client)
    response = client.get(reverse("journal:account_delete"))
    assert response.status_code == 302
    response = client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret, step=1)})
    assert response.status_code == 302
    assert client.get(reverse("journal:account_delete")).status_code == 200


def test_changing_the_email_asks_again_then_verifies_the_new_address(client, worker):
    log_in(client, "worker")
    age_the_sign_in(client)
    change = {"email": "Worker.New@example.org", "action_add": ""}
    response = client.post(reverse("account_email"), change)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    reauthenticate(client)
    response = client.post(reverse("account_email"), change)
    assert response["Location"] == reverse("account_email_verification_sent")
    worker.refresh_from_db()
    assert worker.email == "worker@example.org"  # nothing changes until the code is typed
    enter_code(client, last_code("worker.new@example.org"))
    worker.refresh_from_db()
    assert worker.email == "worker.new@example.org"
    assert list(EmailAddress.objects.filter(user=worker).values_list("email", "verified")) == [
        ("worker.new@example.org", True)
    ]


def test_the_profile_form_no_longer_changes_the_email(client, worker):
    # Weakness 2: the profile form took any address, even one another account used.
    make_user("taken", email="taken@example.org")
    log_in(client, "worker")
    data = {"display_name": "W", "email": "taken@example.org", "role": "social_worker",
            "registration_number": "", "renewal_day": 30, "renewal_month": 11}  # fmt: skip
    assert client.post(reverse("journal:profile"), data).status_code == 302
    worker.refresh_from_db()
    assert worker.email == "worker@example.org"


def test_the_profile_checks_the_registration_number(client, worker):
    log_in(client, "worker")
    data = {"display_name": "W", "role": "social_worker", "registration_number": "12345",
            "renewal_day": 30, "renewal_month": 11}  # fmt: skip
    assert "followed by digits" in client.post(reverse("journal:profile"), data).content.decode()
    data["registration_number"] = "sw 123456"
    assert client.post(reverse("journal:profile"), data).status_code == 302
    worker.refresh_from_db()
    assert worker.registration_number == "SW123456"


def test_the_sessions_page_lists_devices_and_signs_out_the_others(worker):
    laptop, phone = Client(HTTP_USER_AGENT="Laptop browser"), Client(HTTP_USER_AGENT="Phone")
    log_in(laptop, "worker")
    log_in(phone, "worker")
    laptop.get(reverse("journal:dashboard"))
    phone.get(reverse("journal:dashboard"))
    page = laptop.get(reverse("usersessions_list")).content.decode()
    assert page.count("This device") == 1 and "Phone" in page
    assert "60 minutes" in page  # how long we keep people signed in, said plainly
    assert UserSession.objects.filter(user=worker).count() == 2

    laptop.post(reverse("usersessions_list"))

    assert laptop.get(reverse("journal:dashboard")).status_code == 200
    assert phone.get(reverse("journal:dashboard")).status_code == 302
    assert UserSession.objects.filter(user=worker).count() == 1


def test_an_idle_session_lasts_as_long_as_we_say(client, worker, settings):
    log_in(client, "worker")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    statement = client.get(reverse("usersessions_list")).content.decode()
    assert f"up to {settings.SESSION_COOKIE_AGE // 3600} hours" in statement


def test_a_session_is_written_at_most_every_few_minutes(client, worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    log_in(client, "worker")
    client.get(reverse("journal:notifications"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("journal:notifications"))
    assert not [q for q in queries if "usersessions_usersession" in q["sql"]]


def test_moving_jobs_a_personal_address_keeps_everything(client, worker, standards):
    """The profile says how, in plain words; the new address takes over and nothing is lost."""
    from django.test import Client

    from journal.models import Entry, Supervision
    from tests.factories import make_share, make_supervision, save_entry

    entry = save_entry(worker, title="Court skills day", description="A day in court.")
    supervisor = make_user("sue", role="supervisor")
    link = make_supervision(worker, supervisor)
    make_share(entry, link, submitted=True)
    log_in(client, "worker")
    profile = client.get(reverse("journal:profile")).content.decode()
    assert "Moving jobs?" in profile and "Change your email to a personal address" in profile
    assert reverse("account_email") in profile

    reauthenticate(client)
    client.post(reverse("account_email"), {"email": "me@personal.example", "action_add": ""})
    enter_code(client, last_code("me@personal.example"))

    worker.refresh_from_db()
    assert worker.email == "me@personal.example"
    assert list(Entry.objects.filter(owner=worker).values_list("title", flat=True)) == [
        "Court skills day"
    ]
    assert Supervision.objects.get(pk=link.pk).is_active
    assert entry.shares.get().is_live  # the supervisor still reads it
    fresh = Client()
    assert log_in(fresh, "me@personal.example")["Location"] != reverse("account_login")
    assert fresh.get(reverse("journal:entry_detail", args=[entry.pk])).status_code == 200
    old = Client()
    assert log_in(old, "worker@example.org").status_code == 200  # the old address signs in no more
