"""The entry form: laid out like Social Work England's CPD form, with the privacy guard.

Its fields, labels, limits and completeness rules all come from journal.entries.content.ENTRY_FIELDS;
its quotations (passages picked, citations kept, a source of one's own) from citation_fields.py,
the privacy guard (warnings and their confirmation) from privacy_fields.py, the standards' and
statements' boxes from standard_fields.py.
"""

import datetime
import uuid
from dataclasses import dataclass

from django import forms

from corpus.models import Standard, Statement
from journal import clock
from journal.entries.citation_fields import CitationFields
from journal.entries.content import (
    ENTRY_FIELDS,
    MAX_TEXT,
    MISSING_STANDARD,
    NAMING_FIELDS,
    SECTIONS,
    EntryField,
    Kind,
    Section,
)
from journal.entries.models import dates_to_come
from journal.entries.privacy_fields import PrivacyFields, PrivacyWarning
from journal.entries.requirement import current_requirement
from journal.entries.services import EntryChange
from journal.entries.standard_fields import (
    StandardCheckboxes,
    StandardChoiceField,
    StatementChoiceField,
    StatementGroup,
    StatementOption,
)
from journal.forms import LeanFields
from journal.models import Entry

REFLECTIVE_PROMPTS = {
    "gibbs": {
        "description": "Gibbs — Description: what happened? Feelings: what were you thinking and feeling?",
        "learning": "Gibbs — Evaluation and analysis: what was good and bad, and what sense can you make of it?",
        "impact": "Gibbs — Conclusion and action plan: what else could you have done, and what will you do next time?",
    },
    "driscoll": {
        "description": "Driscoll — What? What happened, and what did you do?",
        "learning": "Driscoll — So what? What did you learn, and why does it matter?",
        "impact": "Driscoll — Now what? What will you do differently, and how will people benefit?",
    },
    "kolb": {
        "description": "Kolb — Concrete experience: what did you do or take part in?",
        "learning": "Kolb — Reflective observation and abstract conceptualisation: what did you notice, and what ideas explain it?",
        "impact": "Kolb — Active experimentation: how will you try this out in practice?",
    },
    "schon": {
        "description": "Schön — Reflection in action: what were you thinking while it happened?",
        "learning": "Schön — Reflection on action: looking back, what do you understand now?",
        "impact": "Schön — What will you do differently in the moment next time?",
    },
}


STATEMENTS_TEMPLATE = "forms/statement_choices.html"

# What a text field says when it cannot be stored, in the words of someone who typed it.
TEXT_ERRORS = {
    "max_length": "This is %(show_value)d characters long; it can hold %(limit_value)d. "
    "Shorten it, or move some of it to another part of the entry.",
    "null_characters_not_allowed": "It holds an invisible character that cannot be stored "
    "(it usually comes with pasted text). Type the last part you pasted again.",
}
# Rules about what a finished entry needs, not about what can be stored: a draft is kept
# without them (see EntryForm.unstored).
DRAFT_RULES = {"peer_name_required", "privacy"}


def _widget(spec: EntryField) -> forms.Widget | None:
    """A date picker for dates, a text box of the field's height for text; None keeps the
    model field's own (a select for choices, a line for short text)."""
    if spec.kind == Kind.DATE:
        return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    if spec.kind == Kind.TEXT:
        return forms.Textarea(attrs={"rows": spec.rows})
    return None


WIDGETS = {spec.name: _widget(spec) for spec in ENTRY_FIELDS if spec.kind in (Kind.DATE, Kind.TEXT)}


@dataclass
class FieldRow:
    field: forms.BoundField
    spec: EntryField
    prompt: str  # the reflective model's prompt under it, if any


@dataclass
class FormSection:
    legend: str
    rows: list[FieldRow]
    private: bool


