"""Bringing previous years in: upload, find the headers, choose the columns, preview (records
already in the journal are skipped unless the person unticks them), import; or paste one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from journal.year import spreadsheets
from journal.year.import_checks import check_record, check_table
from journal.year.import_forms import ColumnsForm, HeaderRowForm, PasteForm, UploadForm
from journal.year.imports import find_matches, import_records

SESSION_KEY = "journal_import_sheet"


@login_required
def import_start(request):
    upload = UploadForm()
    paste = PasteForm()
    if request.method == "POST" and request.POST.get("mode") == "upload":
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            uploaded = upload.cleaned_data["file"]
            try:
                content = uploaded.read(spreadsheets.MAX_BYTES + 1)
                rows = spreadsheets.read_rows(uploaded.name, content)
            except spreadsheets.ImportFileError as error:
                upload.add_error("file", str(error))
            else:
                guess = spreadsheets.find_header_row(rows)
                request.session[SESSION_KEY] = {
                    "name": uploaded.name,
                    "rows": rows,
                    "header_row": guess.row,
                    "certain": guess.certain,
                }
                return redirect("journal:import_map")
    elif request.method == "POST" and request.POST.get("mode") == "paste":
        paste = PasteForm(request.POST)
        if paste.is_valid():
            record, errors = check_record(paste.cleaned_data, where="This record")
            for error in errors:
                paste.add_error(None, error)
            if record is not None:
                (entry,) = import_records(user=request.user, records=[record])
                messages.success(request, f"Imported into {record.year.label}.")
                return redirect(entry)
    return render(request, "journal/import/start.html", {"upload": upload, "paste": paste})


def _previewed(header_row: int, columns: list[str]) -> str:
    """What a preview was of: the import button carries it, so a change since is seen."""
    return f"{header_row}:{','.join(columns)}"


@login_required
def import_map(request):
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.info(request, "Upload a file first.")
        return redirect("journal:import_start")
    rows = stored["rows"]
    action = request.POST.get("action") if request.method == "POST" else None
    header_form = HeaderRowForm(
        request.POST if action == "headers" else None,
        last_row=len(rows),
        initial={"header_row": stored["header_row"]},
    )
    if action == "headers" and header_form.is_valid():
        stored.update(header_row=header_form.cleaned_data["header_row"], certain=True)
        request.session.modified = True
        return redirect("journal:import_map")
    table = spreadsheets.table_from(rows, stored["header_row"])
    form = ColumnsForm(table, request.POST if action in ("preview", "import") else None)
    context = {
        "form": form,
        "header_form": header_form,
        "table": table,
        "certain": stored["certain"],
        "file_name": stored["name"],
    }
    if action not in ("preview", "import") or not form.is_valid():
        return render(request, "journal/import/map.html", context)
    columns = form.columns()
    result = check_table(table, columns)
    matches = find_matches(request.user, result.records) if result.ok else {}
    flagged = ",".join(str(row) for row in sorted(matches))
    previewed = _previewed(table.header_row, columns)
    context.update(
        result=result,
        matches=matches,
        previews=[(record, matches.get(record.row)) for record in result.records],
        flagged=flagged,
        previewed=previewed,
    )
    if action == "import" and result.ok:
        if request.POST.get("previewed") != previewed or request.POST.get("flagged") != flagged:
            context["changed"] = True
        else:
            skip = {int(v) for v in request.POST.getlist("skip") if v.isdigit()} & set(matches)
            chosen = [record for record in result.records if record.row not in skip]
            if chosen:
                import_records(user=request.user, records=chosen)
            del request.session[SESSION_KEY]
            messages.success(request, _imported(len(chosen), len(skip)))
            return redirect("journal:entry_list")
    return render(request, "journal/import/map.html", context)


def _imported(count: int, skipped: int) -> str:
    said = f"Imported {count} record{'s' if count != 1 else ''}" if count else "Nothing imported"
    if skipped:
        said += f"; skipped {skipped} you already had"
    return said + "."
