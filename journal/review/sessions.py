"""Supervision sessions on record: prepared from the agenda, written by the supervisor,
confirmed (or annotated) by the worker. Each service is one transaction that re-checks who may
do it, leaves an audit event and tells the other side."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from journal import audit, notifications
from journal.errors import ReviewError
from journal.models import AuditEvent, SessionAction, Supervision, SupervisionSession, User


@dataclass(frozen=True)
class ActionLine:
    """An action as the supervisor wrote it in the record."""

    text: str
    owner: str = SessionAction.Owner.WORKER
    due_on: datetime.date | None = None


def _locked_link(supervision: Supervision, supervisor: User) -> Supervision:
    link = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if link.supervisor_id != supervisor.pk or not link.is_active:
        raise PermissionDenied("Only the supervisor of an active link records its sessions.")
    return link


def _detail(session: SupervisionSession) -> str:
    """Names both people: the event is in each one's account history."""
    return (
        f"Supervision of {session.supervisee.get_display_name()} by {session.supervisor_label} "
        f"on {session.held_on:%-d %B %Y}"
    )


def attended_line(link: Supervision) -> str:
    """Who attends by default: the two people, as the record names them."""
    return (
        f"{link.supervisor.get_display_name()} (supervisor), {link.supervisee.get_display_name()}"
    )


@transaction.atomic
def session_prepare(
    *, supervision: Supervision, supervisor: User, agenda: str, held_on: datetime.date
) -> SupervisionSession:
    """The next session's draft, holding the agenda as it was prepared.

    A pair has at most one draft: preparing again refreshes its agenda and keeps what the
    supervisor already wrote in it.
    """
    link = _locked_link(supervision, supervisor)
    draft = link.sessions.filter(status=SupervisionSession.Status.DRAFT).first()
    if draft is None:
        return SupervisionSession.objects.create(
            supervisee=link.supervisee,
            supervision=link,
            supervisor=supervisor,
            held_on=held_on,
            attended=attended_line(link),
            agenda=agenda,
        )
    draft.agenda = agenda
    draft.save(update_fields=["agenda"])
    return draft


@transaction.atomic
def session_record(
    *,
    session: SupervisionSession,
    supervisor: User,
    held_on: datetime.date,
    attended: str,
    discussed: str,
    frequency: str,
    actions: Iterable[ActionLine],
    done: Iterable[SessionAction] = (),
) -> SupervisionSession:
    """Write (or correct) the record of a session and ask the worker to confirm it.

    `actions` replace the session's own open actions; `done` are open actions of earlier
    sessions of the pair, ticked off in this one. `frequency` is what the pair agreed, and
    sets when the next session is due. A confirmed record is agreed and no longer changes.
    """
    link = _locked_link(session.supervision, supervisor)
    session = SupervisionSession.objects.select_for_update().get(pk=session.pk)
    if session.is_confirmed:
        raise ReviewError(
            f"{link.supervisee.get_display_name()} has confirmed this record, so it no longer "
            "changes. Add anything new to the next session.",
            "confirmed",
        )
    first_time = session.is_draft
    session.held_on = held_on
    session.attended = attended.strip()
    session.discussed = discussed.strip()
    session.status = SupervisionSession.Status.RECORDED
    session.recorded_at = timezone.now()
    session.save()
    link.session_frequency = frequency
    link.save(update_fields=["session_frequency"])

    session.actions.filter(done_in__isnull=True).delete()
    SessionAction.objects.bulk_create(
        SessionAction(session=session, text=a.text.strip(), owner=a.owner, due_on=a.due_on)
        for a in actions
        if a.text.strip()
    )
    # Ticking off only ever closes the pair's own open actions from earlier sessions; one
    # unticked again in this record opens again.
    earlier = SessionAction.objects.filter(session__supervision=link).exclude(session=session)
    earlier.filter(done_in=session).update(done_in=None)
    earlier.filter(pk__in=[a.pk for a in done], done_in__isnull=True).update(done_in=session)

    detail = _detail(session)
    audit.record(
        None,
        supervisor,
        AuditEvent.Action.SESSION_RECORDED,
        detail if first_time else f"{detail}, corrected",
    )
    notifications.notify(
        recipient=link.supervisee,
        event="session_recorded",
        actor=supervisor,
        url=reverse("journal:session_detail", args=[session.pk]),
    )
    return session


@transaction.atomic
def session_answer(
    *, session: SupervisionSession, worker: User, note: str, confirm: bool
) -> SupervisionSession:
    """The worker confirms the record, with or without a note, or adds a note without
    confirming (when they see it differently). Either way the supervisor is told."""
    session = SupervisionSession.objects.select_for_update().get(pk=session.pk)
    if session.supervisee_id != worker.pk or session.is_draft:
        raise PermissionDenied("Only the person supervised answers the record of a session.")
    if session.is_confirmed:
        raise ReviewError("You have already confirmed this record.", "confirmed")
    note = note.strip()
    if not confirm and not note:
        raise ReviewError("Write your note, or confirm the record as it stands.", "empty_note")
    if note:
        session.worker_note = note
    if confirm:
        session.status = SupervisionSession.Status.CONFIRMED
        session.confirmed_at = timezone.now()
    session.save(update_fields=["worker_note", "status", "confirmed_at"])
    action = AuditEvent.Action.SESSION_CONFIRMED if confirm else AuditEvent.Action.SESSION_NOTED
    audit.record(None, worker, action, _detail(session))
    notifications.notify(
        recipient=session.supervisor,
        event="session_confirmed" if confirm else "session_noted",
        actor=worker,
        url=reverse("journal:session_detail", args=[session.pk]),
    )
    return session
