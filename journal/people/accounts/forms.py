"""Account forms: allauth's, with our words, our fields and phone-friendly inputs."""

import datetime

from allauth.account import forms as allauth_forms
from allauth.account.app_settings import EmailVerificationMethod
from allauth.core import context as allauth_context
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.contrib.auth.hashers import make_password

from journal.models import User
from journal.people.accounts import tries

MONTHS = [
    (1, "January"), (2, "February"), (3, "March"), (4, "April"), (5, "May"), (6, "June"),
    (7, "July"), (8, "August"), (9, "September"), (10, "October"), (11, "November"),
    (12, "December"),
]  # fmt: skip

# A phone must not capitalise or "correct" a username or an address as it is typed.
PLAIN_TYPING = {"autocapitalize": "none", "autocorrect": "off", "spellcheck": "false"}

REGISTRATION_HELP = "“SW” followed by digits, e.g. SW123456. Shown on your exports."


def plain_typing(field: forms.Field, **attrs) -> None:
    field.widget.attrs.update(PLAIN_TYPING)
    field.widget.attrs.pop("placeholder", None)  # labels say it; placeholders vanish
    field.widget.attrs.update(attrs)


def clean_registration_number(value: str) -> str:
    return value.strip().upper().replace(" ", "")


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email address"
        plain_typing(self.fields["login"], autocomplete="username")
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""  # the page links to the reset once, by the button

    def clean(self):
        cleaned = super().clean()
        login = getattr(self, "_login", None)
        if login is not None and self.user.joined_before_verification:
            # Accounts from before verification keep reaching their entries; they are asked
            # to confirm the address once signed in (receivers.ask_to_verify).
            login.email_verification = EmailVerificationMethod.OPTIONAL
        return cleaned


class SignupForm(allauth_forms.SignupForm):
    display_name = forms.CharField(
        label="Your name",
        max_length=150,
        required=False,
        help_text="How your name appears to supervisors and on exports.",
    )
    registration_number = forms.CharField(
        label="Social Work England registration number (optional)",
        max_length=12,
        required=False,
        help_text=REGISTRATION_HELP,
    )
    role = forms.ChoiceField(
        label="I am a", choices=User.Role.choices, initial=User.Role.SOCIAL_WORKER
    )

    field_order = ["email", "display_name", "role", "registration_number", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "We send a code to this address to confirm it is yours."
        plain_typing(self.fields["email"], autocomplete="email")
        plain_typing(self.fields["registration_number"])
        self.fields["password2"].label = "Password again"
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)

    def clean_registration_number(self):
        value = clean_registration_number(self.cleaned_data["registration_number"])
        if value:
            User._meta.get_field("registration_number").run_validators(value)
        return value

    def try_save(self, request):
        if self.account_already_exists:
            # A new account's password is hashed (Argon2: most of the answer's time); hash this
            # one too and throw it away, so a taken address answers as slowly as a free one.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)

    def save(self, request):
        user = super().save(request)
        user.display_name = self.cleaned_data["display_name"].strip()
        user.registration_number = self.cleaned_data["registration_number"]
        user.role = self.cleaned_data["role"]
        user.save(update_fields=["display_name", "registration_number", "role"])
        return user


class ConfirmEmailVerificationCodeForm(allauth_forms.ConfirmEmailVerificationCodeForm):
    """The code box, filled in when the person followed the link in the email."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code from the email"
        plain_typing(self.fields["code"], autocomplete="one-time-code", inputmode="text")
        request = allauth_context.request
        if not self.is_bound and request is not None:
            self.initial["code"] = request.GET.get("code", "")[:20]


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        plain_typing(self.fields["email"], autocomplete="email")


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "New email address"
        plain_typing(self.fields["email"], autocomplete="email")


class ChangeEmailForm(allauth_forms.ChangeEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        plain_typing(self.fields["email"], autocomplete="email")


class ProfileForm(forms.ModelForm):
    """Everything about a person except how they sign in (email: allauth's page, verified)."""

    # Bounded here, not only by the database: clean() builds a date from it.
    renewal_day = forms.IntegerField(
        min_value=1,
        max_value=31,
        label="Renewal deadline day",
        help_text="Registration renewal closes on 30 November unless you were told otherwise.",
    )
    renewal_month = forms.TypedChoiceField(
        choices=MONTHS, coerce=int, label="Renewal deadline month"
    )

    class Meta:
        model = User
        fields = ("display_name", "registration_number", "role", "renewal_day", "renewal_month")
        labels = {
            "display_name": "Your name",
            "registration_number": "Social Work England registration number (optional)",
        }
        help_texts = {
            "registration_number": REGISTRATION_HELP,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_typing(self.fields["registration_number"])

    def clean_registration_number(self):
        return clean_registration_number(self.cleaned_data["registration_number"])

    def clean(self):
        cleaned = super().clean()
        day, month = cleaned.get("renewal_day"), cleaned.get("renewal_month")
        if day and month:
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


def code_box(form: forms.Form, label: str) -> None:
    """A one-time code: digits on a phone's keypad, no capitals, no corrections."""
    form.fields["code"].label = label
    plain_typing(form.fields["code"], autocomplete="one-time-code", inputmode="numeric")


class CodesLimitedPerPerson:
    """Wrong two-factor codes counted per person, whatever address they come from.

    allauth counts codes under the "login_failed" limit, which is per address here, so a new
    address could go on guessing. The try is counted before the code is checked, so many
    tries sent at once cannot all slip under the limit, and handed back when the code is right
    (tries.py).
    """

    def clean_code(self):
        counted = tries.take(tries.two_factor_codes(), self.user.pk)
        if counted is None:
            raise forms.ValidationError(
                "Too many wrong codes have been typed for this account. Wait a few minutes, "
                "then try again.",
                code="too_many_codes",
            )
        code = super().clean_code()
        counted.give_back()
        return code


class MFAAuthenticateForm(CodesLimitedPerPerson, mfa_forms.AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code_box(self, "Code from your app, or a recovery code")


class MFAReauthenticateForm(CodesLimitedPerPerson, mfa_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code_box(self, "Code from your app, or a recovery code")


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code_box(self, "Six-digit code from the app")


class NoPlaceholders:
    """Labels say what goes in a box; a grey placeholder only looks like a filled-in value."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class ChangePasswordForm(NoPlaceholders, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(NoPlaceholders, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordKeyForm(NoPlaceholders, allauth_forms.ResetPasswordKeyForm):
    pass


class ReauthenticateForm(NoPlaceholders, allauth_forms.ReauthenticateForm):
    pass
