"""Readiness pages: the copied tick, the renewal checklist's ticks, and the whole year laid out
to copy across."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from journal import clock, params, policy
from journal.entries.document import content_document, content_queryset
from journal.entries.requirement import current_requirement
from journal.models import RenewalStep
from journal.year import selectors as year_selectors
from journal.year.forms import CopiedForm, RenewalStepForm
from journal.year.registration import RegistrationYear
from journal.year.services import entry_mark_copied, renewal_step_tick


def _back(request, entry):
    return redirect(params.back_path(request, entry.get_absolute_url()))


@login_required
@require_POST
def entry_copied(request, pk):
    entry = policy.get_entry_for_owner(request.user, pk)
    form = CopiedForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request, entry)
    copied = bool(form.cleaned_data["copied"])
    entry_mark_copied(
        entry=entry, user=request.user, copied=copied, on=form.cleaned_data["copied_on"]
    )
    if copied:
        messages.success(request, f"“{entry.display_title}” ticked as copied.")
    else:
        messages.success(request, f"Copied tick removed from “{entry.display_title}”.")
    return _back(request, entry)


@login_required
@require_POST
def renewal_step(request, year):
    if not 2000 <= year <= 2100:
        raise Http404("No such registration year.")
    form = RenewalStepForm(request.POST)
    back = redirect(f"{reverse('journal:dashboard')}#renewal-checklist")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back
    done = bool(form.cleaned_data["done"])
    renewal_step_tick(
        user=request.user,
        year=year,
        part=form.cleaned_data["part"],
        done=done,
        on=form.cleaned_data["done_on"],
    )
    label = RenewalStep.Part(form.cleaned_data["part"]).label
    messages.success(request, f"Ticked: {label}." if done else f"Tick removed: {label}.")
    return back


@login_required
def year_copy(request, year):
    if not 2000 <= year <= 2100:
        raise Http404("No such registration year.")
    registration_year = RegistrationYear.ending_in(year)
    today = clock.today()
    status = year_selectors.year_readiness(request.user, [registration_year], today=today)[
        registration_year
    ]
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
