"""Relative times that read naturally: "just now", not "0 minutes ago"."""

import datetime

from django import template
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()


@register.filter(name="ago")
def ago(value: datetime.datetime | None) -> str:
    """ "just now" within the first minute, otherwise "3 hours ago" (one unit, like timesince)."""
    if not value:
        return ""
    if timezone.now() - value < datetime.timedelta(minutes=1):
        return "just now"
    return f"{timesince(value, depth=1)} ago"


@register.filter(name="waited")
def waited(value: datetime.datetime | None) -> str:
    """How long something has waited: "under a minute", "3 hours", then whole days ("9 days",
    "40 days"): a supervisor comparing waits must tell 9 days from 12, which "1 week" hides."""
    if not value:
        return ""
    waited = timezone.now() - value
    if waited < datetime.timedelta(minutes=1):
        return "under a minute"
    if waited < datetime.timedelta(days=1):
        return timesince(value, depth=1)
    return f"{waited.days}\xa0day{pluralize(waited.days)}"  # one unit, unbroken
