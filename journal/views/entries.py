"""Entry pages: thin views over journal.services.entries, gated by journal.policy."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from journal import params, policy
from journal.forms import EntryForm
from journal.models import Citation, Entry, EntryVersion
from journal.services import entries as services
from journal.services import review


def _intent(request) -> str:
    return "complete" if request.POST.get("intent") == "complete" else "draft"


def _cited_passages(request):
    references = (
        request.POST.getlist("cite") if request.method == "POST" else request.GET.getlist("cite")
    )
    passages = [services.passage_from_reference(r) for r in params.without_nul(references[:20])]
    return [p for p in passages if p is not None]


def _suggestions(text: str) -> list:
    from corpus import linking

    return linking.suggest(text, limit=4) if text.strip() else []


@login_required
def entry_create(request):
    passages = _cited_passages(request)
    if request.GET.getlist("cite") and not passages and request.method == "GET":
        messages.warning(
            request, "That passage could not be found; it may have been corrected since."
        )
    form = EntryForm(request.POST or None, intent=_intent(request))
    if request.method == "POST" and form.is_valid():
        entry = services.entry_create(
            owner=request.user,
            data=form.entry_data(),
            standards=form.cleaned_data["standards"],
            statements=form.cleaned_data["statements"],
            passages=passages,
        )
        messages.success(
            request,
            "Entry saved." if entry.status == "draft" else "Entry saved and marked complete.",
        )
        return redirect(entry)
    if not form.is_bound and passages:
        first = passages[0]
        form.initial.update(
            {
                "title": first.episode.title if first.episode_id else first.source.title,
                "activity_type": Entry.ActivityType.PODCAST
                if first.source.kind == "podcast"
                else Entry.ActivityType.READING,
            }
        )
    return render(
        request,
        "journal/entry_form.html",
        {"form": form, "passages": passages, "citations": [], "suggestions": []},
    )


@login_required
def entry_edit(request, pk):
    entry = policy.get_entry_for_owner(request.user, pk)
    form = EntryForm(request.POST or None, instance=entry, intent=_intent(request))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(
                entry=entry,
                data=form.entry_data(),
                user=request.user,
                expected_revision=form.cleaned_data.get("revision") or 0,
                standards=form.cleaned_data["standards"],
                statements=form.cleaned_data["statements"],
            )
        except services.EditConflict as error:
            conflict = error
            entry.refresh_from_db()
            # Saving again now deliberately replaces the newer text; both stay in the history.
            form.data = form.data.copy()
            form.data["revision"] = entry.revision
        else:
            for passage in _cited_passages(request):
                services.cite_passage(entry=entry, passage=passage)
            messages.success(request, "Entry saved.")
            return redirect(entry)
    text = " ".join(filter(None, [entry.title, entry.description, entry.learning, entry.impact]))
    return render(
        request,
        "journal/entry_form.html",
        {
            "form": form,
            "entry": entry,
            "citations": entry.citations.all(),
            "conflict": conflict,
            "suggestions": _suggestions(text),
        },
    )


@login_required
def entry_detail(request, pk):
    entry = policy.get_entry_for_reader(request.user, pk)
    if not policy.is_owner(request.user, entry):
        return redirect("journal:review_entry", pk=entry.pk)
    entry = (
        Entry.objects.filter(pk=entry.pk)
        .select_related("owner")
        .prefetch_related("standards", "statements", Prefetch("citations", Citation.objects.all()))
        .get()
    )
    context = {"entry": entry, "missing": entry.missing_for_completion()}
    context.update(review.entry_review_context(entry=entry, user=request.user))
    return render(request, "journal/entry_detail.html", context)


@login_required
@require_POST
def entry_autosave(request, pk=None):
    """Save a draft from the editor's script; never changes the entry's status."""
    form = EntryForm(request.POST, intent="draft")
    form.full_clean()
    data = {
        name: form.cleaned_data.get(name)
        for name in Entry.CONTENT_FIELDS
        if name in form.cleaned_data and name not in form.errors
    }
    if pk is None:
        entry = services.entry_create(
            owner=request.user,
            data=data,
            standards=form.cleaned_data.get("standards"),
            passages=_cited_passages(request),
            kind=EntryVersion.Kind.AUTOSAVE,
        )
    else:
        entry = policy.get_entry_for_owner(request.user, pk)
        data.pop("status", None)
        try:
            services.entry_update(
                entry=entry,
                data=data,
                user=request.user,
                expected_revision=params.revision(request.POST.get("revision")),
                standards=form.cleaned_data.get("standards")
                if "standards" not in form.errors
                else None,
                kind=EntryVersion.Kind.AUTOSAVE,
            )
        except services.EditConflict as error:
            return JsonResponse(
                {
                    "ok": False,
                    "conflict": True,
                    "message": "This entry was saved in another tab or window. Your text is kept in "
                    "the version history; reload to see the newer text before carrying on.",
                    "kept_version": error.kept.number,
                },
                status=409,
            )
    return JsonResponse(
        {
            "ok": True,
            "id": entry.pk,
            "revision": entry.revision,
            "saved_at": timezone.localtime(entry.updated_at).strftime("%H:%M:%S"),
            "edit_url": entry.get_absolute_url() + "edit/",
            "autosave_url": f"/entries/{entry.pk}/autosave/",
        }
    )


@login_required
def entry_delete(request, pk):
    entry = policy.get_entry_for_owner(request.user, pk)
    if request.method == "POST":
        services.entry_move_to_bin(entry=entry, user=request.user)
        messages.success(
            request, f"“{entry.title}” moved to the bin. You can restore it for 30 days."
        )
        return redirect("journal:entry_list")
    return render(request, "journal/entry_confirm_delete.html", {"entry": entry})


@login_required
def bin_list(request):
    binned = policy.entries_owned(request.user, include_bin=True).in_bin().order_by("-deleted_at")
    rows = [(entry, services.bin_expiry(entry)) for entry in binned]
    return render(request, "journal/bin.html", {"rows": rows})


@login_required
@require_POST
def entry_restore(request, pk):
    entry = policy.get_entry_for_owner(request.user, pk, include_bin=True)
    if not entry.is_in_bin:
        raise Http404("This entry is not in the bin.")
    services.entry_restore(entry=entry, user=request.user)
    messages.success(request, f"“{entry.title}” restored.")
    return redirect(entry)


@login_required
def entry_versions(request, pk):
    entry = policy.get_entry_for_owner(request.user, pk)
    versions = entry.versions.select_related("author").order_by("-number")
    return render(request, "journal/versions.html", {"entry": entry, "versions": versions})


def _version_text(data: dict) -> list[str]:
    lines = []
    for name in Entry.CONTENT_FIELDS:
        value = data.get(name) or ""
        lines.append(f"## {Entry._meta.get_field(name).verbose_name}")
        lines.extend(str(value).splitlines() or [""])
    lines.append("## standards")
    lines.append(", ".join(data.get("standards", [])))
    return lines


@login_required
def version_detail(request, pk, number):
    entry = policy.get_entry_for_owner(request.user, pk)
    version = get_object_or_404(EntryVersion, entry=entry, number=number)
    if request.method == "POST":
        services.version_restore(entry=entry, version=version, user=request.user)
        messages.success(request, f"Version {version.number} restored as the current text.")
        return redirect(entry)
    previous = entry.versions.filter(number__lt=number).order_by("-number").first()
    diff = list(
        difflib.unified_diff(
            _version_text(previous.data) if previous else [],
            _version_text(version.data),
            fromfile=f"version {previous.number}" if previous else "empty",
            tofile=f"version {version.number}",
            lineterm="",
            n=2,
        )
    )
    return render(
        request,
        "journal/version_detail.html",
        {"entry": entry, "version": version, "previous": previous, "diff": diff},
    )


@login_required
@require_POST
def citation_remove(request, pk, citation_pk):
    entry = policy.get_entry_for_owner(request.user, pk)
    citation = get_object_or_404(Citation, entry=entry, pk=citation_pk)
    citation.delete()
    messages.success(request, "Citation removed.")
    return redirect("journal:entry_edit", pk=entry.pk)
