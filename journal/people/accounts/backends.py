"""Signing in as allauth does it, and the signed-in person read with the menu's figures."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from journal import navigation
from journal.models import User


class AuthenticationBackend(AllauthBackend):
    """allauth's backend (username or email, case-insensitively; the admin's too).

    Every request reads the signed-in person through get_user(); reading the navigation
    figures in that same query saves a round trip on every page.
    """

    def get_user(self, user_id):
        # At most one row by its key: first() would build an ORDER BY and a LIMIT for nothing.
        user = next(iter(navigation.annotate(User._default_manager.filter(pk=user_id))), None)
        return user if user is not None and self.user_can_authenticate(user) else None
