from django import forms

from corpus.models import Standard
from journal.year.registration import RegistrationYear, default_year


class ExportForm(forms.Form):
    FORMAT_CHOICES = [
        ("pdf", "PDF (for reading and printing)"),
        ("md", "Markdown files in a ZIP, with your evidence files"),
    ]

    year = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="Registration year"
    )
    # Dates replace the year (journal.exports.period): someone who types dates means them.
    start = forms.DateField(
        required=False,
        label="Or from",
        help_text="Dates given here replace the registration year. Leave one empty to export "
        "everything before or after the other.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    standard = forms.ChoiceField(required=False, label="Only entries tagged with")
    complete_only = forms.BooleanField(required=False, initial=True, label="Only complete entries")
    private = forms.BooleanField(
        required=False,
        label="Include my private notes",
        help_text="Only for a copy you keep yourself: leave it off for anything you show others.",
    )
    sessions = forms.BooleanField(
        required=False,
        label="Include my supervision sessions (PDF)",
        help_text="The dates, who attended and the actions agreed, for sessions in the same "
        "dates. Never what was discussed.",
    )
    comments = forms.BooleanField(
        required=False,
        label="Include my supervisors' comments",
        help_text="Their comments and change requests, with your replies, who wrote each and "
        "when. Left out unless you tick this.",
    )
    format = forms.ChoiceField(choices=FORMAT_CHOICES, widget=forms.RadioSelect, initial="pdf")

    def __init__(self, *args, opens_on: RegistrationYear | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        current = RegistrationYear.current()
        years = [RegistrationYear.ending_in(current.end.year - n) for n in range(4)]
        self.fields["year"].choices = [("", "Any dates")] + [
            (y.end.year, f"{y.label} (1 Dec {y.start.year} – 30 Nov {y.end.year})") for y in years
        ]
        self.fields["year"].initial = (opens_on or default_year()).end.year
        self.fields["standard"].choices = [("", "Any standard")] + [
            (s.number, f"{s.number}. {s.title}") for s in Standard.objects.primary()
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error(
                "end",
                forms.ValidationError("The end date is before the start date.", code="date_order"),
            )
        return cleaned

    def params(self) -> dict:
        data = self.cleaned_data
        return {
            "year": data.get("year"),
            "start": data["start"].isoformat() if data.get("start") else None,
            "end": data["end"].isoformat() if data.get("end") else None,
            "standard": data.get("standard") or None,
            "complete_only": data.get("complete_only", False),
            "private": data.get("private", False),
            "sessions": data.get("sessions", False),
            "comments": data.get("comments", False),
        }
