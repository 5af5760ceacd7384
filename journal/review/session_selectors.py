"""Read-only queries of supervision sessions: a pair's history, the actions still open, and
the sessions a worker keeps with supervisors they no longer have.

Services (sessions.py) write; these read, through journal.policy.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, FilteredRelation, Q

from journal import navigation, policy
from journal.models import SessionAction, Supervision, SupervisionSession, User
from journal.review.session_models import last_held_on

# Open actions are listed soonest due first, those without a date last, on either database.
ACTIONS_ORDER = (F("due_on").asc(nulls_last=True), "session__held_on", "pk")
# What SessionAction.owner_name reads.
ACTION_NAMES = ("session__supervisee", "session__supervisor")


def open_actions(link: Supervision, *, session: SupervisionSession | None = None):
    """The pair's actions still open from earlier sessions, oldest due first.

    With `session`: not its own actions, and with those ticked off in it (so its record shows
    them ticked).
    """
    actions = SessionAction.objects.filter(
        session__in=SupervisionSession.objects.held().filter(supervision=link)
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


@dataclass
class WorkerAction:
    """One of the worker's open actions as her dashboard lists it, read as plain values with
    the session it was agreed in."""

    text: str
    due_on: datetime.date | None
    session: SupervisionSession
    overdue: bool


@dataclass
class WorkerSupervision:
    """What the worker's dashboard says of her own supervision: records waiting for her to
    confirm, when the next session with each supervisor is due, and her open actions."""

    to_confirm: list[SupervisionSession]
    links: list[Supervision]  # active, each with `last_held`, `next_due` and `overdue`
    actions: list[WorkerAction]  # soonest due first, those without a date last

    def __bool__(self) -> bool:
        return bool(self.to_confirm or self.links or self.actions)


def worker_supervision(user: User, *, today: datetime.date) -> WorkerSupervision:
    """Nothing read for someone with no supervisor and no record to confirm (most people:
    journal.navigation knows); for others at most two queries, however many sessions and
    actions: her supervisors, then (only when a record waits or a session was held) the
    sessions.

    Her actions are those she owns, alone or with the supervisor, from sessions of a link
    still active: only a later session of that link ticks them off.
    """
    user = navigation.for_dashboard(user)
    links = []
    if user.nav_has_supervisor:
        links = list(
            policy.supervisions_of(user)
            .filter(supervisee=user, status=Supervision.Status.ACTIVE, supervisor__isnull=False)
            .select_related("supervisor")
            # The supervisor's name: a whole user cost more to build than the rest of the read.
            .only("session_frequency", *(f"supervisor__{name}" for name in User.NAME_FIELDS))
            .annotate(last_held=last_held_on())
            .order_by("created_at", "pk")
        )
    for link in links:
        link.next_due = link.next_session_due(link.last_held)
        link.overdue = link.next_due is not None and link.next_due < today
    if not user.nav_to_confirm and not any(link.last_held for link in links):
        # No record waits, and no session was held with a supervisor she has: no action yet.
        return WorkerSupervision(to_confirm=[], links=links, actions=[])
    # Each session once per open action of hers (once if none): one query, not one per session.
    rows = (
        policy.sessions_visible_to(user)
        .filter(supervisee=user)
        .annotate(
            mine=FilteredRelation(
                "actions",
                condition=Q(
                    actions__done_in__isnull=True,
                    actions__owner__in=[SessionAction.Owner.WORKER, SessionAction.Owner.BOTH],
                ),
            )
        )
        .filter(
            Q(status=SupervisionSession.Status.RECORDED)
            | Q(mine__isnull=False, supervision__status=Supervision.Status.ACTIVE)
        )
        .annotate(
            action_pk=F("mine__pk"),
            action_text=F("mine__text"),
            action_due=F("mine__due_on"),
            link_status=F("supervision__status"),
        )
        .select_related("supervisor")
        .order_by("held_on", "pk", "action_pk")
    )
    to_confirm, actions = {}, []
    for session in rows:
        if session.status == SupervisionSession.Status.RECORDED:
            to_confirm.setdefault(session.pk, session)
        if session.action_pk is not None and session.link_status == Supervision.Status.ACTIVE:
            due = session.action_due
            actions.append(
                WorkerAction(session.action_text, due, session, due is not None and due < today)
            )
    actions.sort(key=lambda a: (a.due_on is None, a.due_on or today))
    return WorkerSupervision(to_confirm=list(to_confirm.values()), links=links, actions=actions)
