"""allauth's session tracking, written at most every few minutes per session."""

from allauth.usersessions.middleware import UserSessionsMiddleware as TrackEveryRequest
from django.core.cache import caches

SEEN_EVERY_SECONDS = 300


class UserSessionsMiddleware:
    """Record a session's device and "last used" for the sessions page, throttled.

    allauth's own middleware updates the session record ("last seen") on every request: a
    database write in front of every page and every autosave. "Last used" to within five
    minutes is plenty for spotting a device you do not recognise, so a request goes through
    allauth's middleware (its public API) only when the session was not seen for that long.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.tracked = TrackEveryRequest(get_response)

    def __call__(self, request):
        user, session = getattr(request, "user", None), getattr(request, "session", None)
        if user is not None and user.is_authenticated and session is not None:
            key = session.session_key
            if key and caches["local"].add(
                f"usersession-seen:{key}", True, timeout=SEEN_EVERY_SECONDS
            ):
                return self.tracked(request)
        return self.get_response(request)
