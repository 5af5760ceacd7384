"""When the email-confirmation page may offer "Send a new code" again.

allauth refuses a second code to the same address within settings.EMAIL_CODE_RESEND_SECONDS
(its confirm_email rate limit) and answers 429; its page would offer the button all the same.
The first code was sent when allauth's process began (its state's "at"); a new code is noted
here, in the session, when the process counts one more resend.
"""

import datetime
import time

from allauth.account.internal.flows.email_verification_by_code import (
    EMAIL_VERIFICATION_CODE_SESSION_KEY as CODE_STATE,
)
from django.conf import settings
from django.utils import timezone

SENT_AT = "journal:code_sent_at"


def resends(request) -> int | None:
    """How many new codes the pending confirmation has sent; None when none is pending."""
    state = request.session.get(CODE_STATE)
    return state.get("resend_count", 0) if state else None


def note_resend(request, before: int | None) -> None:
    """After allauth handled a request: if it sent a new code, when it did."""
    after = resends(request)
    if before is not None and after is not None and after > before:
        request.session[SENT_AT] = time.time()


def available_from(request) -> datetime.datetime | None:
    """When a new code may be asked for, if that is still to come."""
    state = request.session.get(CODE_STATE)
    if not state:
        return None
    sent = max(state.get("at", 0), request.session.get(SENT_AT, 0))
    ready = sent + settings.EMAIL_CODE_RESEND_SECONDS
    if ready <= time.time():
        return None
    return datetime.datetime.fromtimestamp(ready, tz=datetime.UTC)


def seconds_until(moment: datetime.datetime) -> int:
    return max(0, int((moment - timezone.now()).total_seconds() + 0.999))
