"""Import from another account: upload the ZIP, everything comes in or nothing does."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from journal import policy
from journal.account.portable import format as fmt
from journal.account.portable.archive import AccountFileError, read_archive
from journal.account.portable.importing import AlreadyImported, empty_summary, import_account


class AccountFileForm(forms.Form):
    file = forms.FileField(
        label="The ZIP from “Download all your data” in your other journal",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > fmt.MAX_ZIP_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size // 2**20} MB; the most we import is "
                f"{fmt.MAX_ZIP_BYTES // 2**20} MB. Nothing was imported."
            )
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def account_import(request):
    form = AccountFileForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = import_account(user=request.user, archive=read_archive(upload, upload.size))
        except AccountFileError as error:
            problems = error.problems
        except AlreadyImported as already:
            messages.info(
                request,
                f"You imported this file on {already.when.created_at:%-d %B %Y}: nothing was "
                "added again.",
            )
            return redirect("journal:account_import_done", already.when.pk)
        else:
            return redirect("journal:account_import_done", record.pk)
    return render(
        request,
        "account/import.html",
        {"form": form, "problems": problems},
        status=400 if problems else 200,
    )


@login_required
def account_import_done(request, pk):
    record = policy.get_account_import_for_owner(request.user, pk)
    return render(
        request,
        "account/import_done.html",
        {"record": record, "summary": {**empty_summary(), **record.summary}},
    )
