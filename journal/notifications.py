"""Telling the other side what happened: an in-app notification and an email.

Messages are fixed wording about *who did what* ("Alex shared an entry with you") plus a
link. They never carry an entry's title or text, so nothing reflective leaves the app by
email; in the app, the list names the entry while its recipient may still read it. Emails go
out only after the surrounding transaction commits, and a failing mail server never undoes or
breaks the action that caused the email.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from journal.models import Entry, Notification, User

logger = logging.getLogger(__name__)

# Event name -> wording. `{actor}` is the person who acted; nothing else is interpolated.
MESSAGES = {
    "invited": "{actor} invited you to be their supervisor",
    "invitation_accepted": "{actor} accepted your invitation to supervise you",
    "invitation_declined": "{actor} declined your invitation to supervise you",
    "supervision_ended": "{actor} ended your supervision link",
    "invitation_cancelled": "{actor} cancelled the invitation to be their supervisor",
    "supervisor_left": "{actor} deleted their account and no longer supervises you",
    "shared": "{actor} shared an entry with you",
    "submitted": "{actor} submitted an entry for your review",
    "sent_back": "{actor} sent back an entry with the changes you asked for",
    "changed_since_sign_off": "{actor} changed an entry you signed off",
    "commented": "{actor} commented on your entry",
    "replied": "{actor} replied to your comment",
    "changes_requested": "{actor} asked for changes to your entry",
    "signed_off": "{actor} signed off your entry",
    "session_recorded": "{actor} recorded your supervision session: read it and confirm it",
    "session_confirmed": "{actor} confirmed the record of your supervision session",
    "session_noted": "{actor} added a note to the record of your supervision session",
}


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def notify(
    *,
    recipient: User | None,
    event: str,
    actor: User,
    url: str,
    email: bool = True,
    entry: Entry | None = None,
) -> Notification | None:
    """Record an in-app notification and email it to the recipient if they have an address.

    A recipient whose account was deleted (a reply to a former supervisor's comment) gets none.
    `email=False` for a notice whose news was already emailed (a claimed email invitation).
    `entry`: the entry it is about, named in the recipient's list (never in the email).
    """
    if recipient is None:
        return None
    message = MESSAGES[event].format(actor=actor.get_display_name())
    notification = Notification.objects.create(
        recipient=recipient, message=message, url=url, entry=entry
    )
    if email and recipient.email:
        context = {
            "recipient_name": recipient.get_display_name(),
            "message": message,
            "link": absolute_url(url),
            "notifications_link": absolute_url("/notifications/"),
        }
        address = recipient.email
        transaction.on_commit(lambda: send_email("notification", to=address, context=context))
    return notification


def email_invitation(*, email: str, actor: User, signup_path: str) -> None:
    """Invite someone without an account yet; the invitation waits for them to sign up."""
    context = {
        "actor_name": actor.get_display_name(),
        "email": email,
        "link": absolute_url(signup_path),
    }
    transaction.on_commit(lambda: send_email("invitation", to=email, context=context))


def send_email(template: str, *, to: str, context: dict) -> bool:
    """Render the subject, plain-text and HTML templates and send; False if sending failed."""
    subject = render_to_string(f"emails/{template}-subject.txt", context)
    subject = " ".join(subject.split())  # headers may not contain line breaks
    text = render_to_string(f"emails/{template}-body.txt", context)
    html = render_to_string(f"emails/{template}-body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        # The action already happened and the in-app notification exists; log and carry on.
        logger.exception("Could not send the %s email", template)
        return False
    return True


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_read_for_page(*, recipient: User, path: str) -> int:
    """Mark read the recipient's unread notifications that link to `path`; how many."""
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True, url=path).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, recipient: User) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def unread_count(user: User) -> int:
    """For a badge in the navigation or on the dashboard."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
