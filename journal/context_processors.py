"""What the navigation bar shows on every page: unread notifications and the Review link."""

from django.db.models import Count, Exists, OuterRef, Q

from journal.models import Supervision, User


def navigation(request) -> dict:
    """One query per signed-in page (it is on every page); nothing for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_unread": 0, "nav_supervises": False}
    supervises = Supervision.objects.filter(
        supervisor=OuterRef("pk"), status=Supervision.Status.ACTIVE
    )
    counts = (
        User.objects.filter(pk=user.pk)
        .annotate(
            unread=Count("notifications", filter=Q(notifications__read_at__isnull=True)),
            supervises=Exists(supervises),
        )
        .values("unread", "supervises")
        .get()
    )
    return {"nav_unread": counts["unread"], "nav_supervises": counts["supervises"]}
