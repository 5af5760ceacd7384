"""People: the user (a social worker, a supervisor or both), their notifications and reminder records."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

registration_number_validator = RegexValidator(
    r"^SW\d{1,10}$",
    message="A Social Work England registration number is “SW” followed by digits, e.g. SW123456.",
    code="invalid_registration_number",
)


class User(AbstractUser):
    class Role(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        SUPERVISOR = "supervisor", "Supervisor or manager"
        STUDENT = "student", "Student or newly qualified"

    display_name = models.CharField(max_length=150, blank=True)
    registration_number = models.CharField(
        max_length=12, blank=True, validators=[registration_number_validator]
    )
    role = models.CharField(max_length=20, choices=Role, default=Role.SOCIAL_WORKER)
    renewal_month = models.PositiveSmallIntegerField(default=11)
    renewal_day = models.PositiveSmallIntegerField(default=30)
    # Accounts from before email verification may sign in while asked to confirm their address;
    # everyone who signs up since must confirm it first (journal.people.accounts.forms.LoginForm).
    joined_before_verification = models.BooleanField(default=False, editable=False)

    class Meta(AbstractUser.Meta):
        constraints = [
            # "Priya.nq" and "priya.nq" are one person: sign-in matches usernames regardless
            # of case, so no two accounts may differ only by case.
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_unique_ignoring_case",
                violation_error_message="Someone already uses this username.",
            ),
        ]

    # What get_display_name() reads: a page that shows only other people's names loads these
    # (`.only()`), not the seventeen columns of a whole user.
    NAME_FIELDS = ("display_name", "first_name", "last_name", "username")

    def __str__(self):
        return self.get_display_name()

    def get_display_name(self):
        return self.display_name or self.get_full_name() or self.username


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    # The entry it is about: the recipient's list names it while they may still read it
    # (selectors.attach_entry_titles); an email never does.
    entry = models.ForeignKey(
        "journal.Entry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.message


class ReminderPreference(models.Model):
    """Opt-in email reminders: nothing is sent until the person chooses it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    renewal = models.BooleanField(
        "Remind me when renewal opens, and 30, 7 and 1 day before the deadline while my year is not ready",
        default=False,
    )
    quarterly = models.BooleanField("Send me a quarterly “your CPD so far” summary", default=False)
    sessions = models.BooleanField(
        "Remind me when a supervision session is due (as the worker or the supervisor)",
        default=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Reminders for {self.user}"


class ReminderSent(models.Model):
    """One reminder sent: `key` names it ("2026-27:deadline-7"), so it is never sent twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    key = models.CharField(max_length=60)
    address = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="reminder_sent_once"),
        ]

    def __str__(self):
        return f"{self.key} to {self.user}"


class AccountImport(models.Model):
    """An account brought in from another installation's "Download all your data" ZIP.

    `digest` is the file's SHA-256: the same file twice is refused. `origin` names the account
    it came from (its site and username), and `imported` the ids, on that site, of what came
    in from it, so a later export of the same account adds only what is new.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_imports"
    )
    digest = models.CharField(max_length=64)
    origin = models.CharField(max_length=400)
    exported_at = models.DateTimeField(null=True, blank=True)
    imported = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "digest"], name="account_import_once"),
        ]

    def __str__(self):
        return f"Import from {self.origin}"
