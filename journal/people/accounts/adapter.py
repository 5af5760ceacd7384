"""Our wording and rules on top of allauth's account adapter."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from journal.people.accounts import resend

# The same words whether or not an account exists: what a stranger sees tells them nothing.
SIGN_IN_MISMATCH = (
    "That username or email address and password do not match an account. Check them and "
    "try again, or reset your password."
)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": SIGN_IN_MISMATCH,
        "email_password_mismatch": SIGN_IN_MISMATCH,
        "too_many_login_attempts": (
            "Too many attempts to sign in from here. Wait a few minutes, then try again, "
            "or reset your password."
        ),
        "incorrect_code": "That code is not right. Check the latest email and try again.",
        "incorrect_password": "That password is not right.",
        "rate_limited": "That was a lot of requests in a short time. Wait a minute and try again.",
        "same_as_current": "That is already your email address.",
        "username_taken": "Someone already uses this username. Choose another.",
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Links in emails use the configured public address, never the request's Host header.
        super().send_mail(template_prefix, email, {"site_url": settings.SITE_URL, **context})

    def add_message(self, request, level, message_template=None, message_context=None, **kwargs):
        # The one point where allauth has counted a code against the address's rate limit,
        # with or without an account behind it: the code page greys its button from here.
        if message_template == resend.CODE_SENT_MESSAGE:
            resend.note_sent(request, message_context["email"])
        super().add_message(request, level, message_template, message_context, **kwargs)
