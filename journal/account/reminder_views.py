"""Reminder preferences, and the one-click unsubscribe that needs no login."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from journal.account import reminders
from journal.models import ReminderPreference


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["renewal", "quarterly", "sessions"]


@login_required
def reminder_preferences(request):
    preference, _ = ReminderPreference.objects.get_or_create(user=request.user)
    form = ReminderPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Reminder choices saved.")
        return redirect("journal:reminder_preferences")
    return render(
        request,
        "journal/reminders.html",
        {"form": form, "address": reminders.verified_address(request.user)},
    )


@csrf_exempt
def reminders_unsubscribe(request, token):
    """GET shows one button (link scanners must not unsubscribe anyone); POST unsubscribes.

    Mail clients' one-click unsubscribe (RFC 8058) POSTs here directly, without a CSRF token.
    """
    user = reminders.user_for_token(token)
    if user is None:
        return render(request, "journal/reminders_unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        reminders.unsubscribe(user)
        return render(request, "journal/reminders_unsubscribe.html", {"done": True})
    return render(request, "journal/reminders_unsubscribe.html", {"token": token})
