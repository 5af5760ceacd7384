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


def totp_code(secret: str, step: int = 0) -> str:
    """What an authenticator app shows now (step=1: in 30 seconds)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def turn_on_two_factor(client) -> tuple[str, list[str]]:
    """Activate an authenticator app for the signed-in person; its secret and recovery codes."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    reauthenticate(client)  # allauth asks for the password again before changing sign-in
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content
    codes = Authenticator.objects.get(type=Authenticator.Type.RECOVERY_CODES)
    return secret, RecoveryCodes(codes).get_unused_codes()
