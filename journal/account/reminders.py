"""Opt-in reminder emails: what is due today, sent once, only to a verified address.

`send_due_reminders` is what `manage.py send_reminders` runs (daily from cron, safe to run more
often): each reminder has a key such as "2026-27:deadline-7", recorded in ReminderSent under a
unique constraint before the email goes, so a second run the same day sends nothing.

Session reminders go to either person of a supervision who chose them, once per due date
("session-12:2027-03-10"), from SESSION_NOTICE before the next session is due (or on the first
run after, if it is overdue); a session held moves the due date, and so the next reminder.
"""

import datetime
import logging
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from journal.entries.requirement import current_requirement
from journal.models import ReminderPreference, ReminderSent, Supervision, User
from journal.review.session_models import last_held_on
from journal.year import selectors as year_selectors
from journal.year.readiness import YearReadiness
from journal.year.registration import RegistrationYear

logger = logging.getLogger(__name__)
DEADLINE_DAYS = (30, 7, 1)
SESSION_NOTICE = datetime.timedelta(days=3)  # time to book a room
UNSUBSCRIBE_SALT = "journal.reminders.unsubscribe"


@dataclass(frozen=True)
class Reminder:
    key: str
    kind: str  # "opens", "deadline", "quarterly" or "session"
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
        user=user, defaults={"renewal": False, "quarterly": False, "sessions": False}
    )


def _message(user: User, address: str, reminder: Reminder, context: dict, template="reminder"):
    """The email, from emails/<template>-body.txt and .html, with the one-click unsubscribe."""
    unsubscribe_url = settings.SITE_URL + reverse(
        "journal:reminders_unsubscribe", args=[unsubscribe_token(user)]
    )
    context = {
        **context,
        "user": user,
        "reminder": reminder,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url,
    }
    message = EmailMultiAlternatives(
        subject=reminder.subject,
        body=render_to_string(f"emails/{template}-body.txt", context),
        to=[address],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string(f"emails/{template}-body.html", context), "text/html"
    )
    return message


def _send_once(user: User, address: str, reminder: Reminder, message) -> ReminderSent | None:
    """Record the reminder, then send it; None when it was sent already (by an earlier run
    today, or one running alongside)."""
    try:
        with transaction.atomic():
            record = ReminderSent.objects.create(user=user, key=reminder.key, address=address)
            message.send()
    except IntegrityError:
        return None
    return record


def _year_context(status: YearReadiness) -> dict:
    return {
        "status": status,
        "rule": current_requirement(),
        "copy_url": settings.SITE_URL + reverse("journal:year_copy", args=[status.year.end.year]),
    }


@dataclass(frozen=True)
class SessionDue:
    """A supervision whose next session falls due soon, as one of its two people reads it."""

    link: Supervision
    person: User
    due_on: datetime.date
    today: datetime.date

    @property
    def other_name(self) -> str:
        other = (
            self.link.supervisee if self.person == self.link.supervisor else self.link.supervisor
        )
        return other.get_display_name()

    @property
    def overdue(self) -> bool:
        return self.due_on < self.today

    def reminder(self) -> Reminder:
        verb = "was" if self.overdue else "is"
        return Reminder(
            f"session-{self.link.pk}:{self.due_on.isoformat()}",
            "session",
            f"Supervision with {self.other_name} {verb} due on {self.due_on:%-d %B %Y}",
        )


def sessions_due(*, today: datetime.date) -> list[SessionDue]:
    """For each person who chose session reminders, their active supervisions (as worker or
    supervisor) whose next session is due within SESSION_NOTICE or overdue. One query."""
    chosen = Q(reminder_preference__sessions=True, is_active=True)
    people = User.objects.filter(chosen).values("pk")
    links = (
        Supervision.objects.filter(status=Supervision.Status.ACTIVE)
        .filter(Q(supervisor__in=people) | Q(supervisee__in=people))
        .annotate(
            last_session_on=last_held_on(),
            supervisor_chose=Q(supervisor__reminder_preference__sessions=True),
            supervisee_chose=Q(supervisee__reminder_preference__sessions=True),
        )
        .select_related("supervisor", "supervisee")
        .order_by("pk")
    )
    found = []
    for link in links:
        due_on = link.next_session_due(link.last_session_on)
        if due_on is None or today < due_on - SESSION_NOTICE:
            continue
        for person, chose in (
            (link.supervisor, link.supervisor_chose),
            (link.supervisee, link.supervisee_chose),
        ):
            if chose and person.is_active:
                found.append(SessionDue(link=link, person=person, due_on=due_on, today=today))
    return found


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
            message = _message(user, address, reminder, _year_context(status))
            if record := _send_once(user, address, reminder, message):
                sent.append(record)
    for session in sessions_due(today=today):
        address = verified_address(session.person)
        if not address:
            continue
        reminder = session.reminder()
        url = settings.SITE_URL + reverse("journal:session_list", args=[session.link.pk])
        context = {"session": session, "sessions_url": url}
        message = _message(session.person, address, reminder, context, "session-reminder")
        if record := _send_once(session.person, address, reminder, message):
            sent.append(record)
    return sent
