"""Review listens to the packages below it rather than being called by them. Connected in
JournalConfig.ready().

Invitations to supervise are claimed when allauth confirms an address or signs someone in
with one confirmed, never on a page view: an unverified address claims nothing. Supervision
owns the claim, so it listens to allauth's signals itself.

A sign-off stands on the exact text signed: entry_save asks, through entries' signal, before
it changes that text, and review refuses unless the owner chose to ask for a new sign-off.
"""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_logged_in
from django.dispatch import receiver

from journal.entries.services import SignedOffEntry
from journal.entries.signals import signed_off_text_changed
from journal.review import sign_off, supervision
from journal.review.standing import current_sign_off


@receiver(email_confirmed, dispatch_uid="journal-claim-on-confirm")
def claim_on_confirm(sender, request, email_address, **kwargs):
    supervision.supervision_claim_invitations(user=email_address.user, email=email_address.email)


@receiver(user_logged_in, dispatch_uid="journal-claim-on-sign-in")
def claim_on_sign_in(sender, request, user, **kwargs):
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    for email in verified:
        supervision.supervision_claim_invitations(user=user, email=email)


@receiver(signed_off_text_changed, dispatch_uid="journal-refuse-changing-signed-off-text")
def refuse_changing_signed_off_text(sender, entry, before, reopen, **kwargs):
    """Refuse a change to text still signed off (SignedOffEntry rolls the save back), unless
    the owner reopened it: then each supervisor who signed it hears of the change."""
    signed = current_sign_off(entry, before)
    if signed is None:
        return
    if not reopen:
        raise SignedOffEntry(entry)
    sign_off.tell_who_signed_off(entry, signed.fingerprint)
