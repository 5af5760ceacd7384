"""The last step of deleting an account."""

from django import forms


class AccountDeleteForm(forms.Form):
    """The last step of deleting an account. The view asks for the password first (allauth's
    reauthentication, which knows two-factor sign-in too), so this only asks to be sure."""

    confirm = forms.BooleanField(
        label="I understand my entries and everything in them will be deleted for good.",
        error_messages={"required": "Tick the box to confirm that your account should go."},
    )
