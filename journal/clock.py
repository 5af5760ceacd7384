"""Today's date, in one place, so readiness, the dashboard and reminders can be tested on any day."""

import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()
