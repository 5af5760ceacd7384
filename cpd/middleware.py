"""Requests no page could answer: refused with the 400 page before any view runs, or, for a
form's address opened on its own, answered with a page that says where to go."""

import codecs

from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.urls import Resolver404, resolve
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


class ExplainWrongMethod:
    """A form's address opened on its own (a reloaded or restored tab after sending it) gets
    Django's empty 405; a person gets a page saying nothing was sent, with a link to the page
    the form belongs to (one level up: /review/entries/7/comment/ belongs to /review/entries/7/).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.method not in ("GET", "HEAD"):
            return response
        page = render(request, "405.html", {"back": self._page_above(request.path)}, status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page

    @staticmethod
    def _page_above(path: str) -> str:
        parent = path.rstrip("/").rsplit("/", 1)[0] + "/"
        try:
            resolve(parent)
        except Resolver404:
            return "/"
        return parent
