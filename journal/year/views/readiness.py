"""Readiness forms: the copied tick and the renewal checklist's ticks. The whole year laid out
to copy across is exports' (journal.exports.views.year_copy): it shows review's hints."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from journal import params, policy
from journal.models import RenewalStep
from journal.year.forms import CopiedForm, RenewalStepForm
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
