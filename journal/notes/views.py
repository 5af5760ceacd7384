"""Quick capture: a phone-first page that works offline, the list, and "Turn into an entry"."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from journal import clock, policy
from journal.notes.forms import QuickNoteForm
from journal.notes.services import note_save, note_to_entry


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
def note_capture(request):
    if request.method == "POST":
        form = QuickNoteForm(request.POST)
        if form.is_valid():
            note, created = note_save(
                user=request.user, client_id=form.client_uuid(), fields=form.note_fields()
            )
            findings = form.privacy_findings()
            if _wants_json(request):
                return JsonResponse(
                    {
                        "ok": True,
                        "created": created,
                        "id": note.pk,
                        "privacy": [f.message for f in findings],
                    }
                )
            messages.success(request, "Note saved.")
            for finding in findings:
                messages.warning(request, f"“{finding.text}”: {finding.message}")
            return redirect("journal:note_list")
        if _wants_json(request):
            errors = [e for errs in form.errors.values() for e in errs]
            return JsonResponse({"ok": False, "errors": errors}, status=400)
    else:
        form = QuickNoteForm(
            initial={"activity_date": clock.today(), "cite": request.GET.get("cite", "")}
        )
    return render(request, "journal/notes/capture.html", {"form": form})


@login_required
def note_list(request):
    notes = (
        policy.notes_owned(request.user)
        .select_related("passage__source", "entry")
        .order_by("-created_at")
    )
    return render(request, "journal/notes/list.html", {"notes": notes})


@login_required
@require_POST
def note_turn_into_entry(request, pk):
    note = policy.get_note_for_owner(request.user, pk)
    entry = note_to_entry(note=note, user=request.user)
    messages.success(request, "A draft entry was made from your note: finish it here.")
    return redirect("journal:entry_edit", pk=entry.pk)


@login_required
@require_POST
def note_save_passage(request):
    """ "Save for later" on a passage: a note holding just the passage."""
    form = QuickNoteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("journal:note_list")
    note_save(user=request.user, client_id=form.client_uuid(), fields=form.note_fields())
    messages.success(request, "Saved for later in your notes.")
    return redirect("journal:note_list")


SERVICE_WORKER = Path(settings.BASE_DIR) / "static" / "js" / "sw.js"


def service_worker(request):
    """The offline worker, served from the root so that it may keep every page of the app."""
    response = HttpResponse(SERVICE_WORKER.read_text(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


def offline(request):
    """What the service worker shows for a page it has not kept, when there is no connection."""
    return render(request, "journal/offline.html")
