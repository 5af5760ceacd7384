"""Supervision and review pages: links, sharing, the review queue, feedback, sign-off.

Every entry, link, comment and notification is fetched through journal.policy; the
services re-check the rules and do the work.
"""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from journal import params, policy, selectors
from journal.entries.content import WHOLE_ENTRY
from journal.entries.document import document_prefetches, entry_document
from journal.errors import ReviewError
from journal.models import Entry, Handover, Share
from journal.people import notifications
from journal.review import comments as comment_services
from journal.review import selectors as review_selectors
from journal.review import sessions as session_services
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review import supervision as supervision_services
from journal.review.agenda import agenda_for, agenda_markdown
from journal.review.forms import (
    ActionFormSet,
    CommentForm,
    HandoverForm,
    InviteForm,
    ReplyForm,
    SessionAnswerForm,
    SessionForm,
    ShareForm,
    SignOffForm,
)
from journal.review.models import latest_sign_off
from journal.year import clock


def _entry_page_context(entry: Entry, user, share: Share | None = None) -> dict:
    """The entry as the one document, with the comment threads `user` may see beside it.

    `share`: the live share a supervisor reads the entry through, which settles that they may
    comment. The entry is read again with its review flags, so that what it has none of
    (sign-offs, comments, peer confirmations) costs no query.
    """
    entry = Entry.objects.with_review_flags().select_related("owner").get(pk=entry.pk)
    prefetch_related_objects([entry], *document_prefetches(entry))
    can_reply = share is not None or policy.can_comment(user, entry)
    threads = review_selectors.comment_threads(entry=entry, user=user, reviewing=can_reply)
    return {
        "entry": entry,
        "doc": entry_document(entry).with_threads(threads),
        "entry_threads": threads.get(WHOLE_ENTRY, []),
        "can_reply": can_reply,
    }


# Supervision links -----------------------------------------------------------------------


@login_required
def supervision(request):
    """Invite a supervisor, answer invitations, see and end current links."""
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        try:
            supervision_services.supervision_invite(supervisee=request.user, identifier=identifier)
        except ReviewError as error:
            form.add_error("identifier", error.as_validation_error())
        else:
            messages.success(request, f"Invitation sent to {identifier}.")
            return redirect("journal:supervision")
    context = {
        "form": form,
        "links": review_selectors.supervision_links(request.user),
        "past_sessions": review_selectors.past_sessions(request.user),
        "handovers": Handover.objects.filter(supervisee=request.user, successor__isnull=True)
        .select_related("supervisor")
        .order_by("-created_at", "-pk"),
    }
    return render(request, "journal/supervision.html", context)


@login_required
def handover(request, pk):
    """A former supervisor left: what stays, and an invitation to a new supervisor carrying
    the history the worker chooses."""
    handover = policy.get_handover_for_worker(request.user, pk)
    form = HandoverForm(request.POST or None, handover=handover)
    if request.method == "POST" and handover.is_offered and form.is_valid():
        data = form.cleaned_data
        try:
            link = supervision_services.handover_invite(
                handover=handover,
                user=request.user,
                identifier=data["identifier"],
                entries=list(data["entries"]),
                carry_sign_offs=data["carry_sign_offs"],
                carry_comments=data["carry_comments"],
                carry_sessions=data["carry_sessions"],
            )
        except ReviewError as error:
            form.add_error("identifier", error.as_validation_error())
        else:
            if link.is_active:
                done = f"{link.supervisor} can now read the history you chose"
            else:
                done = f"Invitation sent to {link.invitee_label}. Once they accept, they can read "
                done += "the history you chose"
            messages.success(request, f"{done}, under {handover.supervisor_name}'s name.")
            return redirect("journal:supervision")
    return render(request, "journal/review/handover.html", {"handover": handover, "form": form})


def _answer_invitation(request, pk, service, done_message):
    invitation = policy.get_invitation_for_invitee(request.user, pk)
    try:
        service(supervision=invitation, user=request.user)
    except ReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done_message.format(name=invitation.supervisee))
    return redirect("journal:supervision")


@login_required
@require_POST
def supervision_accept(request, pk):
    return _answer_invitation(
        request, pk, supervision_services.supervision_accept, "You now supervise {name}."
    )


@login_required
@require_POST
def supervision_decline(request, pk):
    return _answer_invitation(
        request,
        pk,
        supervision_services.supervision_decline,
        "You declined the invitation from {name}.",
    )


@login_required
@require_POST
def supervision_revoke(request, pk):
    link = policy.get_supervision_for_member(request.user, pk)
    try:
        supervision_services.supervision_revoke(supervision=link, user=request.user)
    except ReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "The supervision link has ended. Nothing is shared through it now."
        )
    return redirect("journal:supervision")


# Sharing, for the owner --------------------------------------------------------------------


