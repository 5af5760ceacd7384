"""Supervision meetings: the agenda before one, and the session record after it.

Every link and session is fetched through journal.policy; the services re-check the rules
and do the work.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from journal import clock, policy
from journal.errors import ReviewError
from journal.models import Handover
from journal.review import session_selectors
from journal.review import sessions as session_services
from journal.review.agenda import agenda_for
from journal.review.agenda_markdown import agenda_markdown
from journal.review.forms import ActionFormSet, SessionAnswerForm, SessionForm

# The agenda ------------------------------------------------------------------------------


def _agenda_response(request, agenda, *, fmt: str, markdown_url: str, link=None):
    text = agenda_markdown(agenda)
    if fmt == "md":
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{agenda.file_name}"'
        return response
    context = {"agenda": agenda, "markdown": text, "markdown_url": markdown_url, "link": link}
    return render(request, "journal/review/agenda.html", context)


@login_required
@require_GET
def agenda(request, fmt="html"):
    """The worker's own agenda for their next supervision."""
    return _agenda_response(
        request,
        agenda_for(owner=request.user),
        fmt=fmt,
        markdown_url=reverse("journal:agenda_md"),
    )


@login_required
@require_GET
def supervisee_agenda(request, pk, fmt="html"):
    """A supervisor's agenda for one supervisee: only what that person shared with them."""
    link = policy.get_link_for_supervisor(request.user, pk)
    return _agenda_response(
        request,
        agenda_for(owner=link.supervisee, supervisor=request.user),
        fmt=fmt,
        markdown_url=reverse("journal:supervisee_agenda_md", args=[link.pk]),
        link=link,
    )


# Supervision sessions ----------------------------------------------------------------------


@login_required
@require_GET
def session_list(request, pk):
    """A pair's sessions, when the next is due and the actions still open."""
    link = policy.get_link_for_sessions(request.user, pk)
    history = session_selectors.session_history(link=link, user=request.user)
    is_supervisor = link.supervisor_id == request.user.pk
    # Sessions with a former supervisor the worker handed over to this one, read-only.
    handed_over = (
        policy.sessions_visible_to(request.user)
        .filter(
            pk__in=Handover.objects.filter(successor=link, carry_sessions=True).values("sessions")
        )
        .order_by("-held_on", "-pk")
        if is_supervisor
        else []
    )
    context = {"history": history, "is_supervisor": is_supervisor, "handed_over": handed_over}
    return render(request, "journal/review/session_list.html", context)


@login_required
@require_POST
def session_start(request, pk):
    """Keep today's agenda as the draft of the next session, and open it to write in."""
    link = policy.get_link_for_supervisor(request.user, pk)
    agenda = agenda_markdown(agenda_for(owner=link.supervisee, supervisor=request.user))
    session = session_services.session_prepare(
        supervision=link, supervisor=request.user, agenda=agenda, held_on=clock.today()
    )
    return redirect("journal:session_edit", pk=session.pk)


def _action_initial(session) -> list[dict]:
    return [
        {"text": a.text, "owner": a.owner, "due_on": a.due_on}
        for a in session.actions.all()
        if a.is_open
    ]


@login_required
def session_edit(request, pk):
    """The supervisor writes the record; saving it asks the worker to confirm."""
    session = policy.get_session_for_supervisor(request.user, pk)
    link = session.supervision
    if session.is_confirmed:
        messages.info(request, "This record is confirmed, so it no longer changes.")
        return redirect("journal:session_detail", pk=session.pk)
    carried = session_selectors.open_actions(link, session=session)
    initial = {
        "held_on": session.held_on,
        "attended": session.attended,
        "discussed": session.discussed,
        "frequency": link.session_frequency,
        "done": [a for a in carried if a.done_in_id == session.pk],
    }
    form = SessionForm(request.POST or None, initial=initial, open_actions=carried)
    actions = ActionFormSet(
        request.POST or None,
        initial=_action_initial(session),
        prefix="act",
        form_kwargs={"link": link},
    )
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        data = form.cleaned_data
        try:
            session_services.session_record(
                session=session,
                supervisor=request.user,
                held_on=data["held_on"],
                attended=data["attended"],
                discussed=data["discussed"],
                frequency=data["frequency"],
                actions=[
                    session_services.ActionLine(a["text"], a["owner"], a["due_on"])
                    for a in actions.cleaned_data
                    if a.get("text")
                ],
                done=data.get("done", []),
            )
        except ReviewError as error:
            form.add_error(None, error.as_validation_error())
        else:
            name = link.supervisee.get_display_name()
            messages.success(request, f"Session recorded. {name} has been asked to confirm it.")
            return redirect("journal:session_detail", pk=session.pk)
    context = {"session": session, "link": link, "form": form, "actions": actions}
    return render(request, "journal/review/session_edit.html", context)


def _session_page(request, session, answer_form=None):
    is_worker = session.supervisee_id == request.user.pk
    # Not a former supervisor's session handed over to this one: that is read-only history.
    is_writer = session.supervision is not None and (
        session.supervision.supervisor_id == request.user.pk
    )
    context = {
        "session": session,
        "actions": list(session.actions.all()),
        "closed": list(session.actions_closed.select_related(*session_selectors.ACTION_NAMES)),
        "is_worker": is_worker,
        "is_writer": is_writer,
        "can_edit": is_writer and not session.is_confirmed,
        "answer_form": answer_form or SessionAnswerForm(),
        "next_due": (
            session.supervision.next_session_due(session.held_on) if session.supervision else None
        ),
    }
    return render(request, "journal/review/session_detail.html", context)


@login_required
@require_GET
def session_detail(request, pk):
    return _session_page(request, policy.get_session_for_member(request.user, pk))


@login_required
@require_POST
def session_confirm(request, pk):
    """The worker confirms the record, or adds a note without confirming."""
    session = policy.get_session_for_worker(request.user, pk)
    form = SessionAnswerForm(request.POST)
    if form.is_valid():
        try:
            session_services.session_answer(
                session=session,
                worker=request.user,
                note=form.cleaned_data["note"],
                confirm=form.confirm,
            )
        except ReviewError as error:
            form.add_error("note", error.as_validation_error())
        else:
            if form.confirm:
                messages.success(request, "Confirmed. The record is now agreed between you.")
            else:
                messages.success(request, "Your note is on the record. It is not confirmed yet.")
            return redirect("journal:session_detail", pk=session.pk)
    return _session_page(request, session, answer_form=form)
