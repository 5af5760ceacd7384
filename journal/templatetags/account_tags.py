"""Account reminders that other pages show, so the rule lives in one place."""

from django import template
from django.conf import settings

from journal.people.accounts.views import has_two_factor

register = template.Library()


@register.inclusion_tag("account/includes/two_factor_nudge.html", takes_context=True)
def two_factor_nudge(context, *, before_sign_off=False):
    """A supervisor without two-factor sign-in is urged to turn it on before signing off (a
    recommendation, said as one: signing off does not require it)."""
    user = context["request"].user
    show = user.is_authenticated and not has_two_factor(user)
    return {"show": show, "before_sign_off": before_sign_off}


_SYSTEMS = [("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
            ("Windows", "Windows"), ("Mac OS X", "Mac"), ("CrOS", "Chromebook"),
            ("Linux", "Linux")]  # fmt: skip
_BROWSERS = [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
             ("Safari/", "Safari")]  # fmt: skip


@register.filter
def device_name(user_agent: str) -> str:
    """ "Chrome on Windows" from a browser's User-Agent, for the sessions page."""
    system = next((name for key, name in _SYSTEMS if key in user_agent), "")
    browser = next((name for key, name in _BROWSERS if key in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or user_agent[:60] or "Unknown device"


@register.simple_tag
def session_hours() -> int:
    """How long a login lasts, in hours, for the pages that promise it."""
    return settings.SESSION_COOKIE_AGE // 3600
