"""Request-wide behaviour of the journal."""

from journal import notifications


class ReadNotificationsOnArrival:
    """Opening the page a notification points to reads it, however the person got there (the
    dashboard, an email, the review queue): the unread count then counts only what is news.

    Costs a query only for someone with unread notifications, a count that comes with the
    signed-in person (journal.navigation), and runs before the view so the page's own menu
    already shows the new count.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if request.method == "GET" and getattr(user, "nav_unread", 0):
            user.nav_unread -= notifications.notifications_mark_read_for_page(
                recipient=user, path=request.path
            )
        return self.get_response(request)
