"""Our account pages around allauth's: the profile, the welcome after sign-up, old addresses,
and logging out on a shared device."""

import functools

from allauth.account.views import LogoutView, email_verification_sent
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.generic import RedirectView

from journal.people.accounts import resend
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


# The emailed link carries the code, but allauth keeps the sign-up in progress in the session of
# the browser that signed up: opened anywhere else, it sends the person to log in.
OTHER_BROWSER = (
    "That link works only in the browser where you created your account. Log in here with "
    "your email address and password, and we will email you a new code to type in."
)


def confirm_email(request):
    """allauth's page for the emailed code, saying why a link opened elsewhere asks to log in,
    and, while allauth would refuse a new code, when one may be asked for."""
    response = email_verification_sent(request)
    if getattr(response, "context_data", None) is not None:  # the page, not yet rendered
        ready = resend.available_from(request, response.context_data["email"])
        response.context_data["resend_from"] = ready
        response.context_data["resend_wait"] = resend.seconds_until(ready) if ready else 0
    if (
        request.method == "GET"
        and request.GET.get("code")
        and not request.user.is_authenticated
        and response.status_code == 302
        and response["Location"] == reverse("account_login")
    ):
        messages.info(request, OTHER_BROWSER)
    return response


def moved(pattern_name: str):
    """An address from before allauth that people bookmarked or were emailed."""
    return RedirectView.as_view(url=reverse_lazy(pattern_name), permanent=False, query_string=True)


# Read by static/js/device/storage.js: browsers ignore Clear-Site-Data over plain http (other
# than on this machine), so the page after logging out forgets the device's copies itself.
FORGET_DEVICE_COOKIE = "forget-device"


def forgets_device(view):
    """Once `view` has signed the person out (logging out, deleting the account), the answer
    tells the browser to forget what this site kept on the device: quick notes, kept drafts,
    the outbox, the offline copies of pages. On a shared phone the next person finds none."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "POST" and not request.user.is_authenticated:
            response["Clear-Site-Data"] = '"cache", "storage"'
            response.set_cookie(FORGET_DEVICE_COOKIE, "1", max_age=86400, samesite="Lax")
        return response

    return wrapper


logout = forgets_device(LogoutView.as_view())
