"""Review pages: sharing and feedback for the owner, the queue and the review page (comments,
sign-off) for the supervisor, and notifications. Links and invitations are in
supervision_views.py, agendas and sessions in session_views.py.

Every entry, comment and notification is fetched through journal.policy; the
services re-check the rules and do the work.
"""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from journal import notifications, params, policy, selectors
from journal.entries.content import WHOLE_ENTRY
from journal.errors import ReviewError
from journal.models import Entry, Handover, Share
from journal.review import comments as comment_services
from journal.review import queue
from journal.review import selectors as review_selectors
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review.document import document_flags, document_prefetches, entry_document
from journal.review.forms import (
    CommentForm,
    ReplyForm,
    ShareForm,
    SignOffForm,
)
from journal.review.models import latest_sign_off
from journal.review.standing import review_state


def _entry_page_context(entry: Entry, user, share: Share | None = None) -> dict:
    """The entry as the one document, with the comment threads `user` may see beside it.

    `share`: the live share a supervisor reads the entry through, which settles that they may
    comment. The entry is read again with its review flags, unless it came with them (and its
    owner), so that what it has none of (sign-offs, comments, peer confirmations) costs no
    query.
    """
    if not hasattr(entry, "has_sign_offs"):
        entry = Entry.objects.annotate(**document_flags()).select_related("owner").get(pk=entry.pk)
    prefetch_related_objects([entry], *document_prefetches(entry))
    can_reply = share is not None or policy.can_comment(user, entry)
    threads = review_selectors.comment_threads(entry=entry, user=user, reviewing=can_reply)
    review_selectors.settle_requests(threads, entry.signoffs.all())
    return {
        "entry": entry,
        "doc": entry_document(entry).with_threads(threads),
        "entry_threads": threads.get(WHOLE_ENTRY, []),
        "can_reply": can_reply,
    }


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
    # The page lists every sign-off above the entry; the document would say the latest again.
    context["doc"] = replace(context["doc"], sign_off=None)
    prefetch_related_objects([entry], review_selectors.shares_prefetch(entry=entry))
    sharing = review_selectors.owner_sharing(entry)
    context.update(
        form=form,
        sharing=sharing,
        # With no supervisor yet, an invitation waiting for an answer is the next step.
        invitations_waiting=(
            [] if sharing else review_selectors.supervision_links(entry.owner).invitations_sent
        ),
        asked_for_changes=[row for row in sharing if row.state.changes_requested],
        # The page explains only the buttons it offers: after a sign-off, often none.
        offers_share=any(row.offers_share for row in sharing),
        offers_submit=any(row.offers_submit for row in sharing),
        review_state=review_state(entry),
        latest_sign_off=latest_sign_off(entry.signoffs.all()),
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
        # Nobody else reads a reply to someone whose account has gone: it is the owner's note.
        messages.success(
            request, "Reply sent." if parent.author_id else "Note kept in your record."
        )
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
    groups = queue.review_queue(supervisor=request.user)
    waiting = sum(len(group.waiting) for group in groups)
    return render(request, "journal/review/queue.html", {"groups": groups, "waiting": waiting})


def _review_page(request, entry, share, *, comment_form=None, sign_off_form=None):
    context = _entry_page_context(entry, request.user, share)
    entry = context["entry"]
    fingerprint = entry.content_fingerprint()
    state = share.review_state(entry.signoffs.all(), fingerprint)
    own = [s for s in entry.signoffs.all() if s.supervisor_id == request.user.pk]
    latest = latest_sign_off(own)
    context.update(
        share=share,
        state=state,
        place=queue.queue_place(supervisor=request.user, entry=entry),
        # How long it has waited, as the queue counts it.
        waiting_since=queue.waiting_since(share, state) if state.needs_review else None,
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
    if latest is not None and latest == latest_sign_off(entry.signoffs.all()):
        # Their own sign-off is said at the top of the page; not again under the entry.
        context["doc"] = replace(context["doc"], sign_off=None)
    if entry.may_have("has_sign_offs") or entry.may_have("has_comments"):
        # A former supervisor's history the worker handed over: read-only, under their name.
        history = Handover.objects.carried_to(request.user).history_of(entry)
        kept_back = {pk for part in history for pk in part.kept_back}
        if context["doc"].sign_off and latest_sign_off(entry.signoffs.all()).pk in kept_back:
            context["doc"] = replace(context["doc"], sign_off=None)
        context["history"] = history
    return render(request, "journal/review/entry.html", context)


class Withdrawn(Exception):
    """The entry was once shared with this supervisor and no longer is."""

    def __init__(self, share):
        self.share = share


def _entry_for_reviewer(request, pk, *, review_flags: bool = False):
    """policy.get_entry_for_reviewer, or Withdrawn for a supervisor who once had a share."""
    try:
        return policy.get_entry_for_reviewer(request.user, pk, review_flags=review_flags)
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
        entry, share = _entry_for_reviewer(request, pk, review_flags=True)
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
    then_next = request.POST.get("then") == "next"
    if then_next:
        following = queue.next_after_sign_off(supervisor=request.user, entry=entry)
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
    if not then_next:
        messages.success(request, done)
        return redirect("journal:review_entry", pk=entry.pk)
    # At the top of the next page: without a fragment of its own, the browser would keep the
    # form's #sign-off and open the next entry at its foot.
    if following is None:
        messages.success(request, f"{done} Nothing else is waiting for your review.")
        return redirect(reverse("journal:review_queue") + "#main")
    messages.success(request, f"{done} This is the next entry waiting.")
    return redirect(reverse("journal:review_entry", args=[following.pk]) + "#main")


@login_required
@require_GET
def review_step(request, pk, direction):
    """The next or previous entry waiting in the queue; the queue itself at either end."""
    entry, _share = policy.get_entry_for_reviewer(request.user, pk)
    step = 1 if direction == "next" else -1
    neighbour = queue.queue_neighbour(supervisor=request.user, entry=entry, step=step)
    if neighbour is None:
        return redirect("journal:review_queue")
    return redirect("journal:review_entry", pk=neighbour.pk)


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
