"""Requests no page could answer are refused with the 400 page before any view runs."""

import codecs

from django.core.exceptions import BadRequest
from django.views.defaults import bad_request


class RefuseMalformedRequests:
    """NUL characters in the path or query string (PostgreSQL cannot store or compare them)
    and a body in a character set Python does not know (reading the form would fail)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self._problem(request)
        if problem:
            return bad_request(request, BadRequest(problem))
        return self.get_response(request)

    @staticmethod
    def _problem(request) -> str:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return "NUL character in the address."
        charset = request.content_params.get("charset") if request.content_params else None
        if charset:
            try:
                codecs.lookup(charset)
            except (LookupError, ValueError):
                return "Unknown character set."
        return ""
