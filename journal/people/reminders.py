"""Opt-in reminder emails: what is due today, sent once, only to a verified address.

`send_due_reminders` is what `manage.py send_reminders` runs (daily from cron, safe to run more
often): each reminder has a key such as "2026-27:deadline-7", recorded in ReminderSent under a
unique constraint before the email goes, so a second run the same day sends nothing.
"""

import datetime
import logging
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from journal.models import ReminderPreference, ReminderSent, User
from journal.year import selectors as year_selectors
from journal.year.readiness import YearReadiness
from journal.year.registration import RegistrationYear
from journal.year.requirement import current_requirement

logger = logging.getLogger(__name__)
DEADLINE_DAYS = (30, 7, 1)
UNSUBSCRIBE_SALT = "journal.reminders.unsubscribe"


@dataclass(frozen=True)
class Reminder:
    key: str
    kind: str  # "opens", "deadline" or "quarterly"
    subject: str


def due(status: YearReadiness, preference: ReminderPreference) -> list[Reminder]:
    """The reminders due on `status.today` for this person's year."""
    today, label = status.today, status.year.label
    found = []
    if preference.renewal and not status.met:
        if today == status.year.renewal_opens():
            found.append(
                Reminder(
                    f"{label}:opens", "opens", f"Renewal is open: {status.days_left} days left"
                )
            )
        if status.days_left in DEADLINE_DAYS and not status.closed:
            days = status.days_left
            found.append(
                Reminder(
                    f"{label}:deadline-{days}",
                    "deadline",
                    f"{days} day{'s' if days != 1 else ''} left to finish your CPD for {label}",
                )
            )
    if preference.quarterly:
        start = status.year.start
        for quarter in (1, 2, 3):
            month = (start.month - 1 + 3 * quarter) % 12 + 1
            year = start.year + (start.month - 1 + 3 * quarter) // 12
            if today == datetime.date(year, month, start.day):
                found.append(
                    Reminder(
                        f"{label}:quarter-{quarter}", "quarterly", f"Your CPD so far in {label}"
                    )
                )
    return found


def verified_address(user: User) -> str:
    """The address reminders may go to: a verified one when accounts verify email (allauth).

    Without django-allauth installed there is no verification yet, so the account's email is
    used (see docs/journal.md).
    """
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        address = (
            EmailAddress.objects.filter(user=user, verified=True)
            .order_by("-primary", "pk")
            .values_list("email", flat=True)
            .first()
        )
        return address or ""
    return user.email or ""


def unsubscribe_token(user: User) -> str:
    return signing.dumps({"user": user.pk}, salt=UNSUBSCRIBE_SALT)


def user_for_token(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("user"), is_active=True).first()


def unsubscribe(user: User) -> None:
    ReminderPreference.objects.update_or_create(
        user=user, defaults={"renewal": False, "quarterly": False}
    )


def _message(user: User, address: str, reminder: Reminder, status: YearReadiness):
    unsubscribe_url = settings.SITE_URL + reverse(
        "journal:reminders_unsubscribe", args=[unsubscribe_token(user)]
    )
    context = {
        "user": user,
        "reminder": reminder,
        "status": status,
        "rule": current_requirement(),
        "site_url": settings.SITE_URL,
        "copy_url": settings.SITE_URL + reverse("journal:year_copy", args=[status.year.end.year]),
        "unsubscribe_url": unsubscribe_url,
    }
    message = EmailMultiAlternatives(
        subject=reminder.subject,
        body=render_to_string("emails/reminder-body.txt", context),
        to=[address],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("emails/reminder-body.html", context), "text/html")
    return message


def send_due_reminders(*, today: datetime.date) -> list[ReminderSent]:
    """Send every reminder due today that has not been sent; returns what was sent."""
    sent = []
    year = RegistrationYear.containing(today)
    preferences = ReminderPreference.objects.filter(user__is_active=True).select_related("user")
    for preference in preferences.exclude(renewal=False, quarterly=False):
        user = preference.user
        address = verified_address(user)
        if not address:
            continue
        status = year_selectors.year_readiness(user, [year], today=today)[year]
        for reminder in due(status, preference):
            try:
                with transaction.atomic():
                    record = ReminderSent.objects.create(
                        user=user, key=reminder.key, address=address
                    )
                    _message(user, address, reminder, status).send()
            except IntegrityError:
                continue  # already sent (by an earlier run today, or one running alongside)
            sent.append(record)
    return sent