class EntryForm(CitationFields, PrivacyFields, LeanFields, forms.ModelForm):
    standards = StandardChoiceField(
        queryset=Standard.objects.none(),
        widget=StandardCheckboxes,
        required=False,
        label="Professional standards this CPD relates to",
    )
    statements = StatementChoiceField(
        queryset=Statement.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Numbered statements (optional)",
        help_text="Ticking a statement tags its standard too.",
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The editor page this form came from: a repeated submission updates the same entry.
    form_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # One save queued on the device while offline (the editor's script fills it in).
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    reopen_signed_off = forms.BooleanField(
        required=False,
        label="Edit this signed-off entry and ask for a new sign-off",
        help_text="The sign-off stays on record for the version your supervisor read.",
        # Asked at the top of the page, above the form it belongs to.
        widget=forms.CheckboxInput(attrs={"form": "entry-form"}),
    )

    class Meta:
        model = Entry
        fields = [*Entry.CONTENT_FIELDS, "standards", "statements"]
        widgets = WIDGETS

    def __init__(self, *args, intent: str = "draft", **kwargs):
        super().__init__(*args, **kwargs)
        self.intent = intent
        self.privacy_warnings: list[PrivacyWarning] = []
        self.acknowledged: list[dict] = list(self.instance.privacy_acknowledged or [])
        self.fields["standards"].queryset = Standard.objects.filter(framework__is_primary=True)
        self.fields["statements"].queryset = Statement.objects.filter(
            standard__framework__is_primary=True
        )
        citations = list(self.instance.citations.all()) if self.instance.pk else []
        self.fields["citation"].choices = [(c.pk, c.pk) for c in citations]
        box_limits = current_requirement().box_limits
        for spec in ENTRY_FIELDS:
            field = self.fields[spec.name]
            field.label = spec.label
            field.help_text = spec.help
            field.required = False  # completeness is checked on "mark complete", not on save
            field.widget.attrs["data-entry-field"] = spec.name
            if spec.is_text:
                limit = min(getattr(field, "max_length", None) or MAX_TEXT, MAX_TEXT)
                field.max_length = limit
                field.widget.attrs["maxlength"] = limit
                field.validators.append(forms.fields.validators.MaxLengthValidator(limit))
            if spec.name in box_limits:  # counted live against it, never enforced (limits.js)
                field.widget.attrs["data-box-limit"] = box_limits[spec.name]
            if spec.name in NAMING_FIELDS:  # its names are allowed in the scanned texts
                field.widget.attrs["data-names"] = "privacy"
            if spec.privacy_scanned:
                field.widget.attrs["data-scan"] = "privacy"
                field.error_messages.update(TEXT_ERRORS)
        self.fields["activity_date"].required = True
        self.fields["activity_date"].error_messages.update(
            required="Add the date of the activity (an approximate date is fine).",
            invalid="Enter a whole date, day, month and year, e.g. 14/03/2026.",
        )
        if self.instance.pk and not self.is_bound:
            self.initial["revision"] = self.instance.revision
            self.initial["citation"] = [c.pk for c in citations]
        if not self.instance.pk and not self.is_bound:
            self.initial["form_key"] = uuid.uuid4()
        self.initial.setdefault("citations_listed", True)

    def primary_statements(self) -> list[Statement]:
        """The statements the form offers, in order, each with its standard (the groups and
        the suggestions share them)."""
        return [s for standard in Standard.objects.primary() for s in standard.statement_list]

    def statement_choices(self) -> str:
        """The statements as checkboxes folded by standard (jinja2/forms/statement_choices.html):
        eighty boxes, rendered by Jinja2 rather than Django's per-option widget templates."""
        field = self["statements"]
        return field.render(
            STATEMENTS_TEMPLATE, {"field": field, "groups": self.statement_groups()}
        )

    def statement_groups(self) -> list[StatementGroup]:
        """The statements by standard, each with whether it is ticked. A group is open where
        one of its statements is ticked."""
        field = self["statements"]
        ticked = {str(value) for value in field.value() or ()}
        by_standard: dict[Standard, list[StatementOption]] = {}
        for n, statement in enumerate(self.primary_statements()):
            option = StatementOption(statement, f"{field.auto_id}_{n}", str(statement.pk) in ticked)
            by_standard.setdefault(statement.standard, []).append(option)
        return [
            StatementGroup(standard, options, any(o.ticked for o in options))
            for standard, options in by_standard.items()
        ]

    def sections(self) -> list[FormSection]:
        """The editor's fieldsets as content.SECTIONS orders them, each field where its
        EntryField puts it, with the reflective model's prompt under it."""
        prompts = self.prompts()
        return [
            FormSection(
                legend=legend,
                rows=[
                    FieldRow(self[spec.name], spec, prompts.get(spec.name, ""))
                    for spec in ENTRY_FIELDS
                    if spec.section == name
                ],
                private=name == Section.PRIVATE,
            )
            for name, legend in SECTIONS
        ]

    def prompts(self) -> dict:
        model = (
            self.data.get("reflective_model") if self.is_bound else self.instance.reflective_model
        )
        return REFLECTIVE_PROMPTS.get(model or "", {})

    def clean_activity_date(self):
        """A year typed wrong (2062 for 2026) would file the piece in another registration year;
        more than a year ahead is refused with the reason rather than saved."""
        date = self.cleaned_data.get("activity_date")
        if date and date > clock.today() + datetime.timedelta(days=366):
            raise forms.ValidationError(
                f"{date:%-d %B %Y} is more than a year away: check the year.", code="far_future"
            )
        return date

    def clean(self):
        cleaned = super().clean()
        # A statement belongs to its standard: ticking one tags both, so an entry never
        # lists statement 2.5 under standard 1 alone.
        if cleaned.get("statements") and "standards" not in self.errors:
            ids = {s.standard_id for s in cleaned["statements"]}
            ids |= {s.pk for s in cleaned.get("standards") or ()}
            cleaned["standards"] = self.fields["standards"].queryset.filter(pk__in=ids)
        if self.intent == "complete":
            self._require_for_completion(cleaned)
        if cleaned.get("peer_learning", "").strip() and not cleaned.get("peer_name", "").strip():
            self.add_error(
                "peer_name",
                forms.ValidationError(
                    "Say who you reflected with (a name or a role).", code="peer_name_required"
                ),
            )
        self.check_own_source(cleaned)
        self._check_privacy(cleaned)
        return cleaned

    def _require_for_completion(self, cleaned):
        for name, date, what in dates_to_come(cleaned):
            if name not in self.errors:
                self.add_error(
                    name,
                    forms.ValidationError(
                        f"{date:%-d %B %Y} is after today: mark the entry complete once "
                        f"{what} has happened (you can save it as a draft now).",
                        code=f"{name}_future",
                    ),
                )
        for spec in ENTRY_FIELDS:
            if spec.required and not cleaned.get(spec.name) and spec.name not in self.errors:
                self.add_error(
                    spec.name,
                    forms.ValidationError(
                        f"Add {spec.missing} before marking the entry complete.",
                        code=f"{spec.name}_required",
                    ),
                )
        if not cleaned.get("standards"):
            self.add_error(
                "standards",
                forms.ValidationError(
                    f"Tag {MISSING_STANDARD} before marking the entry complete.",
                    code="standard_required",
                ),
            )

    def valid_fields(self) -> dict:
        """The content fields that passed validation: what a refused save still keeps."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            spec.name: cleaned[spec.name]
            for spec in ENTRY_FIELDS
            if spec.name in cleaned and spec.name not in self.errors
        }

    def unstored(self) -> list[dict]:
        """The fields whose typed value a draft save cannot keep, each with its label and the
        reason: what an autosave must own up to rather than answer "saved"."""
        problems = []
        for name, errors in self.errors.as_data().items():
            if name not in self.fields or name.startswith("own_"):
                continue  # the form as a whole (privacy), or a source added only by Save
            # Two limits on one field (the model's and the form's) may both say the same thing.
            reasons = dict.fromkeys(m for e in errors if e.code not in DRAFT_RULES for m in e)
            if reasons:
                problems.append(
                    {"field": name, "label": self.fields[name].label, "message": " ".join(reasons)}
                )
        return problems

    def entry_change(self, *, keep_only_valid: bool = False) -> EntryChange:
        """The change this form asks for, for journal.entries.services.entry_save.

        With `keep_only_valid`, a refused form still yields what it can keep as a draft.
        """
        cleaned = getattr(self, "cleaned_data", {})
        fields = (
            self.valid_fields()
            if keep_only_valid
            else {spec.name: cleaned.get(spec.name) for spec in ENTRY_FIELDS}
        )
        usable = {
            name: cleaned.get(name) if name not in self.errors else None
            for name in ("standards", "statements", "cite")
        }
        complete = self.intent == "complete" and not keep_only_valid
        return EntryChange(
            fields=fields,
            status=Entry.Status.MARKED_COMPLETE if complete else Entry.Status.DRAFT,
            standards=usable["standards"],
            statements=usable["statements"],
            cite=usable["cite"] or (),
            keep_citations=self.kept_citations() if self.instance.pk else None,
            own_sources=self.own_sources(),
            privacy_acknowledged=self.acknowledged,
            reopen_signed_off=bool(cleaned.get("reopen_signed_off")),
        )
