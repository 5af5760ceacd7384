"""Our account pages around allauth's: the profile, the welcome after sign-up, old addresses."""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.generic import RedirectView

from journal.people.accounts.forms import ProfileForm


def has_two_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile has been saved.")
        return redirect("journal:profile")
    context = {"form": form, "two_factor": has_two_factor(request.user)}
    return render(request, "account/profile.html", context)


@login_required
def welcome(request):
    """Straight after sign-up and verification: offer two-factor sign-in before anything else."""
    if has_two_factor(request.user):
        return redirect("journal:dashboard")
    return render(request, "account/welcome.html")


def moved(pattern_name: str):
    """An address from before allauth that people bookmarked or were emailed."""
    return RedirectView.as_view(url=reverse_lazy(pattern_name), permanent=False, query_string=True)
