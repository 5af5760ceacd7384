"""Relative times that read naturally: "just now", not "0 minutes ago"."""

import datetime

from django import template
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
    """How long something has waited: "under a minute", otherwise "3 hours"."""
    if not value:
        return ""
    if timezone.now() - value < datetime.timedelta(minutes=1):
        return "under a minute"
    return timesince(value, depth=1)
