"""Invitations to supervise are claimed when allauth confirms an address or signs someone in
with one confirmed, never on a page view: an unverified address claims nothing.

Supervision owns the claim, so it listens to allauth's signals itself rather than being called
from the accounts package below it. Connected in JournalConfig.ready().
"""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_logged_in
from django.dispatch import receiver

from journal.review import supervision


@receiver(email_confirmed, dispatch_uid="journal-claim-on-confirm")
def claim_on_confirm(sender, request, email_address, **kwargs):
    supervision.supervision_claim_invitations(user=email_address.user, email=email_address.email)


@receiver(user_logged_in, dispatch_uid="journal-claim-on-sign-in")
def claim_on_sign_in(sender, request, user, **kwargs):
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    for email in verified:
        supervision.supervision_claim_invitations(user=user, email=email)
