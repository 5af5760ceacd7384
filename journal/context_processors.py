"""What the navigation bar shows on every page: the unread-notifications count."""

from journal import notifications


def navigation(request) -> dict:
    """Two cheap queries per signed-in page; nothing for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_unread": 0, "nav_supervises": False}
    return {
        "nav_unread": notifications.unread_count(user),
        "nav_supervises": user.supervisees_links.filter(status="active").exists(),
    }