@login_required
def entry_share(request, pk):
    """The owner's sharing and feedback page: who sees the entry, where review stands, comments."""
    entry = policy.get_entry_for_owner(request.user, pk)
    supervisions = review_selectors.active_supervisions_for_sharing(request.user)
    form = ShareForm(request.POST or None, supervisions=supervisions)
    if request.method == "POST" and form.is_valid():
        link = form.cleaned_data["supervision"]
        try:
            sharing_services.entry_share(
                entry=entry, supervision=link, user=request.user, submit=form.submit
            )
        except ReviewError as error:
            form.add_error(None, error.as_validation_error())
        else:
            name = link.supervisor.get_display_name()
            if form.submit:
                messages.success(request, f"Submitted to {name} for review.")
            else:
                messages.success(request, f"Shared with {name}.")
            return redirect("journal:entry_share", pk=entry.pk)
    context = _entry_page_context(entry, request.user)
    entry = context["entry"]
    prefetch_related_objects([entry], review_selectors.shares_prefetch(entry=entry))
    sharing = review_selectors.owner_sharing(entry)
    context.update(
        form=form,
        sharing=sharing,
        asked_for_changes=[row for row in sharing if row.state.changes_requested],
        review_state=entry.review_state(),
        latest_sign_off=entry.latest_sign_off(),
        sign_offs=entry.signoffs.all(),
    )
    return render(request, "journal/review/entry_share.html", context)


@login_required
@require_POST
def share_revoke(request, pk, share_pk):
    entry = policy.get_entry_for_owner(request.user, pk)
    share = policy.get_share_for_owner(request.user, entry, share_pk)
    sharing_services.share_revoke(share=share, user=request.user)
    messages.success(request, f"{share.supervision.supervisor} can no longer see this entry.")
    return redirect("journal:entry_share", pk=entry.pk)


@login_required
@require_POST
def comment_reply(request, pk, comment_pk):
    """A reply in a comment thread, by the owner or the supervisor who started it."""
    entry = policy.get_entry_for_reader(request.user, pk)
    parent = policy.get_comment_for_reply(request.user, entry, comment_pk)
    form = ReplyForm(request.POST)
    # Back to the page the reply was written on (the entry page, the share page or the review
    # page), at the thread.
    name = "journal:entry_share" if policy.is_owner(request.user, entry) else "journal:review_entry"
    back = params.back_path(request, reverse(name, args=[entry.pk]))
    if form.is_valid():
        reply = comment_services.comment_add(
            entry=entry, author=request.user, body=form.cleaned_data["body"], parent=parent
        )
        messages.success(request, "Reply sent.")
        return redirect(f"{back}#comment-{reply.pk}")
    messages.error(request, " ".join(form.errors["body"]))
    return redirect(f"{back}#comment-{parent.pk}")


@login_required
@require_GET
def entry_audit(request, pk):
    """The owner's audit trail: who did what to the entry, and when."""
    entry = policy.get_entry_for_owner(request.user, pk, include_bin=True)
    page = Paginator(selectors.audit_trail(entry), 50).get_page(request.GET.get("page"))
    return render(request, "journal/audit.html", {"entry": entry, "page": page})


# Reviewing, for the supervisor -------------------------------------------------------------


@login_required
@require_GET
def review_queue(request):
    groups = review_selectors.review_queue(supervisor=request.user)
    waiting = sum(len(group.waiting) for group in groups)
    return render(request, "journal/review/queue.html", {"groups": groups, "waiting": waiting})


def _review_page(request, entry, share, *, comment_form=None, sign_off_form=None):
    context = _entry_page_context(entry, request.user, share)
    entry = context["entry"]
    fingerprint = entry.content_fingerprint()
    state = share.review_state(entry.signoffs.all(), fingerprint)
    previous, following = review_selectors.queue_neighbours(supervisor=request.user, entry=entry)
    own = [s for s in entry.signoffs.all() if s.supervisor_id == request.user.pk]
    latest = latest_sign_off(own)
    context.update(
        share=share,
        state=state,
        previous_waiting=previous,
        next_waiting=following,
        # How long it has waited, as the queue counts it.
        waiting_since=review_selectors.waiting_since(share, state) if state.needs_review else None,
        sign_off=latest,
        changed_fields=(
            review_selectors.fields_changed_since(latest, entry)
            if state.changed_since_sign_off
            else []
        ),
        comment_form=comment_form or CommentForm(entry=entry),
        sign_off_form=sign_off_form or SignOffForm(initial={"fingerprint": fingerprint}),
        fingerprint=fingerprint,
        review_diff=(
            review_selectors.changes_since_review(share=share, entry=entry, supervisor=request.user)
            if state.needs_review
            else None
        ),
        history=[],
    )
    if entry.may_have("has_sign_offs") or entry.may_have("has_comments"):
        # A former supervisor's history the worker handed over: read-only, under their name.
        history = Handover.objects.carried_to(request.user).history_of(entry)
        kept_back = {pk for part in history for pk in part.kept_back}
        if context["doc"].sign_off and entry.latest_sign_off().pk in kept_back:
            context["doc"] = replace(context["doc"], sign_off=None)
        context["history"] = history
    return render(request, "journal/review/entry.html", context)


class Withdrawn(Exception):
    """The entry was once shared with this supervisor and no longer is."""

    def __init__(self, share):
        self.share = share


