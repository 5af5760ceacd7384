"""When the email-confirmation page may offer "Send a new code" again.

allauth refuses a second code to the same address within settings.EMAIL_CODE_RESEND_SECONDS
(its confirm_email rate limit) and answers 429; its page would offer the button all the same.
So the account adapter notes in the session when, and to which address, a code went out: the
moment allauth tells the person so (CODE_SENT_MESSAGE), which is the moment it counts the code
against the address's rate limit, whether or not an account exists (with no account nothing is
emailed, and the page must not tell the two apart).
"""

import datetime
import time

from django.conf import settings
from django.utils import timezone

# allauth's message "We have sent a code to …", added once per code it counts.
CODE_SENT_MESSAGE = "account/messages/email_confirmation_sent.txt"
SENT = "journal:code_sent"


def note_sent(request, email: str) -> None:
    """A code to `email` was counted against its rate limit just now."""
    request.session[SENT] = {"email": email.lower(), "at": time.time()}


def available_from(request, email: str) -> datetime.datetime | None:
    """When a new code to `email` may be asked for, if that is still to come."""
    sent = request.session.get(SENT)
    if not sent or sent["email"] != email.lower():
        return None
    ready = sent["at"] + settings.EMAIL_CODE_RESEND_SECONDS
    if ready <= time.time():
        return None
    return datetime.datetime.fromtimestamp(ready, tz=datetime.UTC)


def seconds_until(moment: datetime.datetime) -> int:
    return max(0, int((moment - timezone.now()).total_seconds() + 0.999))
