"""Entry pages: thin views over journal.entries.services.entry_save, gated by journal.policy.

The editor and the entry page. They show the entry with its review (a supervisor's open
comments, the sign-off, asking for a new one on save), its evidence and its readiness, so they
sit here, above those packages, rather than in entries, as do the bin's pages (bin_views.py,
naming the supervisors a binned entry is hidden from). The entry's other pages are entries':
autosave in autosave_views.py, removing and trimming a citation in citation_views.py, the
version history's in version_views.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import redirect, render

from corpus.models import Standard, Statement
from journal import clock, policy
from journal.entries import citing, services, versions
from journal.entries.autosave_views import history_notice, save_draft
from journal.entries.content import ENTRY_FIELDS, WHOLE_ENTRY, citation_part
from journal.entries.document import content_document
from journal.entries.forms import EntryForm
from journal.entries.services import EditConflict, EntryChange, SignedOffEntry
from journal.errors import ReviewError
from journal.evidence.forms import EvidenceForm
from journal.models import Citation, Entry
from journal.review import selectors as review_selectors
from journal.review import sharing as sharing_services
from journal.review.document import document_flags, document_prefetches, entry_document
from journal.review.standing import current_sign_off
from journal.year import selectors as year_selectors

# What the editor reads of review's flags (journal.review.flags): its sign-off, the changes asked
# for, and open comments (review_selectors.open_comments).
EDITOR_REVIEW_FLAGS = ("has_sign_offs", "changes_requested", "has_comments")

KEPT_AS_DRAFT = (
    "Not saved as complete yet: see what needs attention below. Your text is kept as a draft."
)


def _intent(request) -> str:
    """The button pressed: "complete", or "send_back" (complete, then back to whoever asked
    for changes); anything else saves a draft."""
    return "complete" if request.POST.get("intent") in ("complete", "send_back") else "draft"


def _suggestions(entry: Entry | None, form: EntryForm) -> list:
    from corpus import linking

    if entry is None:
        return []
    text = " ".join(filter(None, [entry.description, entry.learning, entry.impact]))
    if not text.strip():
        return []
    ticked = [s.number for s in entry.standards.all()]
    return linking.suggest(text, exclude_standards=ticked, statements=form.primary_statements())


def _editor(request, form, entry=None, **extra):
    """The editor page, for a new entry or an existing one, bound or not."""
    signed_off = None
    if entry is not None:
        # A bound form has already written the submitted text onto its instance: read what
        # is saved, so a refused save still shows the sign-off choice.
        saved = Entry.objects.get(pk=entry.pk) if form.is_bound else entry
        if saved.may_have("has_sign_offs"):  # the fingerprint reads the tags and quotations
            signed_off = current_sign_off(saved)
    citations = list(entry.citations.all()) if entry else []
    if form.is_bound:
        kept = [int(pk) for pk in form.data.getlist("citation") if pk.isdigit()]
    else:
        kept = [c.pk for c in citations]
    conflict = extra.get("conflict")
    open_comments = review_selectors.open_comments(entry=entry, user=request.user)
    for citation in citations:
        citation.open_threads = open_comments.get(citation_part(citation.pk), [])
    context = {
        "form": form,
        "entry": entry,
        "citations": citations,
        "passages": form.pending_passages() if form.is_bound else extra.pop("passages", []),
        "suggestions": _suggestions(entry, form),
        "signed_off": signed_off,
        "kept_citations": kept,
        "conflict_fields": (
            content_document(conflict.entry, include_private=True).fields if conflict else []
        ),
        "conflict": None,
        "open_comments": open_comments,
        "send_back": (
            review_selectors.changes_requested_rows(entry)
            if entry is not None and entry.may_have("changes_requested")
            else []
        ),
        "creating": entry is None,
        **extra,
    }
    return render(request, "journal/entry_form.html", context)


def _keep_refused(request, form, entry: Entry | None) -> tuple[Entry | None, EditConflict | None]:
    """A refused save still keeps what the person typed, as a draft, and says so.

    The form is shown again with its errors; from now on it edits the kept draft.
    """
    valid = form.valid_fields()
    has_text = any(valid.get(f.name) for f in ENTRY_FIELDS if f.is_text) or form.data.get("cite")
    if entry is None and not has_text:
        return None, None
    try:
        version = save_draft(request, form, entry)
    except SignedOffEntry:
        return entry, None  # the sign-off panel explains; the text is still in the form
    except EditConflict as conflict:
        return entry, conflict
    entry = version.entry
    data = form.data.copy()
    data["revision"] = entry.revision
    data.setlist("citation", [str(c.pk) for c in entry.citations.all()])
    data.setlist("cite", [])
    data["citations_listed"] = "on"
    form.data = data
    form.instance = entry
    messages.warning(request, KEPT_AS_DRAFT)
    return entry, None


def _saved_message(request, entry: Entry, change: EntryChange) -> None:
    if change.reopen_signed_off:
        messages.success(
            request,
            "Entry saved. The earlier sign-off stays on record for the version your supervisor "
            "read; they now see this entry as “changed since sign-off”, ready for a new one.",
        )
    elif entry.is_marked_complete:
        messages.success(request, "Entry saved and marked complete.")
    else:
        messages.success(request, "Entry saved as a draft.")


def _send_back(request, entry: Entry) -> None:
    """The editor's "Save and send back": saved, and submitted again to each supervisor still
    waiting for changes (as the entry page's "Send back for review" buttons would)."""
    supervisors = []
    try:
        for row in review_selectors.changes_requested_rows(entry):
            sharing_services.entry_share(
                entry=entry, supervision=row.supervision, user=request.user, submit=True
            )
            supervisors.append(row.supervisor)
    except ReviewError as error:
        messages.error(request, f"Entry saved, but not sent back: {error.message}")
        return
    if supervisors:
        names = " and ".join(s.get_display_name() for s in supervisors)
        messages.success(request, f"Entry saved and sent back to {names} for review.")
    else:
        messages.success(request, "Entry saved. No supervisor is waiting for changes to it now.")


@login_required
def entry_create(request):
    if request.method == "POST":
        form = EntryForm(request.POST, intent=_intent(request))
        if form.is_valid():
            change = form.entry_change()
            version = services.entry_save(
                user=request.user,
                change=change,
                form_key=form.cleaned_data["form_key"],
                client_key=form.cleaned_data["client_key"],
            )
            _saved_message(request, version.entry, change)
            return redirect(version.entry)
        entry, conflict = _keep_refused(request, form, None)
        # Still the new entry the person started, though the draft kept from it now exists.
        return _editor(request, form, entry, conflict=conflict, creating=True)

    form = EntryForm(intent="draft")
    passages = [
        p for p in map(citing.passage_from_reference, request.GET.getlist("cite")[:20]) if p
    ]
    for passage in passages:
        passage.reference, passage.quoted = citing.passage_reference(passage), passage.text
    if request.GET.getlist("cite") and not passages:
        messages.warning(
            request, "That passage could not be found; it may have been corrected since."
        )
    if passages:
        first = passages[0]
        form.initial.update(
            {
                # The source as well as the episode: an episode's title alone often reads as
                # a standard ("Standard 4: …"), beside the entry's own standard tags.
                "title": (
                    f"{first.source.title} – {first.episode.title}"
                    if first.episode_id
                    else first.source.title
                ),
                "activity_type": Entry.ActivityType.PODCAST
                if first.source.kind == "podcast"
                else Entry.ActivityType.READING,
                "cite": [citing.passage_reference(p) for p in passages],
            }
        )
    return _editor(request, form, passages=passages)


@login_required
def entry_edit(request, pk):
    if request.method != "POST":
        entry = policy.get_entry_for_owner(request.user, pk, review_flags=EDITOR_REVIEW_FLAGS)
        # Read once: the form, the quotations, the suggestions and any fingerprint share them;
        # the shares and sign-offs only when there is a sign-off or a change request to show.
        # The tags unordered: each of those reads them as a set.
        reviewed = entry.has_sign_offs or entry.changes_requested
        prefetch_related_objects(
            [entry],
            Prefetch("citations", Citation.objects.select_related("passage")),  # to trim
            Prefetch("standards", Standard.objects.order_by()),
            Prefetch("statements", Statement.objects.order_by()),
            *(review_selectors.review_prefetches() if reviewed else []),
        )
        form = EntryForm(instance=entry)
        form.saved_privacy_warnings()
        return _editor(request, form, entry)
    entry = policy.get_entry_for_owner(request.user, pk)
    form = EntryForm(request.POST, instance=entry, intent=_intent(request))
    if not form.is_valid():
        kept, conflict = _keep_refused(request, form, entry)
        return _editor(request, form, kept, conflict=conflict)
    change = form.entry_change()
    try:
        services.entry_save(
            user=request.user,
            entry=entry,
            change=change,
            expected_revision=form.cleaned_data.get("revision") or 0,
            client_key=form.cleaned_data.get("client_key"),
        )
    except EditConflict as conflict:
        entry.refresh_from_db()
        # Saving again now deliberately replaces the newer text; both stay in the history.
        form.data = form.data.copy()
        form.data["revision"] = entry.revision
        return _editor(request, form, entry, conflict=conflict)
    except SignedOffEntry as refused:
        messages.error(request, str(refused))
        return _editor(request, form, entry)
    if request.POST.get("intent") == "send_back" and entry.is_marked_complete:
        _send_back(request, entry)
    else:
        _saved_message(request, entry, change)
    if fixed := versions.held_in_history(entry):
        # Whenever it was taken out (an autosave, likely), the history still holds it.
        notice = history_notice(request, entry, fixed, entry.get_absolute_url(), box="mb-0")
        messages.warning(request, notice)  # rendered, so safe: its buttons show as buttons
    return redirect(entry)


@login_required
def entry_detail(request, pk):
    entry = policy.entries_owned(request.user).annotate(**document_flags()).filter(pk=pk).first()
    if entry is None:  # a supervisor reading it is sent to their page; anyone else, 404
        return redirect("journal:review_entry", pk=policy.get_entry_for_reader(request.user, pk).pk)
    prefetch_related_objects(
        [entry], *document_prefetches(entry), review_selectors.shares_prefetch(entry=entry)
    )
    today = clock.today()
    context = review_selectors.entry_review_context(entry=entry, user=request.user)
    review_selectors.settle_requests(context["comment_threads"], entry.signoffs.all())
    doc = entry_document(entry, include_private=True).with_threads(context["comment_threads"])
    whole_entry = context["comment_threads"].get(WHOLE_ENTRY, [])
    context.update(
        entry=entry,
        doc=doc,
        # What still asks something leads the page; answered requests follow the entry.
        entry_threads=[c for c in whole_entry if not c.is_history],
        earlier_threads=[c for c in whole_entry if c.is_history],
        # A sign-off that still holds leads the page, in place of the document's last section.
        sign_off_above=bool(doc.sign_off and doc.sign_off.current),
        missing=entry.missing_for_completion(),
        piece=year_selectors.entry_readiness(request.user, entry, today=today),
        today=today,
        send_back=review_selectors.changes_requested_rows(entry),
        peer_confirmed=sorted(entry.confirmed_peers, key=lambda r: r.answered_at, reverse=True),
        evidence_form=EvidenceForm(owner=request.user),
    )
    return render(request, "journal/entry_detail.html", context)
