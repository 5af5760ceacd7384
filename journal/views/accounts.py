from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from journal.forms_accounts import ProfileForm, SignUpForm
from journal.services import supervision


def signup(request):
    if request.user.is_authenticated:
        return redirect("journal:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        supervision.supervision_claim_invitations(user=user)
        messages.success(
            request, "Welcome! Your account is ready. Start with your first reflection."
        )
        return redirect("journal:dashboard")
    return render(request, "journal/signup.html", {"form": form})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile has been saved.")
        return redirect("journal:profile")
    return render(request, "journal/profile.html", {"form": form})
