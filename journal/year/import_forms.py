"""The import's forms: the file, one pasted record, the header row and what each column holds."""

from django import forms
from django.core.validators import MaxValueValidator

from journal.year import import_checks
from journal.year.import_columns import IGNORE, STANDARDS, TARGETS, guess_columns
from journal.year.spreadsheets import Table


class UploadForm(forms.Form):
    file = forms.FileField(label="A CSV or XLSX file, one record per row, with a header row")


class PasteForm(forms.Form):
    """One record's answers, pasted from the regulator's account or anywhere else."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for spec in TARGETS:
            widget = forms.Textarea(attrs={"rows": 3}) if spec.kind == "text" else None
            self.fields[spec.name] = forms.CharField(
                label=spec.form_label or spec.label, required=False, widget=widget
            )
        self.fields["activity_date"].help_text = "For example 31/01/2025."
        self.fields[STANDARDS] = forms.CharField(
            label="Professional standards and statements",
            required=False,
            help_text="For example 1, 3.2 (a statement tags its standard too).",
        )


class HeaderRowForm(forms.Form):
    """Which row holds the headers, when the guess is unsure or wrong."""

    header_row = forms.IntegerField(label="The headers are on row", min_value=1)

    def __init__(self, *args, last_row: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["header_row"]
        field.validators.append(
            MaxValueValidator(last_row, f"The sheet has {last_row} rows; choose one of them.")
        )
        field.widget.attrs.update(max=last_row)


def column_letter(index: int) -> str:
    """A column's name as a spreadsheet shows it: A, B, … Z, AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class ColumnsForm(forms.Form):
    """What each column holds, guessed from its header; one field per column."""

    def __init__(self, table: Table, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(IGNORE, "Leave out"), *import_checks.import_choices()]
        example = table.rows[0] if table.rows else [""] * len(table.headers)
        for index, (header, guess) in enumerate(
            zip(table.headers, guess_columns(table.headers, table.rows), strict=True)
        ):
            sample = example[index]
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=f"Column {column_letter(index)}: {header or '(no header)'}",
                choices=choices,
                required=False,
                initial=guess,
                help_text=f"First record: {sample[:80]}{'…' if len(sample) > 80 else ''}"
                if sample
                else "Empty in the first record.",
            )

    def columns(self) -> list[str]:
        """The target of each column, in the sheet's order ("" for a column left out)."""
        return [self.cleaned_data[f"column_{i}"] for i in range(len(self.fields))]
