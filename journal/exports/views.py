from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from journal import audit, clock, policy
from journal.entries.document import content_document, content_queryset
from journal.entries.requirement import current_requirement
from journal.exports import build, jobs
from journal.exports.forms import ExportForm
from journal.exports.period import Period
from journal.models import AuditEvent, Entry, ExportJob
from journal.review.document import document_queryset, entry_document
from journal.review.flags import review_flags_named
from journal.year import hints
from journal.year import selectors as year_selectors
from journal.year.registration import RegistrationYear


def _download(result: build.ExportResult) -> HttpResponse:
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.file_name}"'
    return response


def _to_job(request, job: ExportJob, created: bool) -> HttpResponse:
    if not created:
        messages.info(
            request,
            "You already have an export being prepared: here it is. Start another one "
            "when it has finished.",
        )
    return redirect("journal:export_job", pk=job.pk)


@login_required
def entry_export(request, pk, fmt):
    if fmt not in ("pdf", "md"):
        raise Http404("Unknown export format.")
    entry = policy.get_entry_for_owner(request.user, pk)
    # Private notes only in a personal copy the owner asked for.
    private = request.GET.get("private") == "1"
    comments = request.GET.get("comments") == "1"  # the supervisors' comments, when chosen
    if fmt == "pdf" and not jobs.fits_in_request(
        fmt=fmt, entries=Entry.objects.filter(pk=entry.pk)
    ):
        # Rare, but no text may stall a web process: a worker builds it, once asked by a POST.
        if request.method != "POST":
            context = {"entry": entry, "fmt": fmt, "private": private, "comments": comments}
            return render(request, "journal/export/entry_job.html", context)
        job, created = jobs.export_job_create(
            owner=request.user,
            fmt=fmt,
            params={"entry": entry.pk, "private": private, "comments": comments},
        )
        return _to_job(request, job, created)
    result = build.export_entry(entry, fmt, include_private=private, include_comments=comments)
    audit.record(entry, request.user, AuditEvent.Action.EXPORTED, result.file_name)
    return _download(result)


def _nothing_to_export(owner, params: dict, period: Period) -> str:
    """Why an export came out empty, naming the dates when dates chose the entries. In
    December the page opens on the year just closed, so someone whose entries are all in the
    new year is told where they are."""
    if period.dates:
        return f"No entries {period.dates} match these choices, so there is nothing to export."
    nothing = "No entries match these choices, so there is nothing to export."
    current = RegistrationYear.current()
    if not period.year or period.year == current:
        return nothing
    entries, _ = build.select_entries(owner=owner, params={**params, "year": current.end.year})
    if not entries.exists():
        return nothing
    return (
        f"No entries in {period.year.label} match these choices, so there is nothing to export. "
        f"Your entries in this registration year are under “{current.label}”: choose it above."
    )


@login_required
def exports(request):
    if request.POST:
        form = ExportForm(request.POST)
    else:  # the year the page opens on matters only before anything is chosen
        form = ExportForm(opens_on=build.year_to_open(request.user, clock.today()))
    if request.method == "POST" and form.is_valid():
        params = form.params()
        entries, period = build.select_entries(owner=request.user, params=params)
        count = entries.count()
        if count == 0:
            form.add_error(None, _nothing_to_export(request.user, params, period))
        elif jobs.fits_in_request(fmt=form.cleaned_data["format"], entries=entries):
            result = build.export_for_params(
                owner=request.user, fmt=form.cleaned_data["format"], params=params
            )
            audit.record(
                None,
                request.user,
                AuditEvent.Action.EXPORTED,
                f"{result.file_name} ({count} entries)",
            )
            return _download(result)
        else:
            job, created = jobs.export_job_create(
                owner=request.user, fmt=form.cleaned_data["format"], params=params
            )
            return _to_job(request, job, created)
    recent = jobs.export_jobs_kept(owner=request.user).defer("content")[:5]
    context = {"form": form, "recent": recent, "keep_days": settings.EXPORT_KEEP_DAYS}
    return render(request, "journal/export/exports.html", context)


@login_required
def export_job(request, pk):
    job = get_object_or_404(ExportJob.objects.defer("content"), pk=pk, owner=request.user)
    context = {"job": job, "ahead": jobs.queue_position(job)}
    return render(request, "journal/export/job.html", context)


@login_required
def export_job_download(request, pk):
    job = get_object_or_404(ExportJob, pk=pk, owner=request.user, status=ExportJob.Status.DONE)
    return _download(build.ExportResult(bytes(job.content), job.file_name, job.content_type, 0))


@login_required
def entry_regulator_form(request, pk):
    entry = policy.get_entry_for_owner(request.user, pk)
    doc = entry_document(document_queryset(Entry.objects.filter(pk=entry.pk)).get())
    today = clock.today()
    # The "I copied this" tick, where the copying is done.
    piece = year_selectors.entry_readiness(request.user, entry, today=today)
    context = {"entry": entry, "doc": doc, "piece": piece, "today": today}
    return render(request, "journal/export/regulator_form.html", context)


@login_required
def year_copy(request, year):
    """The whole registration year laid out to copy across, as entry_regulator_form lays out
    one entry: each piece with its readiness and hints, review's among them."""
    if not 2000 <= year <= 2100:
        raise Http404("No such registration year.")
    registration_year = RegistrationYear.ending_in(year)
    today = clock.today()
    # With review's change requests, for the hints each piece shows.
    flags = review_flags_named(*hints.REVIEW_FLAGS)
    readiness = year_selectors.year_readiness(
        request.user, [registration_year], today=today, flags=flags
    )
    status = readiness[registration_year]
    documents = content_queryset(
        policy.entries_owned(request.user)
        .filter(pk__in=[piece.entry.pk for piece in status.pieces])
        .with_completeness()
    )
    by_pk = {entry.pk: content_document(entry) for entry in documents}
    for piece in status.pieces:
        piece.doc = by_pk[piece.entry.pk]
    return render(
        request,
        "journal/year_copy.html",
        {
            "status": status,
            "rule": current_requirement(),
            "registration_number": request.user.registration_number,
            "today": today,
        },
    )
