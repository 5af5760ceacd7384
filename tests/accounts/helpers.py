"""Driving allauth's flows through the test client, as a person would."""

import re

from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


def sign_up(client, email="new@example.org", **fields):
    data = {
        "email": email,
        "display_name": "New Worker",
        "role": "social_worker",
        "registration_number": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }
    return client.post(reverse("account_signup"), data)


def last_code(to: str) -> str:
    """The verification code in the latest email to `to`."""
    message = [m for m in mail.outbox if to in m.to][-1]
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.M).group(1)


def enter_code(client, code: str):
    return client.post(reverse("account_email_verification_sent"), {"code": code})


def log_in(client, login, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": login, "password": password}, **extra)


def reauthenticate(client, password=PASSWORD):
    """Type the password again, as the sensitive pages ask (a forced login never typed it)."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content
    return response
