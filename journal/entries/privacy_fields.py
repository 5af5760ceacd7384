"""The entry form's privacy guard: what the scan finds in the text, shown in context, and the
box that confirms the highlighted details identify no one. EntryForm inherits it (Django
gathers a base form's fields); EntryForm.__init__ sets `privacy_warnings` and `acknowledged`.
"""

from dataclasses import dataclass

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe

from corpus.selectors import library_names
from journal.entries import privacy
from journal.entries.content import ENTRY_FIELDS, NAMING_FIELDS


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


class PrivacyFields(forms.Form):
    acknowledge_privacy = forms.BooleanField(
        required=False,
        label="I have checked the highlighted details: they do not identify anyone I work with.",
    )

    def _privacy_warnings(self, values: dict) -> list[PrivacyWarning]:
        """What the privacy scan finds in `values` (field name -> text) that the author has
        not confirmed; the library's speakers and authors are quoted by name and identify no
        one (their names are read only once the text holds something to check them against),
        nor does the peer the entry names, by first name or surname.
        """
        scanned = [(spec.name, spec.label) for spec in ENTRY_FIELDS if spec.privacy_scanned]
        scanned.append(("own_quote", self.fields["own_quote"].label))
        texts = [(name, label, values.get(name) or "") for name, label in scanned]
        flagged = [(name, label, text) for name, label, text in texts if privacy.scan(text)]
        if not flagged:
            return []
        allowed = library_names() | set(
            privacy.name_parts(*(values.get(name) for name in NAMING_FIELDS))
        )
        warnings = []
        for name, label, text in flagged:
            findings = privacy.scan(text, allowed_names=allowed)
            for finding in privacy.unacknowledged(findings, self.acknowledged):
                warnings.append(
                    PrivacyWarning(
                        field=name,
                        label=label,
                        finding=finding,
                        before=text[max(0, finding.start - 40) : finding.start],
                        after=text[finding.end : finding.end + 40],
                    )
                )
        return warnings

    def saved_privacy_warnings(self) -> None:
        """Show, on opening the editor, what the saved text still holds (a draft kept with a
        name in it, say): the live check only looks at a field once it is typed in."""
        if self.instance.pk and not self.is_bound:
            values = {spec.name: getattr(self.instance, spec.name) for spec in ENTRY_FIELDS}
            self.privacy_warnings = self._privacy_warnings(values)

    def _check_privacy(self, cleaned):
        warnings = self._privacy_warnings(cleaned)
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
