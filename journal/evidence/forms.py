"""Attaching a file: the type told by its content, the size within both limits."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from journal import guard
from journal.evidence import filetypes, services
from journal.forms import LeanFields
from journal.models import User


class EvidenceForm(LeanFields, forms.Form):
    """On the entry page, one of the busiest: its fields render with the lean layout."""

    file = forms.FileField(
        label="Add a file",
        widget=forms.FileInput(attrs={"accept": filetypes.ACCEPT_ATTRIBUTE}),
    )
    description = forms.CharField(
        label="What it is (optional)",
        max_length=200,
        required=False,
        help_text="For example: “Certificate of attendance” or “Slides from the session”.",
    )

    def __init__(self, *args, owner: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["file"].help_text = (
            f"{filetypes.ACCEPTED_LABEL}, up to "
            f"{filesizeformat(settings.EVIDENCE_MAX_FILE_BYTES)} each. Only you, and a "
            "supervisor you share the entry with, can open it."
        )

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        guard.refuse_identifiers(description, "description")
        return description

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = services.clean_name(upload.name or "")
        try:
            services.check_size(upload.size, owner=self.owner, name=name)
            self.kind = filetypes.identify(upload, name)
        except filetypes.Refused as refused:
            raise forms.ValidationError(str(refused), code="refused") from None
        return upload
