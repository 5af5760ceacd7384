"""The whole account from its settings page: every piece of data as a ZIP, and deletion."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from journal import audit
from journal.account import services as account
from journal.account.forms import AccountDeleteForm
from journal.models import AuditEvent
from journal.people.accounts.views import forgets_device
from journal.review.queue import review_queue
from journal.review.selectors import supervision_links


@login_required
@reauthentication_required  # everything a person wrote: ask for the password or a code again
def account_data_export(request):
    if request.method == "POST":
        audit.record(None, request.user, AuditEvent.Action.EXPORTED, "all personal data")
        response = HttpResponse(
            account.account_data_zip(user=request.user), content_type="application/zip"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="cpd-journal-{request.user.username}-data.zip"'
        )
        return response
    return render(request, "journal/export/data_export.html")


@forgets_device
@login_required
@reauthentication_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        account.account_delete(user=user)
        messages.success(request, "Your account and all your data have been deleted.")
        return redirect("home")
    # A supervisor reads first what happens to each person they supervise.
    # Each with how many of their entries wait for this supervisor's review: those go back.
    supervisees = [link.supervisee for link in supervision_links(request.user).supervisees]
    waiting = {}
    if supervisees:
        waiting = {g.supervisee.pk: len(g.waiting) for g in review_queue(supervisor=request.user)}
    context = {
        "form": form,
        "supervisees": [(person, waiting.get(person.pk, 0)) for person in supervisees],
    }
    return render(request, "journal/export/account_delete.html", context)
