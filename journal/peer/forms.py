"""Forms for the peer handshake: the worker's request, and the peer's answer (no account)."""

import datetime
import re

from django import forms

from journal import clock, guard
from journal.models import PeerRequest
from journal.peer.services import PeerAnswer

SUMMARY_MAX = 2000
TAKEAWAY_MAX = 2000
# Control characters (other than line breaks and tabs) have no place in a takeaway.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_text(value: str) -> str:
    return CONTROL_RE.sub("", value).strip()


class PeerRequestForm(forms.Form):
    summary = forms.CharField(
        label="A short summary for your peer",
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you discussed and when, in a few sentences. This is all your peer sees, "
        "unless you tick the box below. Leave out anything that identifies a person you work with.",
        error_messages={
            "required": "Write a short summary so your peer knows what they are confirming.",
            "max_length": "Keep the summary under %(limit_value)d characters "
            "(it has %(show_value)d).",
        },
    )
    show_entry = forms.BooleanField(
        label="Also let my peer read the whole entry (never my private notes)", required=False
    )
    peer_email = forms.EmailField(
        label="Your peer's email address (optional)",
        required=False,
        help_text="We email them the link. Leave it empty to copy the link and send it yourself.",
        error_messages={"invalid": "Enter an email address like name@example.org."},
    )

    def clean_summary(self):
        summary = _clean_text(self.cleaned_data["summary"])
        if not summary:
            raise forms.ValidationError("Write a short summary.", code="required")
        guard.refuse_identifiers(summary, "summary")
        return summary


class PeerConfirmForm(forms.Form):
    discussion_date = forms.DateField(
        label="Date of the discussion",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date of the discussion.",
            "invalid": "Enter a real date, like 14 March 2026.",
        },
    )
    discussion_kind = forms.ChoiceField(
        label="Kind of discussion",
        choices=PeerRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of discussion."},
    )
    peer_name = forms.CharField(
        label="Your name",
        max_length=150,
        error_messages={
            "required": "Enter your name.",
            "max_length": "Keep your name under %(limit_value)d characters.",
        },
    )
    peer_role = forms.ChoiceField(
        label="Your role",
        choices=PeerRequest.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your role."},
    )
    takeaway = forms.CharField(
        label="One thing you took away from the discussion",
        max_length=TAKEAWAY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A sentence or two. Please do not name or describe anyone you work with.",
        error_messages={
            "required": "Write one thing you took away from the discussion.",
            "max_length": "Keep it under %(limit_value)d characters (it has %(show_value)d).",
        },
    )

    def clean_discussion_date(self):
        day = self.cleaned_data["discussion_date"]
        if day > clock.today():
            raise forms.ValidationError("The discussion cannot be in the future.", code="future")
        if day < clock.today() - datetime.timedelta(days=3 * 366):
            raise forms.ValidationError(
                "That is more than three years ago. Check the year.", code="too_old"
            )
        return day

    def clean_peer_name(self):
        name = _clean_text(self.cleaned_data["peer_name"])
        if not name:
            raise forms.ValidationError("Enter your name.", code="required")
        return name

    def clean_takeaway(self):
        takeaway = _clean_text(self.cleaned_data["takeaway"])
        if not takeaway:
            raise forms.ValidationError(
                "Write one thing you took away from the discussion.", code="required"
            )
        guard.refuse_identifiers(takeaway, "takeaway")
        return takeaway

    def answer(self) -> PeerAnswer:
        return PeerAnswer(**self.cleaned_data)
