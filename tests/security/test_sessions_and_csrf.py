"""Sessions, CSRF and redirects: the attacks a login form and a journal attract."""

import pytest
from django.test import Client
from django.urls import reverse

from journal.models import Entry
from tests.factories import PASSWORD


def login(client, username="worker", password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": username, "password": password}, **extra)


def test_login_without_csrf_token_is_refused(worker):
    client = Client(enforce_csrf_checks=True)
    response = login(client)
    assert response.status_code == 403
    assert b"This form has expired" in response.content
    assert "_auth_user_id" not in client.session


def test_forged_csrf_token_is_refused(worker):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("account_login"))
    response = client.post(
        reverse("account_login"),
        {"login": "worker", "password": PASSWORD, "csrfmiddlewaretoken": "x" * 64},
    )
    assert response.status_code == 403


def test_creating_an_entry_without_csrf_token_stores_nothing(worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    response = client.post(
        reverse("journal:entry_create"), {"title": "Forged", "activity_type": "reading"}
    )
    assert response.status_code == 403
    assert not Entry.objects.exists()


def test_session_key_changes_at_login(worker, client):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    response = login(client)
    assert response.status_code == 302
    assert client.session.session_key != before


def test_logout_invalidates_the_old_session_cookie(worker, client):
    login(client)
    stolen = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))
    attacker = Client()
    attacker.cookies["sessionid"] = stolen
    response = attacker.get(reverse("journal:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_logout_by_get_only_asks_to_confirm(worker, client):
    # A link or an image on another site must not log anyone out.
    login(client)
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "/\\evil.example.com",
        "https:evil.example.com",
        "javascript:alert(1)",
        "\\\\evil.example.com",
    ],
)
def test_login_next_does_not_redirect_off_site(worker, client, target):
    response = client.post(
        reverse("account_login") + "?next=" + target, {"login": "worker", "password": PASSWORD}
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil" not in location


def test_login_next_to_a_page_of_ours_is_followed(worker, client):
    response = client.post(
        reverse("account_login") + "?next=/entries/", {"login": "worker", "password": PASSWORD}
    )
    assert response["Location"] == "/entries/"


def test_repeated_failures_lock_the_account_from_that_address(worker, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, password="wrong-password")
    response = login(client)  # even the right password is refused now
    assert response.status_code in (403, 429)
    assert b"paused" in response.content.lower()
    assert "_auth_user_id" not in client.session


def test_security_headers_on_every_page(client, db):
    response = client.get(reverse("home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
