"""An entry's version history: the list, one version beside the one before it, restoring it,
and removing a fixed identifying detail from every version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from journal import policy
from journal.entries import versions
from journal.entries.diff import snapshot_changes
from journal.models import EntryVersion


@login_required
def entry_versions(request, pk):
    entry = policy.get_entry_for_owner(request.user, pk)
    history = list(entry.versions.select_related("author").prefetch_related("signoffs__supervisor"))
    history.sort(key=lambda v: v.number, reverse=True)
    fixed = versions.fixed_findings(entry, *(v.data for v in history))
    context = {"entry": entry, "versions": history, "fixed": fixed}
    return render(request, "journal/versions.html", context)


@login_required
@require_POST
def versions_remove_detail(request, pk):
    """Remove a detail the person has fixed from every earlier version, once they confirm,
    then go back to the page that offered it (the history, the editor or the entry)."""
    entry = policy.get_entry_for_owner(request.user, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm, then remove it.")
    else:
        try:
            count = versions.versions_remove_detail(
                entry=entry, text=request.POST.get("text", "")[:300], user=request.user
            )
        except ValueError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, f"Removed from {count} earlier version{'s' if count != 1 else ''}."
            )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("journal:entry_versions", pk=entry.pk)


@login_required
def version_detail(request, pk, number):
    entry = policy.get_entry_for_owner(request.user, pk)
    version = get_object_or_404(EntryVersion, entry=entry, number=number)
    if request.method == "POST":
        versions.version_restore(entry=entry, version=version, user=request.user)
        messages.success(request, f"Version {version.number} restored as the current text.")
        return redirect(entry)
    previous = entry.versions.filter(number__lt=number).order_by("-number").first()
    changes = snapshot_changes(previous.data if previous else {}, version.data, private=True)
    return render(
        request,
        "journal/version_detail.html",
        {"entry": entry, "version": version, "previous": previous, "changes": changes},
    )
