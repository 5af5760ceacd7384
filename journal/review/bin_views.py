"""The bin's pages: moving an entry there, listing what is in it, restoring one.

They say which supervisors the entry is hidden from while it is in the bin, and shared with
again once restored, so they sit in review, above the bin itself (journal/entries/bin.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from journal import policy
from journal.entries import bin as entry_bin
from journal.review.standing import live_reviewers


@login_required
def entry_delete(request, pk):
    entry = policy.get_entry_for_owner(request.user, pk)
    if request.method == "POST":
        entry_bin.entry_move_to_bin(entry=entry, user=request.user)
        messages.success(
            request, f"“{entry.display_title}” moved to the bin. You can restore it for 30 days."
        )
        return redirect("journal:entry_list")
    return render(request, "journal/entry_confirm_delete.html", {"entry": entry})


@login_required
def bin_list(request):
    binned = (
        policy.entries_owned(request.user, include_bin=True)
        .in_bin()
        .prefetch_related("shares__supervision__supervisor")
        .order_by("-deleted_at")
    )
    rows = [(entry, entry_bin.bin_expiry(entry), live_reviewers(entry)) for entry in binned]
    return render(request, "journal/bin.html", {"rows": rows})


@login_required
@require_POST
def entry_restore(request, pk):
    entry = policy.get_entry_for_owner(request.user, pk, include_bin=True)
    if not entry.is_in_bin:
        raise Http404("This entry is not in the bin.")
    entry_bin.entry_restore(entry=entry, user=request.user)
    message = f"“{entry.display_title}” restored."
    if readers := live_reviewers(entry):
        names = ", ".join(reader.get_display_name() for reader in readers)
        message += f" It is shared again with {names}, as before it was deleted."
    messages.success(request, message)
    return redirect(entry)
