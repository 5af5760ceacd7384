"""The entry form: laid out like Social Work England's CPD form, with the privacy guard."""

from dataclasses import dataclass

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe

from corpus.models import Standard, Statement
from journal import privacy
from journal.models import Entry
from journal.params import IdChoicesMixin

MAX_TEXT = 20_000

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


@dataclass
class PrivacyWarning:
    field: str
    label: str
    finding: privacy.Finding
    before: str
    after: str

    @property
    def context_html(self):
        return mark_safe(
            f"…{escape(self.before)}<mark>{escape(self.finding.text)}</mark>{escape(self.after)}…"
        )


class StandardChoiceField(IdChoicesMixin, forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.title}"


class StatementChoiceField(IdChoicesMixin, forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.summary}"


class EntryForm(forms.ModelForm):
    standards = StandardChoiceField(
        queryset=Standard.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Professional standards this CPD relates to",
    )
    statements = StatementChoiceField(
        queryset=Statement.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        required=False,
        label="Numbered statements (optional)",
        help_text="Hold Ctrl (or Cmd) to choose more than one.",
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    acknowledge_privacy = forms.BooleanField(
        required=False,
        label="I have checked the highlighted details: they do not identify anyone I work with.",
    )

    class Meta:
        model = Entry
        fields = [*Entry.CONTENT_FIELDS, "standards", "statements"]
        widgets = {
            "activity_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "peer_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 5}),
            "learning": forms.Textarea(attrs={"rows": 6}),
            "impact": forms.Textarea(attrs={"rows": 6}),
            "peer_learning": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": "A short name for this piece of CPD, e.g. the podcast episode or course.",
            "description": "What you did, and why it is relevant to your practice. Markdown works: **bold**, lists, > quotes.",
            "learning": "What you learnt, in your own words.",
            "impact": "How it changed or will change your practice, and the difference for people you work with.",
            "peer_name": "A colleague, supervisor or group you discussed this CPD with. Use a role if you prefer.",
            "peer_learning": "What you learnt from discussing it with them.",
            "notes": "Anything else: private notes, questions to follow up.",
            "reflective_model": "Optional: prompts from a reflective model appear under the fields.",
        }

    def __init__(self, *args, intent: str = "draft", **kwargs):
        super().__init__(*args, **kwargs)
        self.intent = intent
        self.privacy_warnings: list[PrivacyWarning] = []
        self.acknowledged: list[dict] = list(self.instance.privacy_acknowledged or [])
        self.fields["standards"].queryset = Standard.objects.filter(
            framework__is_primary=True
        ).order_by("order")
        self.fields["statements"].queryset = Statement.objects.filter(
            standard__framework__is_primary=True
        ).select_related("standard")
        for name in Entry.TEXT_FIELDS:
            field = self.fields[name]
            field.max_length = min(getattr(field, "max_length", None) or MAX_TEXT, MAX_TEXT)
            field.widget.attrs["maxlength"] = field.max_length
            field.validators.append(forms.fields.validators.MaxLengthValidator(field.max_length))
        self.fields["title"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["revision"] = self.instance.revision

    def prompts(self) -> dict:
        model = (
            self.data.get("reflective_model") if self.is_bound else self.instance.reflective_model
        )
        return REFLECTIVE_PROMPTS.get(model or "", {})

    def clean(self):
        cleaned = super().clean()
        if self.intent == "complete":
            self._require_for_completion(cleaned)
        if cleaned.get("peer_learning", "").strip() and not cleaned.get("peer_name", "").strip():
            self.add_error(
                "peer_name",
                forms.ValidationError(
                    "Say who you reflected with (a name or a role).", code="peer_name_required"
                ),
            )
        self._check_privacy(cleaned)
        return cleaned

    def _require_for_completion(self, cleaned):
        required = {
            "title": "Give the entry a title.",
            "description": "Describe the activity and why it is relevant.",
            "learning": "Say what you learnt.",
            "impact": "Say what impact it has on your practice and the people you work with.",
        }
        for name, message in required.items():
            if not (cleaned.get(name) or "").strip() or (
                name == "title" and cleaned.get(name) == "Untitled draft"
            ):
                self.add_error(name, forms.ValidationError(message, code=f"{name}_required"))
        if not cleaned.get("standards"):
            self.add_error(
                "standards",
                forms.ValidationError(
                    "Tag at least one professional standard before marking the entry complete.",
                    code="standard_required",
                ),
            )

    def _check_privacy(self, cleaned):
        warnings = []
        for name in (*Entry.TEXT_FIELDS, "peer_name", "peer_role"):
            text = cleaned.get(name) or ""
            for finding in privacy.unacknowledged(privacy.scan(text), self.acknowledged):
                warnings.append(
                    PrivacyWarning(
                        field=name,
                        label=self.fields[name].label,
                        finding=finding,
                        before=text[max(0, finding.start - 40) : finding.start],
                        after=text[finding.end : finding.end + 40],
                    )
                )
        if not warnings:
            return
        if cleaned.get("acknowledge_privacy"):
            self.acknowledged += [
                {"kind": w.finding.kind, "text": w.finding.text} for w in warnings
            ]
            return
        self.privacy_warnings = warnings
        raise forms.ValidationError(
            "Some details could identify the people you work with. Change them, or confirm they "
            "are not identifying, then save again.",
            code="privacy",
        )

    def entry_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in Entry.CONTENT_FIELDS}
        data["status"] = Entry.Status.COMPLETE if self.intent == "complete" else Entry.Status.DRAFT
        data["privacy_acknowledged"] = self.acknowledged
        return data
