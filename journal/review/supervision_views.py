"""Supervision links: inviting a supervisor, answering invitations, ending a link, and
handing a former supervisor's history over to a new one.

Every link and invitation is fetched through journal.policy; the services re-check the rules
and do the work.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from journal import policy
from journal.errors import ReviewError
from journal.models import Handover
from journal.review import selectors as review_selectors
from journal.review import supervision as supervision_services
from journal.review.forms import HandoverForm, InviteForm
from journal.review.session_selectors import past_sessions


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
        "past_sessions": past_sessions(request.user),
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
