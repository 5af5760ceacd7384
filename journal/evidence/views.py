"""Evidence files: attach and remove (the owner), download (whoever may read the entry)."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from journal import policy
from journal.evidence import services
from journal.evidence.filetypes import Refused
from journal.evidence.forms import EvidenceForm

logger = logging.getLogger(__name__)


def _back_to_entry(entry_pk: int):
    return redirect(reverse("journal:entry_detail", args=[entry_pk]) + "#evidence")


@login_required
@require_POST
def evidence_add(request, pk):
    entry = policy.get_entry_for_owner(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES, owner=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Not attached: {error}")
        return _back_to_entry(entry.pk)
    try:
        evidence = services.evidence_add(
            entry=entry,
            user=request.user,
            upload=form.cleaned_data["file"],
            kind=form.kind,
            description=form.cleaned_data["description"],
        )
    except Refused as refused:  # the account's limit, checked again under the lock
        messages.error(request, f"Not attached: {refused}")
    else:
        messages.success(request, f"“{evidence.name}” is attached to this entry.")
    return _back_to_entry(entry.pk)


@login_required
@require_POST
def evidence_remove(request, pk, evidence_pk):
    evidence = policy.get_evidence_for_owner(request.user, pk, evidence_pk)
    services.evidence_remove(evidence=evidence, user=request.user)
    messages.success(request, f"“{evidence.name}” is removed from this entry.")
    return _back_to_entry(pk)


@login_required
@require_GET
@never_cache
def evidence_download(request, pk, evidence_pk):
    """The file, always as a download: a browser never shows it as a page of this site, and
    no shared cache keeps a copy (never_cache: private, no-store)."""
    evidence = policy.get_evidence_for_reader(request.user, pk, evidence_pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        logger.error(
            "Evidence %s is recorded but its file %s is missing", evidence.pk, evidence.file.name
        )
        raise Http404("This file could not be found.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
