"""Reading request parameters so that crafted values get a 400 page, never a server error.

Views call these instead of int() or raw lookups: a value that is not what the page offers
(a year of 0 or "²", a revision of "0x1", an id too large for the database) is refused here,
the same on SQLite and PostgreSQL.
"""

from django import forms
from django.core.exceptions import BadRequest
from django.utils.http import url_has_allowed_host_and_scheme

BIGINT_MAX = 2**63 - 1  # the largest id either database stores


def whole_number(value: str | None, *, minimum: int, maximum: int, name: str) -> int | None:
    """The number in `value` (ASCII digits only), None when absent; 400 for anything else."""
    if value is None or value == "":
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 19):
        raise BadRequest(f"{name} must be a whole number.")
    number = int(value)
    if not minimum <= number <= maximum:
        raise BadRequest(f"{name} must be between {minimum} and {maximum}.")
    return number


def registration_year(value: str | None) -> int | None:
    """A registration year as in ?year=2026 (the year it ends), or None when absent."""
    return whole_number(value, minimum=2, maximum=9999, name="The year")


def revision(value: str | None) -> int:
    """The revision a form or autosave was based on; 0 when absent."""
    return whole_number(value, minimum=0, maximum=BIGINT_MAX, name="The revision") or 0


def back_path(request, default: str) -> str:
    """The page a form asks to go back to (its "next" field) if that is a path on this site,
    else `default`. A bare word such as "x" passes Django's host check but is neither a path
    nor a URL name, so only a path starting with "/" is taken."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def without_nul(values: list[str]) -> list[str]:
    """Text values that can reach the database (PostgreSQL refuses NUL characters)."""
    return [value for value in values if "\x00" not in value]


class IdChoicesMixin:
    """For ModelMultipleChoiceField: ids that are not whole numbers a database can hold are
    invalid choices (SQLite overflows on a 23-digit id instead of finding nothing)."""

    def clean(self, value):
        for pk in value or ():
            if isinstance(pk, str) and not (pk.isascii() and pk.isdigit() and len(pk) <= 19):
                invalid = True
            elif isinstance(pk, str | int):
                invalid = not 0 <= int(pk) <= BIGINT_MAX
            else:
                invalid = False  # a model instance, from code
            if invalid:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)
