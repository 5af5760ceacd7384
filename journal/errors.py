"""The one error a workflow raises when its rules refuse a request."""

from django.core.exceptions import ValidationError


class ReviewError(Exception):
    """A request the rules refuse; the message is written for the person who asked."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code

    def as_validation_error(self) -> ValidationError:
        return ValidationError(self.message, code=self.code)
