"""Bringing previous years in: upload, map the columns, preview, import (or paste one record)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from journal.year import spreadsheets as imports
from journal.year.imports import import_records

SESSION_KEY = "journal_import_table"


class UploadForm(forms.Form):
    file = forms.FileField(label="A CSV or XLSX file, one record per row, with a header row")


class PasteForm(forms.Form):
    """One record's answers, pasted from the regulator's account or anywhere else."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for spec in imports.TARGETS:
            widget = forms.Textarea(attrs={"rows": 3}) if spec.kind == "text" else None
            self.fields[spec.name] = forms.CharField(
                label=spec.form_label or spec.label, required=False, widget=widget
            )
        self.fields["activity_date"].help_text = "For example 31/01/2025."


def _mapping_form(headers: list[str], data=None):
    choices = [("", "(not in this file)")] + [
        (str(i), h or f"Column {i + 1}") for i, h in enumerate(headers)
    ]
    guess = imports.guess_mapping(headers)
    form = forms.Form(data)
    for spec in imports.TARGETS:
        form.fields[spec.name] = forms.ChoiceField(
            label=spec.form_label or spec.label, choices=choices, required=False
        )
        form.fields[spec.name].initial = "" if guess[spec.name] is None else str(guess[spec.name])
    return form


@login_required
def import_start(request):
    upload = UploadForm()
    paste = PasteForm()
    if request.method == "POST" and request.POST.get("mode") == "upload":
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            uploaded = upload.cleaned_data["file"]
            try:
                table = imports.read_table(uploaded.name, uploaded.read(imports.MAX_BYTES + 1))
            except imports.ImportFileError as error:
                upload.add_error("file", str(error))
            else:
                request.session[SESSION_KEY] = {
                    "name": uploaded.name,
                    "headers": table.headers,
                    "rows": table.rows,
                }
                return redirect("journal:import_map")
    elif request.method == "POST" and request.POST.get("mode") == "paste":
        paste = PasteForm(request.POST)
        if paste.is_valid():
            fields, errors = imports.check_record(paste.cleaned_data, where="This record")
            for error in errors:
                paste.add_error(None, error)
            if not errors:
                year = imports.RegistrationYear.containing(fields["activity_date"])
                (entry,) = import_records(
                    user=request.user,
                    records=[imports.CheckedRecord(row=1, fields=fields, year=year)],
                )
                messages.success(request, f"Imported into {year.label}.")
                return redirect(entry)
    return render(request, "journal/import/start.html", {"upload": upload, "paste": paste})


@login_required
def import_map(request):
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.info(request, "Upload a file first.")
        return redirect("journal:import_start")
    table = imports.Table(headers=stored["headers"], rows=stored["rows"])
    form = _mapping_form(table.headers, request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        mapping = {
            name: int(value) if value != "" else None for name, value in form.cleaned_data.items()
        }
        result = imports.check_table(table, mapping)
        if result.ok and request.POST.get("action") == "import":
            entries = import_records(user=request.user, records=result.records)
            del request.session[SESSION_KEY]
            messages.success(
                request, f"Imported {len(entries)} record{'s' if len(entries) != 1 else ''}."
            )
            return redirect("journal:entry_list")
    return render(
        request,
        "journal/import/map.html",
        {"form": form, "result": result, "file_name": stored["name"], "row_count": len(table.rows)},
    )
