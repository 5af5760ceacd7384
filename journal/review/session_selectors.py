"""Read-only queries of supervision sessions: a pair's history, the actions still open, and
the sessions a worker keeps with supervisors they no longer have.

Services (sessions.py) write; these read, through journal.policy.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q

from journal import policy
from journal.models import SessionAction, Supervision, SupervisionSession, User

# Open actions are listed soonest due first, those without a date last, on either database.
ACTIONS_ORDER = (F("due_on").asc(nulls_last=True), "session__held_on", "pk")
# What SessionAction.owner_name reads.
ACTION_NAMES = ("session__supervisee", "session__supervisor")


def open_actions(link: Supervision, *, session: SupervisionSession | None = None):
    """The pair's actions still open from earlier sessions, oldest due first.

    With `session`: not its own actions, and with those ticked off in it (so its record shows
    them ticked).
    """
    actions = SessionAction.objects.filter(session__supervision=link).exclude(
        session__status=SupervisionSession.Status.DRAFT
    )
    if session is None:
        actions = actions.filter(done_in__isnull=True)
    else:
        actions = actions.exclude(session=session).filter(
            Q(done_in__isnull=True) | Q(done_in=session)
        )
    return list(actions.select_related(*ACTION_NAMES).order_by(*ACTIONS_ORDER))


@dataclass
class SessionHistory:
    """A pair's sessions as either of them reads them, newest first, and when the next is due."""

    link: Supervision
    sessions: list[SupervisionSession]  # recorded or confirmed
    draft: SupervisionSession | None  # the supervisor's, only ever given to the supervisor
    open_actions: list[SessionAction]

    @property
    def last(self) -> SupervisionSession | None:
        return self.sessions[0] if self.sessions else None

    @property
    def next_due(self) -> datetime.date | None:
        return self.link.next_session_due(self.last.held_on if self.last else None)


def past_sessions(user: User) -> list[SupervisionSession]:
    """The worker's sessions with supervisors they no longer have (the link ended or the
    supervisor's account was deleted): still part of their record, listed on the supervision
    page since no current link leads to them."""
    return list(
        policy.sessions_visible_to(user)
        .filter(supervisee=user)
        .exclude(supervision__status=Supervision.Status.ACTIVE)
        .select_related("supervisor")
        .order_by("-held_on", "-pk")
    )


def session_history(*, link: Supervision, user: User) -> SessionHistory:
    """Sessions of one link that `user` may read (journal.policy), with their actions."""
    sessions = list(
        policy.sessions_visible_to(user)
        .filter(supervision=link)
        .prefetch_related("actions")
        .order_by("-held_on", "-pk")
    )
    return SessionHistory(
        link=link,
        sessions=[s for s in sessions if not s.is_draft],
        draft=next((s for s in sessions if s.is_draft), None),
        open_actions=open_actions(link),
    )
