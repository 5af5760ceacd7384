"""Citations on the editor: removing one (a form post) and trimming a quote (JSON, as autosave)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from journal import params, policy
from journal.entries import services
from journal.entries.autosave_views import json_refusal
from journal.entries.services import EditConflict, EntryChange, SignedOffEntry


@login_required
@require_POST
def citation_remove(request, pk, citation_pk):
    entry = policy.get_entry_for_owner(request.user, pk)
    citation = get_object_or_404(entry.citations, pk=citation_pk)
    keep = entry.citations.exclude(pk=citation.pk).values_list("pk", flat=True)
    try:
        services.entry_save(
            user=request.user,
            entry=entry,
            change=EntryChange(keep_citations=list(keep)),
            expected_revision=entry.revision,
        )
    except SignedOffEntry as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Citation removed. The version history keeps the quote.")
    return redirect("journal:entry_edit", pk=entry.pk)


@login_required
@require_POST
def citation_trim(request, pk, citation_pk):
    """The editor's "Trim this quote": quote only some words of an existing citation's passage.

    Answers JSON, as autosave does: the editor changes the card in place and carries the new
    revision, so nothing typed in the form meanwhile is lost or mistaken for a stale copy.
    """
    entry = policy.get_entry_for_owner(request.user, pk)
    citation = get_object_or_404(entry.citations.select_related("passage"), pk=citation_pk)
    start = params.whole_number(request.POST.get("start"), minimum=0, maximum=10**6, name="Start")
    end = params.whole_number(request.POST.get("end"), minimum=0, maximum=10**6, name="End")
    try:
        services.citation_trim(
            user=request.user,
            entry=entry,
            citation=citation,
            start=start if start is not None else -1,
            end=end if end is not None else -1,
            expected_revision=params.revision(request.POST.get("revision")),
            reopen_signed_off=request.POST.get("reopen_signed_off") == "on",
        )
    except services.TrimRefused as refused:
        return json_refusal(400, str(refused))
    except EditConflict:
        return json_refusal(
            409,
            "This entry was saved in another tab or window, so the quote was not trimmed. "
            "Reload to see the newer text, then trim it again.",
            conflict=True,
        )
    except SignedOffEntry as refused:
        return json_refusal(409, str(refused), signed_off=True)
    citation.refresh_from_db()
    entry.refresh_from_db()
    return JsonResponse({"ok": True, "quote": citation.quote, "revision": entry.revision})
