"""Fair lock-outs with django-axes.

Failures count per account *and* client address (typing the email instead of the username is
the same account), so someone guessing a colleague's password from one
place never locks that colleague out elsewhere. An address that fails across many usernames
is locked on its own, with a larger limit because a whole office may share one address.
"""

from allauth.account.adapter import get_adapter
from allauth.account.utils import filter_users_by_email
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Sum


def client_ip(request) -> str | None:
    """The client's address: the entry the outermost of PROXY_COUNT proxies appended.

    allauth reads it this way for its rate limits and the sessions page; axes must agree, or
    one person would be two addresses. (django-ipware 8 counts proxies differently: with one
    proxy and a forged X-Forwarded-For it returns the forged entry or the proxy's address.)
    """
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # allauth found no address at all
        return None


def username(request, credentials) -> str | None:
    """One key per account, whether its username or its email address was typed at sign-in
    (allauth's field is "login"), in any case: the account's username. A name no account has
    is its own key, so guesses at unknown names count too."""
    typed = (credentials or {}).get("username") or (credentials or {}).get("email")
    if not typed and request is not None:
        data = getattr(request, "POST", {})
        typed = data.get("login") or data.get("username")
    if not typed:
        return None
    typed = typed.strip()
    # The lookups allauth signs in with: a username in any case, or an address.
    account = get_user_model()._default_manager.filter(username__iexact=typed).first()
    if account is None and "@" in typed:
        owners = filter_users_by_email(typed, prefer_verified=True)
        account = owners[0] if len(owners) == 1 else None
    return (account.username if account else typed).lower()


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
