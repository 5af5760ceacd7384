"""The editor's quotations as form fields: passages picked to cite, the citations kept, and a
source from outside the library. EntryForm inherits them (Django gathers a base form's fields)."""

from django import forms

from corpus.models import Passage
from journal.entries.citing import cited_from_reference
from journal.entries.content import MAX_TEXT

OWN_SOURCE_PARTS = ("title", "author", "date", "url", "quote")


class ReferenceListField(forms.Field):
    """A list of passage references ("<source>:<anchor>") sent as repeated hidden inputs."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        return [str(item)[:300] for item in value if str(item).strip()]


class CitationFields(forms.Form):
    # Passages picked in the editor ("<source>:<anchor>") and the citations kept, by id.
    cite = ReferenceListField(required=False)
    citation = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.MultipleHiddenInput
    )
    citations_listed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # A source that is not in the library (one per save; it then shows with the quotations).
    own_title = forms.CharField(
        required=False,
        max_length=300,
        label="What it is",
        help_text="The course, book, webinar or web page, e.g. “Trauma-informed practice, "
        "council training, March”.",
    )
    own_author = forms.CharField(required=False, max_length=200, label="Author or provider")
    own_date = forms.DateField(
        required=False, label="Date", widget=forms.DateInput(attrs={"type": "date"})
    )
    own_url = forms.URLField(
        required=False, max_length=500, label="Web address (optional)", assume_scheme="https"
    )
    own_quote = forms.CharField(
        required=False,
        max_length=MAX_TEXT,
        label="The quote or your note",
        widget=forms.Textarea(attrs={"rows": 3, "data-scan": "privacy"}),
    )

    def clean_cite(self) -> list:
        """The passages (or parts of them) picked, each found again in the library."""
        passages = []
        for reference in self.cleaned_data["cite"][:20]:
            passage = cited_from_reference(reference)
            if passage is None:
                raise forms.ValidationError(
                    "One of the passages you cited could not be found; it may have been "
                    "corrected since. Search for it again.",
                    code="unknown_passage",
                )
            passages.append(passage)
        return passages

    def check_own_source(self, cleaned: dict) -> None:
        """A source of one's own needs what it is and a quote or note; called from clean()."""
        typed = [cleaned.get(f"own_{name}") for name in OWN_SOURCE_PARTS]
        if not any(typed):
            return
        if not cleaned.get("own_title"):
            self.add_error(
                "own_title",
                forms.ValidationError("Say what the source is.", code="own_title_required"),
            )
        if not cleaned.get("own_quote"):
            self.add_error(
                "own_quote",
                forms.ValidationError(
                    "Type the quote or your note from this source.", code="own_quote_required"
                ),
            )

    def kept_citations(self) -> list[int] | None:
        """The citations to keep, by id; None keeps them all (the list was not sent whole)."""
        cleaned = getattr(self, "cleaned_data", {})
        if cleaned.get("citations_listed") and "citation" not in self.errors:
            return cleaned.get("citation") or []
        return None

    def own_sources(self) -> list[dict]:
        """The source of one's own typed in this save, if it passed its checks."""
        cleaned = getattr(self, "cleaned_data", {})
        if (
            not cleaned.get("own_title")
            or not cleaned.get("own_quote")
            or any(name.startswith("own_") for name in self.errors)
        ):
            return []
        return [
            {
                name: cleaned.get(f"own_{name}") or ("" if name != "date" else None)
                for name in OWN_SOURCE_PARTS
            }
        ]

    def pending_passages(self) -> list[Passage]:
        """Passages picked but not saved yet, to show again when a save is refused."""
        if not self.is_bound:
            return []
        passages = []
        for reference in self.data.getlist("cite")[:20]:
            cited = cited_from_reference(reference)
            if cited is not None:
                passage = getattr(cited, "passage", cited)
                passage.reference = reference
                passage.quoted = getattr(cited, "text", passage.text)
                passages.append(passage)
        return passages
