"""The peer handshake: the worker's "Ask a peer to confirm", and the peer's one-time page.

The peer's page needs no account. It shows only the worker's summary, who asked and (if the
worker ticked it) the entry without private notes; nothing else about the worker.
"""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from journal import notifications, policy
from journal.entries.document import content_queryset
from journal.entries.services import SignedOffEntry
from journal.errors import ReviewError
from journal.models import Entry
from journal.peer import services as peer_services
from journal.peer.document import peer_document
from journal.peer.forms import PeerConfirmForm, PeerRequestForm


@login_required
def peer_request(request, pk):
    """Write the summary and get the link (shown once: only its hash is kept)."""
    entry = policy.get_entry_for_owner(request.user, pk)
    form = PeerRequestForm(request.POST or None)
    link = None
    if request.method == "POST" and form.is_valid():
        try:
            made, token = peer_services.peer_request_create(
                entry=entry, user=request.user, **form.cleaned_data
            )
        except ReviewError as error:
            form.add_error(None, error.as_validation_error())
        else:
            link = notifications.absolute_url(peer_services.peer_link_path(token))
            if made.peer_email:
                messages.success(request, f"Link emailed to {made.peer_email}.")
            form = PeerRequestForm()
    context = {
        "entry": entry,
        "form": form,
        "link": link,
        "requests": entry.peer_requests.all(),
    }
    return render(request, "journal/peer/request.html", context)


@login_required
@require_POST
def peer_revoke(request, pk, request_pk):
    entry = policy.get_entry_for_owner(request.user, pk)
    peer = get_object_or_404(entry.peer_requests, pk=request_pk)
    try:
        peer_services.peer_request_revoke(peer_request=peer, user=request.user)
    except ReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Link withdrawn. It no longer works.")
    return redirect("journal:peer_request", pk=entry.pk)


@login_required
@require_POST
def peer_use_takeaway(request, pk, request_pk):
    entry = policy.get_entry_for_owner(request.user, pk)
    peer = get_object_or_404(entry.peer_requests, pk=request_pk)
    try:
        peer_services.peer_takeaway_use(peer_request=peer, user=request.user)
    except (ReviewError, SignedOffEntry) as error:
        messages.error(request, getattr(error, "message", str(error)))
    else:
        messages.success(request, "The takeaway is in your peer reflection. Edit it as you wish.")
    return redirect(entry)


def _closed(request, reason: str, status: int = 410):
    context = {"message": peer_services.REFUSALS[reason], "reason": reason}
    return render(request, "journal/peer/closed.html", context, status=status)


@never_cache
@csrf_protect
def peer_confirm(request, token):
    """The peer's page: confirm the discussion, or decline. Works once."""
    peer = peer_services.peer_request_for_token(token)
    if request.method == "POST":
        try:
            peer_services.peer_attempt(
                peer_request=peer, address=get_client_ip_address(request) or "unknown"
            )
        except peer_services.RateLimited:
            return render(request, "journal/peer/rate_limited.html", status=429)
    if peer is None:
        return _closed(request, "unknown", status=404)
    reason = peer.refusal()
    if reason:
        if request.method == "POST":
            peer_services.peer_record_refusal(peer_request=peer, reason=reason)
        return _closed(request, reason)

    form = PeerConfirmForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "decline":
                peer_services.peer_decline(peer_request=peer)
                return render(request, "journal/peer/done.html", {"declined": True})
            form = PeerConfirmForm(request.POST)
            if form.is_valid():
                peer_services.peer_confirm(peer_request=peer, answer=form.answer())
                return render(request, "journal/peer/done.html", {"declined": False})
        except ReviewError as error:
            return _closed(request, error.code)
    doc = None
    if peer.show_entry:
        entry = content_queryset(Entry.objects.filter(pk=peer.entry_id)).get()
        doc = peer_document(entry)
    context = {
        "peer": peer,
        "asker": peer.entry.owner.get_display_name(),
        "form": form,
        "doc": doc,
    }
    return render(request, "journal/peer/confirm.html", context)
