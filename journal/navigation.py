"""What the navigation bar shows on every signed-in page, read together with the person; and
what the dashboard reads before it reads anything else of supervision (for_dashboard()).

The authentication backend (journal.people.accounts.backends) loads the signed-in person through
`annotate()`, so the menu's figures cost no query of their own; `of()` reads them for a person
loaded any other way (just signed in, or built by a test).
"""

import functools

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from journal.models import Notification, Supervision, SupervisionSession, User


def annotate(users: QuerySet) -> QuerySet:
    """Every page's figures: `nav_unread` notifications and `nav_supervises` (an active
    supervisee, so the Review link)."""
    return users.annotate(**_figures())


@functools.cache
def _figures() -> dict:
    """Built once, as review_flag_expressions() are: on every page, in every request."""
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
        "nav_supervises": _as_supervisor(Supervision.Status.ACTIVE),
    }


@functools.cache
def _dashboard_figures() -> dict:
    """The dashboard's figures, built once likewise."""
    supervised = Supervision.objects.filter(
        supervisee=OuterRef("pk"), status=Supervision.Status.ACTIVE, supervisor__isnull=False
    )
    to_confirm = SupervisionSession.objects.filter(
        supervisee=OuterRef("pk"), status=SupervisionSession.Status.RECORDED
    )
    return {
        "nav_invited": _as_supervisor(Supervision.Status.INVITED),
        "nav_has_supervisor": Exists(supervised),
        "nav_to_confirm": Exists(to_confirm),
    }


def _as_supervisor(status: str) -> Exists:
    return Exists(Supervision.objects.filter(supervisor=OuterRef("pk"), status=status))


def of(user: User) -> User:
    """`user` with every page's figures, as the backend read them or read now."""
    if not hasattr(user, "nav_unread"):
        user = annotate(User.objects.filter(pk=user.pk)).get()
    return user


def for_dashboard(user: User) -> User:
    """`user` (as of() gives it) with the dashboard's figures too: `nav_invited` (an
    invitation to supervise, waiting): the supervisor desk reads nothing for someone neither
    supervising nor invited to; `nav_has_supervisor` (a supervisor now) and `nav_to_confirm` (a
    session record waiting for this person to confirm it): likewise for their own supervision.

    Read in one query the first time a request asks, and kept on the person: only the
    dashboard reads them, and building them into every page's reading of the person cost
    more than the rest of it."""
    user = of(user)
    if not hasattr(user, "nav_to_confirm"):
        figures = User.objects.filter(pk=user.pk).values(**_dashboard_figures()).get()
        for name, value in figures.items():
            setattr(user, name, value)
    return user
