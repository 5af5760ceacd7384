from django import forms
from django.contrib.auth.forms import UserCreationForm

from journal.models import User

MONTHS = [
    (1, "January"), (2, "February"), (3, "March"), (4, "April"), (5, "May"), (6, "June"),
    (7, "July"), (8, "August"), (9, "September"), (10, "October"), (11, "November"),
    (12, "December"),
]  # fmt: skip


class SignUpForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("username", "email", "display_name")
        labels = {"display_name": "Your name", "email": "Email address"}
        help_texts = {"display_name": "How your name appears to supervisors and on exports."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account already uses this email address. Log in or reset your password.",
                code="duplicate_email",
            )
        return email


class ProfileForm(forms.ModelForm):
    renewal_month = forms.TypedChoiceField(
        choices=MONTHS, coerce=int, label="Renewal deadline month"
    )

    class Meta:
        model = User
        fields = (
            "display_name",
            "email",
            "registration_number",
            "role",
            "renewal_day",
            "renewal_month",
        )
        labels = {
            "display_name": "Your name",
            "registration_number": "Social Work England registration number (optional)",
            "renewal_day": "Renewal deadline day",
        }
        help_texts = {
            "registration_number": "“SW” followed by digits, e.g. SW123456. Shown on your exports.",
            "renewal_day": "Registration renewal closes on 30 November unless you were told otherwise.",
        }

    def clean_registration_number(self):
        return self.cleaned_data["registration_number"].strip().upper().replace(" ", "")

    def clean(self):
        cleaned = super().clean()
        day, month = cleaned.get("renewal_day"), cleaned.get("renewal_month")
        if day and month:
            import datetime

            try:
                datetime.date(2025, month, day)
            except ValueError:
                self.add_error(
                    "renewal_day",
                    forms.ValidationError(
                        "That day does not exist in that month.", code="invalid_date"
                    ),
                )
        return cleaned
