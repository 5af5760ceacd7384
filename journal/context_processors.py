"""What the navigation bar shows on every page: unread notifications and the Review link."""

from journal import navigation


def navigation_bar(request) -> dict:
    """Read with the signed-in person (journal.navigation); nothing for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_unread": 0, "nav_supervises": False}
    user = navigation.of(user)
    return {"nav_unread": user.nav_unread, "nav_supervises": user.nav_supervises}
