"""Fair lock-outs with django-axes.

Failures count per username *and* client address, so someone guessing a colleague's password from one
place never locks that colleague out elsewhere. An address that fails across many usernames
is locked on its own, with a larger limit because a whole office may share one address.
"""

from allauth.core.internal.httpkit import get_client_ip
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def client_ip(request) -> str | None:
    """The client's address: the entry the outermost of PROXY_COUNT proxies appended.

    allauth reads it this way for its rate limits and the sessions page; axes must agree, or
    one person would be two addresses. (django-ipware 8 counts proxies differently: with one
    proxy and a forged X-Forwarded-For it returns the forged entry or the proxy's address.)
    """
    return get_client_ip(request)


def username(request, credentials) -> str | None:
    """The name typed at sign-in, as one key whatever its case (allauth's field is "login")."""
    typed = (credentials or {}).get("username") or (credentials or {}).get("email")
    if not typed and request is not None:
        data = getattr(request, "POST", {})
        typed = data.get("login") or data.get("username")
    return typed.strip().lower() if typed else None


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a second, per-address limit.

    AXES_LOCKOUT_PARAMETERS lists (username, address) first and the address alone second;
    axes compares one number with AXES_FAILURE_LIMIT, so reaching the address limit reports
    the pair limit as reached.
    """

    def get_failures(self, request, credentials=None) -> int:
        pair, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair
