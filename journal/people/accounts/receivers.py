"""What happens when allauth confirms an address or signs someone in.

Invitations sent to an address are claimed here, once the address is verified, rather than
on page views: an unverified address claims nothing. Connected in JournalConfig.ready().
"""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_logged_in
from django.contrib import messages
from django.dispatch import receiver
from django.urls import reverse
from django.utils.html import format_html

from journal.review import supervision


@receiver(email_confirmed, dispatch_uid="journal-claim-on-confirm")
def claim_on_confirm(sender, request, email_address, **kwargs):
    supervision.supervision_claim_invitations(user=email_address.user, email=email_address.email)


@receiver(user_logged_in, dispatch_uid="journal-claim-on-sign-in")
def claim_on_sign_in(sender, request, user, **kwargs):
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    for email in verified:
        supervision.supervision_claim_invitations(user=user, email=email)
    if not verified and request is not None:
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
