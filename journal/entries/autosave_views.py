"""Autosave: the editor's script saves a draft every few seconds and reads the answer as JSON.

A refused save of the editor page keeps the text the same way (save_draft, used by views.py).
"""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from journal import policy
from journal.entries import services, versions
from journal.entries.content import TEXT_FIELD_NAMES
from journal.entries.forms import EntryForm
from journal.entries.services import EditConflict, SignedOffEntry
from journal.models import Entry, EntryVersion

COMPLETE_NOT_AUTOSAVED = (
    "Not saved yet: a complete entry changes only when you press “Save”, so a supervisor or "
    "an export never reads half-written text. What you type is kept on this device until then."
)


def save_draft(request, form, entry: Entry | None) -> EntryVersion:
    """Save what passed validation as a draft version; a saved entry keeps its status."""
    change = form.entry_change(keep_only_valid=True)
    change.status = None if entry is not None else Entry.Status.DRAFT
    change.own_sources = ()  # added once, by a full save, never by every autosave
    return services.entry_save(
        user=request.user,
        entry=entry,
        change=change,
        expected_revision=None if entry is None else form.cleaned_data.get("revision") or 0,
        kind=EntryVersion.Kind.AUTOSAVE,
        form_key=form.cleaned_data.get("form_key") if entry is None else None,
        client_key=form.cleaned_data.get("client_key"),
    )


def history_notice(
    request, entry: Entry, fixed: list[str], back: str, box: str = "alert alert-warning"
) -> str:
    """The notice that earlier versions still hold `fixed`, with the button removing each."""
    context = {"entry": entry, "fixed": fixed, "next": back, "box": box}
    return render_to_string("journal/includes/history_holds.html", context, request=request)


def json_refusal(status: int, message: str, **flags) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message, **flags}, status=status)


@login_required
@require_POST
def entry_autosave(request, pk=None):
    """Save a draft from the editor's script; never changes the entry's status.

    A complete entry is never autosaved: supervisors, readiness and exports read it, so it
    changes only when its owner presses Save (the editor keeps the typing on the device).
    """
    entry = policy.get_entry_for_owner(request.user, pk) if pk is not None else None
    if entry is not None and entry.is_marked_complete:
        return json_refusal(409, COMPLETE_NOT_AUTOSAVED, complete=True)
    # The text before this save (the form writes over the instance as it validates).
    before = {name: getattr(entry, name) for name in TEXT_FIELD_NAMES} if entry else {}
    form = EntryForm(request.POST, instance=entry, intent="draft")
    form.is_valid()
    if any(name in form.errors for name in ("revision", "form_key", "client_key")):
        return json_refusal(400, "The editor sent something we could not read. Reload.")
    try:
        version = save_draft(request, form, entry)
    except EditConflict as error:
        return json_refusal(
            409,
            "This entry was saved in another tab or window. Your text is kept as version "
            f"{error.kept.number} in its history; reload to see the newer text before carrying on.",
            conflict=True,
            kept_version=error.kept.number,
        )
    except SignedOffEntry as refused:
        return json_refusal(409, str(refused), signed_off=True)
    entry = version.entry
    saved = {
        "id": entry.pk,
        "revision": entry.revision,
        "saved_at": timezone.localtime(entry.updated_at).strftime("%H:%M:%S"),
        "edit_url": reverse("journal:entry_edit", args=[entry.pk]),
        "autosave_url": reverse("journal:entry_autosave", args=[entry.pk]),
    }
    if fixed := versions.removed_details(before, version.data) if before else []:
        # Taken out of the text, but the version before this one still holds it.
        saved["history_notice"] = history_notice(request, entry, fixed, saved["edit_url"])
    if unstored := form.unstored():
        # The rest is saved; what could not be is said, field by field, and the editor
        # keeps it on the device and in the form.
        problems = " ".join(f"“{p['label']}”: {p['message']}" for p in unstored)
        message = f"Not all saved. {problems} The rest was saved at {saved['saved_at']}."
        return JsonResponse(
            {"ok": False, "message": message, "errors": unstored, **saved}, status=422
        )
    return JsonResponse({"ok": True, **saved})
