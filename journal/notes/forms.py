import uuid

from django import forms

from journal import clock, guard
from journal.entries import privacy
from journal.entries.citing import passage_from_reference
from journal.entries.content import MAX_TEXT
from journal.models import QuickNote


class QuickNoteForm(forms.ModelForm):
    """Nothing is required: one tap saves whatever was typed. `client_id` comes from the phone."""

    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    cite = forms.CharField(required=False, max_length=250, widget=forms.HiddenInput)
    activity_date = forms.DateField(
        label="When",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = QuickNote
        fields = ["what_i_did", "what_struck_me", "discussed_with", "activity_date"]
        widgets = {
            "what_i_did": forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}),
            "what_struck_me": forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}),
        }

    def clean_what_i_did(self):
        return _text(self.cleaned_data["what_i_did"])

    def clean_what_struck_me(self):
        return _text(self.cleaned_data["what_struck_me"])

    def clean_cite(self):
        reference = self.cleaned_data["cite"].strip()
        if not reference:
            return None
        passage = passage_from_reference(reference)
        if passage is None:
            raise forms.ValidationError(
                "That passage could not be found; it may have been corrected since.",
                code="unknown_passage",
            )
        return passage

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("what_i_did", "what_struck_me", "cite")):
            raise forms.ValidationError(
                "Type what you did or what struck you, so the note has something in it.",
                code="empty_note",
            )
        return data

    def note_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if data.get(name) is not None}
        fields.setdefault("activity_date", clock.today())
        if data.get("cite"):
            fields["passage"] = data["cite"]
        return fields

    def client_uuid(self) -> uuid.UUID:
        return self.cleaned_data.get("client_id") or uuid.uuid4()

    def privacy_findings(self) -> list[privacy.Finding]:
        text = "\n".join(
            self.cleaned_data.get(k) or ""
            for k in ("what_i_did", "what_struck_me", "discussed_with")
        )
        return guard.findings(text)


def _text(value: str) -> str:
    if len(value) > MAX_TEXT:
        raise forms.ValidationError(f"Keep a note under {MAX_TEXT:,} characters.", code="too_long")
    return value.strip()
