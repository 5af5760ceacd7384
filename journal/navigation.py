"""What the navigation bar shows on every signed-in page, read together with the person.

The authentication backend (journal.people.accounts.backends) loads the signed-in person through
`annotate()`, so the menu's figures cost no query of their own; `of()` reads them for a person
loaded any other way (just signed in, or built by a test).
"""

import functools

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from journal.models import Notification, Supervision, SupervisionSession, User


def annotate(users: QuerySet) -> QuerySet:
    """`nav_unread` notifications; `nav_supervises` (an active supervisee, so the Review link)
    and `nav_invited` (an invitation to supervise, waiting): the dashboard's supervisor desk
    reads nothing for someone with neither. `nav_has_supervisor` (a supervisor now) and
    `nav_to_confirm` (a session record waiting for this person to confirm it): likewise for
    their own supervision."""
    return users.annotate(**_figures())


@functools.cache
def _figures() -> dict:
    """Built once, as review_flag_expressions() are: on every page, in every request."""
    as_supervisor = Supervision.objects.filter(supervisor=OuterRef("pk"))
    supervised = Supervision.objects.filter(
        supervisee=OuterRef("pk"), status=Supervision.Status.ACTIVE, supervisor__isnull=False
    )
    to_confirm = SupervisionSession.objects.filter(
        supervisee=OuterRef("pk"), status=SupervisionSession.Status.RECORDED
    )
    # Counted in a subquery, not by joining the notifications: a join must group by every
    # column of the user, and building that GROUP BY cost more than the rest of the query.
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return {
        "nav_unread": Coalesce(Subquery(unread, output_field=IntegerField()), 0),
        "nav_supervises": Exists(as_supervisor.filter(status=Supervision.Status.ACTIVE)),
        "nav_invited": Exists(as_supervisor.filter(status=Supervision.Status.INVITED)),
        "nav_has_supervisor": Exists(supervised),
        "nav_to_confirm": Exists(to_confirm),
    }


def of(user: User) -> User:
    """`user` with the navigation figures, as the backend read them or read now."""
    if not hasattr(user, "nav_unread"):
        user = annotate(User.objects.filter(pk=user.pk)).get()
    return user