def _entry_for_reviewer(request, pk):
    """policy.get_entry_for_reviewer, or Withdrawn for a supervisor who once had a share."""
    try:
        return policy.get_entry_for_reviewer(request.user, pk)
    except Http404:
        raise Withdrawn(policy.get_withdrawn_share(request.user, pk)) from None


def _withdrawn_page(request, share, *, unsent: str = ""):
    """410: what happened, never the entry's content; a comment typed in an old tab is shown
    back, so it is not lost."""
    context = {
        "withdrawal": review_selectors.withdrawal(share),
        "unsent": unsent,
    }
    return render(request, "journal/review/withdrawn.html", context, status=410)


@login_required
@require_GET
def review_entry(request, pk):
    try:
        entry, share = _entry_for_reviewer(request, pk)
    except Withdrawn as withdrawn:
        return _withdrawn_page(request, withdrawn.share)
    return _review_page(request, entry, share)


@login_required
@require_POST
def review_comment(request, pk):
    """Comment on the entry or one field; the "Request changes" button asks for changes."""
    try:
        entry, share = _entry_for_reviewer(request, pk)
    except Withdrawn as withdrawn:
        return _withdrawn_page(request, withdrawn.share, unsent=request.POST.get("body", ""))
    form = CommentForm(request.POST, entry=entry)
    if form.is_valid():
        comment = comment_services.comment_add(
            entry=entry,
            author=request.user,
            body=form.cleaned_data["body"],
            field=form.cleaned_data["field"],
            requests_changes=form.requests_changes,
        )
        if form.requests_changes:
            messages.success(request, f"Changes requested. {entry.owner} has been told.")
        else:
            messages.success(request, "Comment added.")
        # To the comment where it now stands, not back to the empty form (the form's own
        # #add-comment would otherwise carry over the redirect).
        page = reverse("journal:review_entry", args=[entry.pk])
        return redirect(f"{page}#comment-{comment.pk}")
    return _review_page(request, entry, share, comment_form=form)


@login_required
@require_POST
def review_sign_off(request, pk):
    try:
        entry, share = _entry_for_reviewer(request, pk)
    except Withdrawn as withdrawn:
        return _withdrawn_page(request, withdrawn.share, unsent=request.POST.get("note", ""))
    form = SignOffForm(request.POST)
    if not form.is_valid():
        return _review_page(request, entry, share, sign_off_form=form)
    try:
        sign_off_services.entry_sign_off(
            entry=entry,
            supervisor=request.user,
            note=form.cleaned_data["note"],
            expected_fingerprint=form.cleaned_data["fingerprint"],
        )
    except ReviewError as error:
        # Said beside the form, the note kept, with the fingerprint of the version now shown.
        current = {"note": form.cleaned_data["note"], "fingerprint": entry.content_fingerprint()}
        form = SignOffForm(current)
        form.is_valid()
        form.add_error(None, error.message)
        return _review_page(request, entry, share, sign_off_form=form)
    done = "Signed off. The exact version you read is on record."
    if request.POST.get("then") != "next":
        messages.success(request, done)
        return redirect("journal:review_entry", pk=entry.pk)
    following = review_selectors.queue_neighbour(supervisor=request.user, entry=entry, step=1)
    if following is None:
        messages.success(request, f"{done} Nothing else is waiting for your review.")
        return redirect("journal:review_queue")
    messages.success(request, f"{done} This is the next entry waiting.")
    return redirect("journal:review_entry", pk=following.pk)


@login_required
@require_GET
def review_step(request, pk, direction):
    """The next or previous entry waiting in the queue; the queue itself at either end."""
    entry, _share = policy.get_entry_for_reviewer(request.user, pk)
    step = 1 if direction == "next" else -1
    neighbour = review_selectors.queue_neighbour(supervisor=request.user, entry=entry, step=step)
    if neighbour is None:
        return redirect("journal:review_queue")
    return redirect("journal:review_entry", pk=neighbour.pk)


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
    history = review_selectors.session_history(link=link, user=request.user)
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
    carried = review_selectors.open_actions(link, session=session)
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
        "closed": list(session.actions_closed.select_related(*review_selectors.ACTION_NAMES)),
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


# Notifications -----------------------------------------------------------------------------


@login_required
@require_GET
def notification_list(request):
    is_read = ExpressionWrapper(Q(read_at__isnull=False), output_field=BooleanField())
    notes = (
        policy.notifications_for(request.user)
        .annotate(is_read=is_read)
        .order_by("is_read", "-created_at")  # unread first, then newest first
    )
    page = Paginator(notes, 50).get_page(request.GET.get("page"))
    selectors.attach_entry_titles(request.user, page.object_list)
    unread = policy.notifications_for(request.user).filter(read_at__isnull=True).count()
    return render(request, "journal/notifications.html", {"page": page, "unread": unread})


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one notification read; with open=1, go on to what it is about."""
    notification = get_object_or_404(policy.notifications_for(request.user), pk=pk)
    notifications.notification_mark_read(notification=notification)
    target = notification.url
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("journal:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = notifications.notifications_mark_all_read(recipient=request.user)
    if count:
        messages.success(request, "All notifications marked as read.")
    return redirect("journal:notifications")
