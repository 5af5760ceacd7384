from django import forms

from journal import clock
from journal.year.models import RenewalStep


class CopiedForm(forms.Form):
    """Tick (or untick) "copied to my Social Work England account", with the day it was done."""

    copied = forms.TypedChoiceField(choices=[("1", "Copied"), ("0", "Not copied")], coerce=int)
    copied_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_copied_on(self):
        day = self.cleaned_data.get("copied_on")
        if day and day > clock.today():
            raise forms.ValidationError(
                "The day you copied it cannot be after today.", code="copied_in_future"
            )
        return day


class RenewalStepForm(forms.Form):
    """Tick (or untick) one part of the year's renewal, with the day it was done."""

    part = forms.ChoiceField(choices=RenewalStep.Part.choices)
    done = forms.TypedChoiceField(choices=[("1", "Done"), ("0", "Not done")], coerce=int)
    done_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_done_on(self):
        day = self.cleaned_data.get("done_on")
        if day and day > clock.today():
            raise forms.ValidationError(
                "The day you did it cannot be after today.", code="done_in_future"
            )
        return day
