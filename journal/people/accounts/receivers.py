"""What happens when allauth signs someone in: a person with no confirmed address is asked to
confirm one. Invitations are claimed by journal.review.receivers. Connected in
JournalConfig.ready().
"""

from allauth.account.models import EmailAddress
from allauth.account.signals import user_logged_in
from django.contrib import messages
from django.dispatch import receiver
from django.urls import reverse
from django.utils.html import format_html


@receiver(user_logged_in, dispatch_uid="journal-ask-to-verify-on-sign-in")
def ask_unverified_to_confirm(sender, request, user, **kwargs):
    if request is not None and not EmailAddress.objects.filter(user=user, verified=True).exists():
        ask_to_verify(request)


def ask_to_verify(request) -> None:
    """Accounts from before verification: sign in, then a plain request to confirm."""
    messages.warning(
        request,
        format_html(
            "Please confirm your email address: we keep it for password resets and invitations. "
            '<a href="{}">Confirm it now</a>.',
            reverse("account_email"),
        ),
    )
